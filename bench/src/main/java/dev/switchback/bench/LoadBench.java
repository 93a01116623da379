package dev.switchback.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The load benchmark: the server jar a user runs, on a fresh SQLite file (and on PostgreSQL when a URL is
 * given), driven by wrk from a separate process, beside a baseline endpoint on the same stack and JVM
 * settings. {@code LoadBench quick|full JAR OUTPUT_DIR [POSTGRES_URL]}.
 */
public final class LoadBench {
    /** JVM settings of every server under test, the baseline's included. */
    static final List<String> JVM = List.of("-XX:+UseSerialGC", "-Xms64m", "-Xmx256m", "-XX:MaxMetaspaceSize=128m", "-Xss512k");
    private static final int ATHLETES = 2000;
    /** Enough codes for this rate over a whole run; a run that outpaces it ends with "exhausted" errors, counted. */
    private static final int EXPECTED_EXCHANGES_PER_SECOND = 20_000;

    private final Wrk.Settings settings;
    private final Path jar;
    private final Path out;
    /** Databases and the token lists wrk reads: secrets, so kept out of the results folder. */
    private final Path work;
    private final List<Report.Row> rows = new ArrayList<>();

    private LoadBench(Wrk.Settings settings, Path jar, Path out) throws IOException {
        this.settings = settings;
        this.jar = jar;
        this.out = out;
        this.work = Files.createTempDirectory("switchback-bench");
    }

    public static void main(String[] args) throws Exception {
        boolean full = args.length > 0 && args[0].equals("full");
        Wrk.Settings settings = full ? new Wrk.Settings(2, 32, 5, 20, 3) : new Wrk.Settings(2, 32, 2, 5, 1);
        Path jar = Path.of(args[1]).toAbsolutePath();
        Path out = Path.of(args[2]).toAbsolutePath();
        Files.createDirectories(out);
        LoadBench bench = new LoadBench(settings, jar, out);
        bench.baseline();
        bench.server("sqlite", "");
        if (args.length > 3) {
            bench.server("postgresql", args[3]);
        }
        Report.write(out, settings, JVM, bench.rows, full ? "full" : "quick");
    }

    private void baseline() throws Exception {
        List<String> command = java("-cp", System.getProperty("java.class.path"), BaselineServer.class.getName(), "0");
        try (ServerProcess server = ServerProcess.start(command, out.resolve("baseline.log"))) {
            warm(server.url() + "/baseline", null, List.of());
            for (int run = 0; run < settings.repeats(); run++) {
                String name = "baseline-" + run;
                measure("baseline: GET /baseline", "a trivial JSON endpoint on the same stack and JVM settings", server,
                        () -> wrk(server.url() + "/baseline", null, List.of(), name));
            }
        }
    }

    private void server(String database, String databaseUrl) throws Exception {
        for (int run = 0; run < settings.repeats(); run++) {
            String url = database.equals("sqlite") ? work.resolve("bench-" + run + ".db").toString() : databaseUrl;
            if (!database.equals("sqlite")) {
                PostgresReset.reset(databaseUrl);
            }
            int codesPerAthlete = Math.max(2, EXPECTED_EXCHANGES_PER_SECOND * settings.durationSeconds() / ATHLETES);
            BenchData data = BenchData.create(url, ATHLETES, codesPerAthlete);
            Path tokens = write("tokens-" + run + ".txt", data.accessTokens);
            Path chains = write("chains-" + run + ".txt", data.refreshTokens.subList(1, data.refreshTokens.size()));
            Path codes = write("codes-" + run + ".txt", data.codes);
            List<String> command = java("-jar", jar.toString(), "serve", "--port", "0", "--no-demo", "--database-url", url,
                    "--set", "housekeeping.interval=0s");
            String id = database + "-" + run;
            try (ServerProcess server = ServerProcess.start(command, out.resolve("server-" + id + ".log"))) {
                Duration ready = firstToken(server, data);
                rows.add(new Report.Row(database + ": start to first token", "process start to the first successful token response",
                        new Wrk.Result(Double.NaN, ready.toNanos() / 1e6, Double.NaN, 1, 0, ""), Double.NaN, server.residentMiB()));
                List<String> chainArgs = List.of(chains.toString(), "" + settings.threads(), "" + data.clientId, data.clientSecret);
                List<String> codeArgs = List.of(codes.toString(), "" + settings.threads(), "" + data.clientId, data.clientSecret);
                warm(server.url(), script("bearer.lua"), List.of(tokens.toString()));
                measure(database + ": GET /api/v3/athlete", "bearer-guarded, " + ATHLETES + " distinct live tokens", server,
                        () -> wrk(server.url(), script("bearer.lua"), List.of(tokens.toString()), "bearer-" + id));
                measure(database + ": refresh_token grant", "independent chains, each using the token its last response gave",
                        server, () -> wrk(server.url(), script("refresh.lua"), chainArgs, "refresh-" + id));
                measure(database + ": authorization_code grant", "codes minted beforehand, each used once", server,
                        () -> wrk(server.url(), script("exchange.lua"), codeArgs, "exchange-" + id));
                measure(database + ": whole browser flow", "authorize, login (Argon2id), consent, token; 8 browsers", server,
                        () -> new FlowDriver(server.url(), data).run(8, settings.durationSeconds()));
            }
        }
    }

    /** One measured run: the load, the server's CPU (cores busy on average) and its resident memory after. */
    private void measure(String name, String what, ServerProcess server, Load load) throws Exception {
        double cpuBefore = server.cpuSeconds();
        long started = System.nanoTime();
        Wrk.Result result = load.run();
        double cores = (server.cpuSeconds() - cpuBefore) / ((System.nanoTime() - started) / 1e9);
        rows.add(new Report.Row(name, what, result, cores, server.residentMiB()));
    }

    private Wrk.Result wrk(String url, Path script, List<String> args, String name) throws IOException, InterruptedException {
        return Wrk.run(settings, settings.durationSeconds(), url, script, args, out.resolve("wrk-" + name + ".txt"));
    }

    private void warm(String url, Path script, List<String> args) throws IOException, InterruptedException {
        if (settings.warmupSeconds() > 0) {
            Wrk.run(settings, settings.warmupSeconds(), url, script, args, work.resolve("warmup.txt"));
        }
    }

    /** Polls a refresh with the first chain's token until the server answers 200: process start to first token. */
    private static Duration firstToken(ServerProcess server, BenchData data) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("client_id=" + data.clientId + "&client_secret=" + data.clientSecret
                        + "&grant_type=refresh_token&refresh_token=" + data.refreshTokens.get(0)))
                .build();
        while (true) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return ServerProcess.since(server.startedNanos);
            }
            if (ServerProcess.since(server.startedNanos).toSeconds() > 60) {
                throw new IllegalStateException("no token after 60 s: " + response.body());
            }
        }
    }

    private Path write(String name, List<String> lines) throws IOException {
        return Files.write(work.resolve(name), lines);
    }

    private static Path script(String name) {
        return Path.of(System.getProperty("bench.lua", "bench/lua")).resolve(name).toAbsolutePath();
    }

    private static List<String> java(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM);
        String extra = System.getenv("BENCH_SERVER_JVM_EXTRA");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of(args));
        return command;
    }

    private interface Load {
        Wrk.Result run() throws Exception;
    }
}
