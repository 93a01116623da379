package dev.switchback.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The load benchmark: the server jar a user runs, started by the {@code switchback} launcher a user runs
 * (system property {@code bench.launcher}), on a fresh SQLite file (and on PostgreSQL when a URL is given),
 * driven by wrk from a separate process, beside a baseline endpoint on the same stack and JVM settings.
 * {@code LoadBench quick|compare|full JAR OUTPUT_DIR [POSTGRES_URL]}.
 */
public final class LoadBench {
    /**
     * The {@code switchback} launcher's default JVM settings for {@code serve} (keep the two equal): Switchback
     * runs with the launcher's own defaults, and the baseline with these. The 160 MiB heap (and two malloc
     * arenas) brought resident memory after the token loads from about 208 to 176 MiB; see docs/performance.md.
     */
    static final List<String> JVM = List.of(
            "-XX:+UseSerialGC",
            "-Xms64m",
            "-Xmx160m",
            "-XX:MaxMetaspaceSize=128m",
            "-Xss512k",
            "-XX:CompileThresholdScaling=3",
            "-XX:Tier4InvocationThreshold=20000",
            "-XX:Tier4MinInvocationThreshold=2400",
            "-XX:Tier4CompileThreshold=60000",
            "-XX:Tier4BackEdgeThreshold=160000");
    /** glibc's malloc otherwise keeps an arena per busy thread; two is enough for SQLite's and the JVM's own allocations. */
    static final Map<String, String> ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

    private static final int ATHLETES = 2000;
    /** Enough codes for this rate over a whole run; a run that outpaces it ends with "exhausted" errors, counted. */
    private static final int EXPECTED_EXCHANGES_PER_SECOND = 20_000;
    /** The load at which latency is judged: this share of the peak the same run measured (issue 6: p99 at 70%). */
    private static final double SHARE_OF_PEAK = 0.7;

    private static final int RATE_WARMUP_SECONDS = 2;
    private static final double FLOOR_RATE = 3000;
    /** Starts measured for the start-up rows after the first, which has no class-data archive yet. */
    private static final int WARM_STARTS = 3;

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
        boolean compare = args.length > 0 && args[0].equals("compare");
        Wrk.Settings settings = full
                ? new Wrk.Settings(2, 32, 15, 20, 3)
                : compare ? new Wrk.Settings(2, 32, 10, 15, 1) : new Wrk.Settings(2, 32, 2, 5, 1);
        Path jar = Path.of(args[1]).toAbsolutePath();
        Path out = Path.of(args[2]).toAbsolutePath();
        Files.createDirectories(out);
        LoadBench bench = new LoadBench(settings, jar, out);
        bench.baseline();
        bench.startUp("sqlite", "");
        bench.server("sqlite", "");
        bench.ops("sqlite", "");
        if (args.length > 3) {
            bench.startUp("postgresql", args[3]);
            bench.server("postgresql", args[3]);
            bench.ops("postgresql", args[3]);
        }
        Report.write(out, settings, jvmOptions(), ENVIRONMENT, bench.rows, args[0]);
        bench.deleteWork();
    }

    private void baseline() throws Exception {
        List<String> command = new ArrayList<>(
                java("-cp", System.getProperty("java.class.path"), BaselineServer.class.getName(), "0"));
        // What the launcher adds to every server's JVM as root (see the switchback script), so both stacks have it.
        if (System.getProperty("os.name").equals("Linux")
                && System.getProperty("user.name").equals("root")) {
            command.add(1, "-XX:ThreadPriorityPolicy=1");
        }
        try (ServerProcess server = ServerProcess.start(command, out.resolve("baseline.log"))) {
            warm(server.url() + "/baseline", null, List.of());
            for (int run = 0; run < settings.repeats(); run++) {
                String name = "baseline-" + run;
                Wrk.Result peak = measure(
                        Report.BASELINE,
                        "a trivial JSON endpoint on the same stack and JVM settings",
                        server,
                        () -> wrk(server.url() + "/baseline", null, List.of(), name));
                // The driver's own floor: the trivial endpoint at a rate like the grants' (the driver spends a
                // thread wake-up per request, so 70% of this peak would measure the driver, not the server).
                atRate(Report.BASELINE + Report.AT_FIXED_RATE, FLOOR_RATE, server, Sources.get("/baseline"), name);
            }
        }
    }

    private void server(String database, String databaseUrl) throws Exception {
        if (List.of("bearer", "refresh", "exchange", "flow").stream().noneMatch(LoadBench::selected)) {
            return;
        }
        for (int run = 0; run < settings.repeats(); run++) {
            String url = database.equals("sqlite")
                    ? work.resolve("bench-" + run + ".db").toString()
                    : databaseUrl;
            if (!database.equals("sqlite")) {
                PostgresReset.reset(databaseUrl);
            }
            // Codes and chains are used up: half for the peak (wrk), half for the run at a share of it.
            int codesPerAthlete =
                    Math.max(4, 2 * EXPECTED_EXCHANGES_PER_SECOND * settings.durationSeconds() / ATHLETES);
            BenchData data = BenchData.create(url, ATHLETES, codesPerAthlete);
            Path tokens = write("tokens-" + run + ".txt", data.accessTokens);
            int half = data.refreshTokens.size() / 2;
            Path chains = write("chains-" + run + ".txt", data.refreshTokens.subList(1, half));
            Path rateChains =
                    write("rate-chains-" + run + ".txt", data.refreshTokens.subList(half, data.refreshTokens.size()));
            Path codes = write("codes-" + run + ".txt", data.codes.subList(0, data.codes.size() / 2));
            Path rateCodes =
                    write("rate-codes-" + run + ".txt", data.codes.subList(data.codes.size() / 2, data.codes.size()));
            String id = database + "-" + run;
            try (ServerProcess server = serve(url, "server-" + id)) {
                firstToken(server, data);
                List<String> chainArgs =
                        List.of(chains.toString(), "" + settings.threads(), "" + data.clientId, data.clientSecret);
                List<String> codeArgs =
                        List.of(codes.toString(), "" + settings.threads(), "" + data.clientId, data.clientSecret);
                // Every server is warmed before its first scenario, whichever are selected: bearer checks, the
                // only requests that can be repeated (a grant's codes and chains are used up).
                warm(server.url(), script("bearer.lua"), List.of(tokens.toString()));
                if (selected("bearer")) {
                    String name = database + ": GET /api/v3/athlete";
                    Wrk.Result peak = measure(
                            name,
                            "bearer-guarded, " + ATHLETES + " distinct live tokens",
                            server,
                            () -> wrk(server.url(), script("bearer.lua"), List.of(tokens.toString()), "bearer-" + id));
                    atShareOfPeak(name, server, peak, Sources.bearer(tokens), "bearer-" + id);
                }
                if (selected("refresh")) {
                    String name = database + ": refresh_token grant";
                    Wrk.Result peak = measure(
                            name,
                            "independent chains, each using the token its last response gave",
                            server,
                            () -> wrk(server.url(), script("refresh.lua"), chainArgs, "refresh-" + id));
                    atShareOfPeak(
                            name,
                            server,
                            peak,
                            Sources.refresh(rateChains, data.clientId, data.clientSecret),
                            "refresh-" + id);
                }
                if (selected("exchange")) {
                    String name = database + ": authorization_code grant";
                    Wrk.Result peak = measure(
                            name,
                            "codes minted beforehand, each used once",
                            server,
                            () -> wrk(server.url(), script("exchange.lua"), codeArgs, "exchange-" + id));
                    atShareOfPeak(
                            name,
                            server,
                            peak,
                            Sources.exchange(rateCodes, data.clientId, data.clientSecret),
                            "exchange-" + id);
                }
                if (selected("flow")) {
                    measure(
                            database + ": whole browser flow",
                            "authorize, login (Argon2id), consent, token; 8 browsers",
                            server,
                            () -> new FlowDriver(server.url(), data).run(8, settings.durationSeconds()));
                }
            }
        }
    }

    /**
     * The ops scenario's warm-up on each path, in turns of one of the mode's warm-ups (24 turns of 15 s a server in
     * full mode, 6 minutes of load each): it compares steady states, what a server that runs for months pays. With
     * the launcher's CompileThresholdScaling=3 and wrk on the same two cores, a server's bearer peak was still rising
     * 3 minutes into the load (two servers side by side, each warmed for 150 s: 10,400, 13,200, 16,500/s in the
     * first three rounds, then about 17,000/s); the ops-on server has the access line and the meters to compile as
     * well, so measured earlier it paid for its warm-up. The servers take turns, the order swapped every turn, as in
     * the rounds. Until Dec 5 each was warmed in one piece, the first then idle through the second's warm-up, and
     * two control runs (both servers with ops off) put the first server 2.4% and 3.8% ahead at the bearer peak and
     * 7.7% and 5.3% behind at the refresh peak (docs/performance.md#bench-ops). Taking turns did not remove that
     * bias (see {@link #opsOffFirst}). There were 12 turns through Dec 5's run 102003Z. In a script of that day
     * (one pair of JVMs, 15-s turns, not the bench), the ops-on server, with some 900 more compiled methods (the
     * meters, the scrape, Logback, the health checks), was 12% and 10% behind the ops-off one in its first and
     * second minute of load, 3% and 5% in the third and fourth (12 turns put the rounds in the fourth), and level
     * and 5% ahead in the fifth and sixth, under a profiler. The first 24-turn run still gave 6.5% at the bearer
     * peak, against 8.5% with 12 (docs/performance.md#bench-ops).
     */
    static final int OPS_WARMUP = 24;

    /** The ops scenario's two servers: everything an operator watches a server with, and none of it. */
    private enum Ops {
        ON(Report.OPS_ON, "access log at INFO, Prometheus metrics scraped every 15 s, /health/ready once a second"),
        OFF(Report.OPS_OFF, "log.level=warn (no access log), no management port (no-op meters), no probe"),
        /** In place of ON when BENCH_OPS_CONTROL=true: a second server with ops off, the bench's own spread. */
        CONTROL(
                Report.OPS_CONTROL,
                "ops off as the other server (BENCH_OPS_CONTROL): the spread between two identical servers");

        final String suffix;
        final String what;

        Ops(String suffix, String what) {
            this.suffix = suffix;
            this.what = what;
        }
    }

    /**
     * The ops scenario: the bearer and refresh peaks on two servers alive side by side, one with the access log
     * ({@code log.level=info}, the default), Prometheus metrics ({@code management.port} set, scraped every 15 s)
     * and a readiness probe once a second, the other with none of them ({@code log.level=warn}, no management
     * port, no probe). Both are warmed in turns, then short peaks take turns, one server then the other, the order
     * swapped every turn and every round, so the machine's drift (30% within a minute here) falls on both alike;
     * the report quotes both and the median of each round's ratio (issue 17: together at most 5% of the peaks). Run
     * one server after the other, the same code gave costs from -0.2% to 24% (docs/performance.md#bench-ops). With
     * BENCH_OPS_CONTROL=true the server in the ops-on server's place has ops off too: a control run, whose "spread" is the bench's own
     * difference between two identical servers. With BENCH_OPS_PARTS the ops-on server has only some parts on;
     * with BENCH_OPS_FIRST=off it takes the second place (see {@link #opsOffFirst}).
     */
    private void ops(String database, String databaseUrl) throws Exception {
        if (!selected("ops")) {
            return;
        }
        int rounds = opsRounds();
        boolean control = "true".equals(System.getenv("BENCH_OPS_CONTROL"));
        Set<String> parts = opsParts();
        if (control && System.getenv("BENCH_OPS_PARTS") != null) {
            throw new IllegalArgumentException("BENCH_OPS_PARTS and BENCH_OPS_CONTROL: a control run has no parts on");
        }
        if (control) {
            parts = Set.of();
        }
        boolean offFirst = opsOffFirst();
        Ops onOps = control ? Ops.CONTROL : Ops.ON;
        // Made, started and given their first token in the order of their places, the first place's server first.
        OpsServer first = OpsServer.prepare(this, database, databaseUrl, offFirst ? Ops.OFF : onOps, rounds);
        OpsServer second = OpsServer.prepare(this, database, databaseUrl, offFirst ? onOps : Ops.OFF, rounds);
        OpsServer on = offFirst ? second : first;
        int managementPort = freePort();
        List<String> onSettings = new ArrayList<>();
        onSettings.add(parts.contains("log") ? "log.level=info" : "log.level=warn");
        if (parts.contains("metrics")) {
            onSettings.add("management.port=" + managementPort);
        }
        try (ServerProcess firstServer =
                        serve(first.url, "server-" + first.id, first == on ? onSettings : List.of("log.level=warn"));
                ServerProcess secondServer = serve(
                        second.url, "server-" + second.id, second == on ? onSettings : List.of("log.level=warn"));
                OpsProbe probe = parts.contains("probe") || parts.contains("metrics")
                        ? OpsProbe.start(
                                parts.contains("probe") ? (offFirst ? secondServer : firstServer).url() : null,
                                parts.contains("metrics") ? "http://127.0.0.1:" + managementPort : null)
                        : null) {
            firstToken(firstServer, first.data);
            firstToken(secondServer, second.data);
            String onWhat = (control || parts.equals(OPS_PARTS)
                            ? on.ops.what
                            : Report.PARTS + String.join(",", new TreeSet<>(parts))
                                    + ": only those on (of log, metrics, probe)")
                    + (offFirst ? Report.SECOND_PLACE : "");
            List<OpsPeak> peaks = List.of(
                    new OpsPeak(first, firstServer, first == on ? onWhat : first.ops.what),
                    new OpsPeak(second, secondServer, second == on ? onWhat : second.ops.what));
            // Each path warmed before its rounds: the access line, the timers and the grant counters are code the
            // JIT compiles too, and measured cold they would bill their compilation to ops on. The warm-ups take
            // turns as the rounds do (see OPS_WARMUP). The refreshes come after the bearer rounds: a grant keeps
            // oauth.access-token-slots (5) access tokens, and a chain's fourth refresh overwrote the one BenchData
            // gave the bearer peak (half its requests were 401s).
            for (int turn = 0; turn < OPS_WARMUP; turn++) {
                for (OpsPeak peak : inTurn(peaks, turn)) {
                    warm(peak.server.url(), script("bearer.lua"), List.of(peak.ops.tokens.toString()));
                }
            }
            for (int round = 0; round < rounds; round++) {
                for (OpsPeak peak : inTurn(peaks, round)) {
                    peak.bearer(database, round);
                }
            }
            for (int turn = 0; turn < OPS_WARMUP; turn++) {
                for (OpsPeak peak : inTurn(peaks, turn)) {
                    warm(peak.server.url(), script("refresh.lua"), peak.ops.warmChainArgs(turn, settings.threads()));
                }
            }
            for (int round = 0; round < rounds; round++) {
                for (OpsPeak peak : inTurn(peaks, round)) {
                    peak.refresh(database, round);
                }
            }
            if (probe == null) {
                return;
            }
            Files.writeString(out.resolve("probe-" + on.id + ".txt"), probe.summary() + "\n");
            if (probe.failed()) {
                System.out.println("warning: " + on.id + ": " + probe.summary());
            }
        }
    }

    /**
     * BENCH_OPS_FIRST, {@code on} (when unset) or {@code off}: which server takes the first place, made, started and
     * given its first token first, and first in the even turns and rounds. In five control runs the first place was
     * behind at the refresh peak (2.2-7.7%, one of them with the labels swapped; docs/performance.md#bench-ops), for
     * a cause not found; the mean of a pair of runs, one with each, cancels the place's bias if it is the same size
     * both ways.
     */
    private static boolean opsOffFirst() {
        String first = System.getenv("BENCH_OPS_FIRST");
        if (first == null || first.isBlank() || first.strip().equals("on")) {
            return false;
        }
        if (first.strip().equals("off")) {
            return true;
        }
        throw new IllegalArgumentException("BENCH_OPS_FIRST: " + first.strip() + " is neither on nor off");
    }

    /** What the ops-on server is watched with: the access log, the meters (scraped) and the readiness probe. */
    private static final Set<String> OPS_PARTS = Set.of("log", "metrics", "probe");

    /**
     * BENCH_OPS_PARTS, a comma list of log, metrics and probe (all when unset): which of them the ops-on server has
     * on, to tell what each costs. Its rows keep their names; their description and the report's text say which
     * parts were on.
     */
    private static Set<String> opsParts() {
        String list = System.getenv("BENCH_OPS_PARTS");
        if (list == null || list.isBlank()) {
            return OPS_PARTS;
        }
        Set<String> parts = new TreeSet<>();
        for (String part : list.split(",")) {
            if (!OPS_PARTS.contains(part.strip())) {
                throw new IllegalArgumentException(
                        "BENCH_OPS_PARTS: " + part.strip() + " is none of log, metrics, probe");
            }
            parts.add(part.strip());
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("BENCH_OPS_PARTS: name at least one of log, metrics, probe");
        }
        return parts;
    }

    /**
     * Rounds of the ops scenario: sixteen in full mode, eight in compare mode, two in quick mode. Short peaks in
     * many rounds: two identical servers (both ops off) run in turn for 10 s each differed by up to 12% in a
     * round, the machine's speed and the JITs' drifting between one peak and the next.
     */
    private int opsRounds() {
        return settings.repeats() > 1 ? 16 : settings.durationSeconds() >= 10 ? 8 : 2;
    }

    /** Each of the ops scenario's peaks: 4 s in full mode (some 45,000 bearer requests at 11,000/s), 3 s otherwise. */
    private int opsPeakSeconds() {
        return settings.repeats() > 1 ? 4 : 3;
    }

    /** The two servers, in this round's order: the order swaps every round, so neither always goes first. */
    private static <T> List<T> inTurn(List<T> two, int round) {
        return round % 2 == 0 ? two : List.of(two.get(1), two.get(0));
    }

    /**
     * One server's data for the ops scenario: its own database (a SQLite file, or a PostgreSQL database of its own
     * beside the given one), its tokens for the bearer peaks, and its refresh chains cut into a set for each warm-up
     * turn and one for each round (a chain's token is spent once its refresh answers).
     */
    private record OpsServer(Ops ops, String id, String url, BenchData data, Path tokens, List<Path> chains) {
        static OpsServer prepare(LoadBench bench, String database, String databaseUrl, Ops ops, int rounds)
                throws Exception {
            String id = database + "-ops-" + ops.name().toLowerCase(Locale.ROOT);
            String url;
            if (database.equals("sqlite")) {
                url = bench.work.resolve(id + ".db").toString();
            } else {
                url = ops == Ops.OFF ? besideDatabase(databaseUrl, "_ops_off") : databaseUrl;
                PostgresReset.reset(url);
            }
            BenchData data = BenchData.create(url, ATHLETES, 0);
            Path tokens = bench.write("tokens-" + id + ".txt", data.accessTokens);
            // The first chain is firstToken's; the rest in a set for each warm-up turn (a wrk run that ends loses
            // the tokens its chains were given last) and one for each round.
            List<String> all = data.refreshTokens.subList(1, data.refreshTokens.size());
            int sets = OPS_WARMUP + rounds;
            int each = all.size() / sets;
            if (each < bench.settings.connections()) {
                throw new IllegalStateException("ops scenario: " + each + " refresh chains a set, fewer than wrk's "
                        + bench.settings.connections() + " connections (more athletes, or fewer turns and rounds)");
            }
            List<Path> chains = new ArrayList<>();
            for (int set = 0; set < sets; set++) {
                chains.add(bench.write("chains-" + id + "-" + set + ".txt", all.subList(set * each, (set + 1) * each)));
            }
            return new OpsServer(ops, id, url, data, tokens, chains);
        }

        /** refresh.lua's arguments for warm-up turn {@code turn}'s chains (set {@code turn}). */
        List<String> warmChainArgs(int turn, int threads) {
            return chainArgs(chains.get(turn), threads);
        }

        /** refresh.lua's arguments for round {@code round}'s chains (the sets after the warm-up's). */
        List<String> roundChainArgs(int round, int threads) {
            return chainArgs(chains.get(OPS_WARMUP + round), threads);
        }

        private List<String> chainArgs(Path set, int threads) {
            return List.of(set.toString(), "" + threads, "" + data.clientId, data.clientSecret);
        }
    }

    /** A server of the ops scenario, started, and its peaks. */
    private final class OpsPeak {
        final OpsServer ops;
        final ServerProcess server;
        final String what;

        OpsPeak(OpsServer ops, ServerProcess server, String what) {
            this.ops = ops;
            this.server = server;
            this.what = what;
        }

        void bearer(String database, int round) throws Exception {
            measure(
                    database + ": GET /api/v3/athlete" + ops.ops.suffix,
                    "bearer peak, " + opsPeakSeconds() + " s in turn with the other server; " + what,
                    server,
                    () -> Wrk.run(
                            settings,
                            opsPeakSeconds(),
                            server.url(),
                            script("bearer.lua"),
                            List.of(ops.tokens.toString()),
                            out.resolve("wrk-bearer-" + ops.id + "-" + round + ".txt")));
        }

        void refresh(String database, int round) throws Exception {
            measure(
                    database + ": refresh_token grant" + ops.ops.suffix,
                    "refresh peak, " + opsPeakSeconds() + " s in turn with the other server; " + what,
                    server,
                    () -> Wrk.run(
                            settings,
                            opsPeakSeconds(),
                            server.url(),
                            script("refresh.lua"),
                            ops.roundChainArgs(round, settings.threads()),
                            out.resolve("wrk-refresh-" + ops.id + "-" + round + ".txt")));
        }
    }

    /**
     * The URL of a PostgreSQL database beside this one: its name (as {@link PostgresReset} accepts it) with
     * {@code suffix} added. Refused when no such name is found: the two servers would share, and reset, one
     * database.
     */
    static String besideDatabase(String url, String suffix) {
        String beside = url.strip().replaceFirst("/([a-z_][a-z0-9_]*)(\\?[^#]*)?$", "/$1" + suffix + "$2");
        if (beside.equals(url.strip())) {
            throw new IllegalArgumentException(
                    "no database name to put a second one beside in " + url.replaceAll(":[^:@/]*@", ":***@"));
        }
        return beside;
    }

    /** A port free now, for the management server (which prints none when given 0). */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Scenario 5, start-up: process start to the first successful token response, and resident memory then. The
     * first start is the first after the build ({@code bench/run.sh} builds first), from the class-data archive the
     * build made (the launcher's {@code archive}); the next starts are any later start; the last one runs without an
     * archive ({@code SWITCHBACK_CDS=off}), for what the archive is worth.
     */
    private void startUp(String database, String databaseUrl) throws Exception {
        if (!selected("startup")) {
            return;
        }
        // The bench's side of a start, warmed first: making a start's data (a password hashed, a database
        // migrated in this JVM) leaves this JVM's compilers busy for a while on a 2-core machine, and the first
        // HTTP request of a JVM loads its client. Measured cold, the first start's row took 0.6 s more than the
        // others with the same archive (Dec 2026).
        for (int warm = 0; warm < 2; warm++) {
            BenchData.create(
                    work.resolve("warm-" + database + "-" + warm + ".db").toString(), 1, 1);
        }
        warmClient();
        List<String> archives = archives();
        if (archives.stream().noneMatch(name -> name.endsWith(".jsa"))) {
            throw new IllegalStateException("no class-data archive beside " + jar
                    + ": the build makes one (./switchback archive); the start-up rows would not say what they say");
        }
        for (int start = 0; start <= WARM_STARTS + 1; start++) {
            boolean archive = start <= WARM_STARTS;
            String url = database.equals("sqlite")
                    ? work.resolve("start-" + start + ".db").toString()
                    : databaseUrl;
            if (!database.equals("sqlite")) {
                PostgresReset.reset(databaseUrl);
            }
            BenchData data = BenchData.create(url, 1, 1);
            String name = database + ": start to first token"
                    + (start == 0 ? ", first start after the build (its archive)" : "")
                    + (archive ? "" : ", no class-data archive (SWITCHBACK_CDS=off)");
            Map<String, String> environment = archive ? Map.of() : Map.of("SWITCHBACK_CDS", "off");
            try (ServerProcess server = serve(url, "start-" + database + "-" + start, List.of(), environment)) {
                Duration ready = firstToken(server, data);
                rows.add(new Report.Row(
                        name,
                        "process start to the first successful token response, via the launcher",
                        new Wrk.Result(Double.NaN, ready.toNanos() / 1e6, Double.NaN, 1, 0, ""),
                        Double.NaN,
                        server.residentMiB()));
            }
            if (archive && !archives().equals(archives)) {
                // A start that found no archive of its own (another java binary, say) writes one as it exits.
                throw new IllegalStateException("start " + start + " did not start from the build's archive: "
                        + archives + " became " + archives());
            }
        }
    }

    /** {@code switchback serve} on this database through the launcher, with the launcher's JVM defaults. */
    private ServerProcess serve(String databaseUrl, String log) throws IOException {
        return serve(databaseUrl, log, List.of());
    }

    /** The same, with these {@code key=value} settings too. */
    private ServerProcess serve(String databaseUrl, String log, List<String> set) throws IOException {
        return serve(databaseUrl, log, set, Map.of());
    }

    /** The same, with these variables added to the launcher's environment. */
    private ServerProcess serve(String databaseUrl, String log, List<String> set, Map<String, String> variables)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                launcher().toString(),
                "serve",
                "--port",
                "0",
                "--no-demo",
                "--database-url",
                databaseUrl,
                "--set",
                "housekeeping.interval=0s"));
        for (String setting : set) {
            command.addAll(List.of("--set", setting));
        }
        Path javaBin = Path.of(System.getProperty("java.home"), "bin");
        Map<String, String> environment = new java.util.HashMap<>(Map.of(
                "SWITCHBACK_JAR",
                jar.toString(),
                "PATH",
                javaBin + File.pathSeparator + System.getenv().getOrDefault("PATH", "")));
        // The launcher's own JVM defaults, as a user gets them; SWITCHBACK_JAVA_OPTS (which replaces them) only
        // when BENCH_SERVER_JVM_EXTRA asks for more.
        if (!extraJvmOptions().isEmpty()) {
            environment.put("SWITCHBACK_JAVA_OPTS", String.join(" ", jvmOptions()));
        }
        environment.putAll(variables);
        return ServerProcess.start(command, environment, out.resolve(log + ".log"));
    }

    /**
     * The files of this jar in the launcher's cds/ folder beside it (the real file's, when the path is a symbolic
     * link): its archive, the native library's folder (see the {@code switchback} script).
     */
    private List<String> archives() throws IOException {
        Path folder = jar.toRealPath().getParent().resolve("cds");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        String prefix = jar.toRealPath().getFileName().toString().replaceFirst("\\.jar$", "") + "-serve-";
        try (var files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith(prefix))
                    .sorted()
                    .toList();
        }
    }

    private static Path launcher() {
        return Path.of(System.getProperty("bench.launcher", "switchback")).toAbsolutePath();
    }

    /**
     * Whether BENCH_SCENARIOS (a comma list of startup, bearer, refresh, exchange, flow, ops; all when unset)
     * names this one.
     */
    private static boolean selected(String scenario) {
        String list = System.getenv("BENCH_SCENARIOS");
        return list == null || list.isBlank() || List.of(list.split(",")).contains(scenario);
    }

    /**
     * One measured run: the load, the server's CPU (cores busy on average, and the CPU seconds of each kind of
     * thread) and its resident memory after.
     */
    private Wrk.Result measure(String name, String what, ServerProcess server, Load load) throws Exception {
        Map<Long, ServerProcess.ThreadTicks> threadsBefore = server.threadTicks();
        double cpuBefore = server.cpuSeconds();
        long started = System.nanoTime();
        Wrk.Result result = load.run();
        double cpu = server.cpuSeconds() - cpuBefore;
        double cores = cpu / ((System.nanoTime() - started) / 1e9);
        Map<ServerProcess.ThreadKind, Double> threads =
                ServerProcess.cpuByKind(threadsBefore, server.threadTicks(), cpu);
        if (result.errors() > 0) {
            System.out.printf(
                    Locale.ROOT,
                    "warning: %s: %d of %d requests failed (a status other than 2xx or 3xx, or a socket error):"
                            + " the figure is not that of the requests it names%n",
                    name,
                    result.errors(),
                    result.requests());
        }
        rows.add(new Report.Row(name, what, result, cores, server.residentMiB(), threads));
        return result;
    }

    /**
     * The same requests at a constant {@link #SHARE_OF_PEAK} of the peak just measured, open-loop
     * ({@link RateDriver}), so the latency is what a client sees at a load the server can carry, queueing
     * included: the p99 the issue's target is about.
     */
    private void atShareOfPeak(String name, ServerProcess server, Wrk.Result peak, Source.Factory sources, String id)
            throws Exception {
        atRate(name + Report.AT_SHARE_OF_PEAK, peak.requestsPerSecond() * SHARE_OF_PEAK, server, sources, id);
    }

    private void atRate(String name, double rate, ServerProcess server, Source.Factory sources, String id)
            throws Exception {
        if (!(rate >= 1)) {
            return;
        }
        String what = String.format(
                Locale.ROOT, "constant %.0f requests/s, open-loop, latency from the scheduled send", rate);
        measure(
                name,
                what,
                server,
                () -> RateDriver.run(
                        URI.create(server.url()),
                        sources,
                        settings.connections(),
                        rate,
                        RATE_WARMUP_SECONDS,
                        settings.durationSeconds(),
                        out.resolve("rate-" + id + ".txt")));
    }

    private Wrk.Result wrk(String url, Path script, List<String> args, String name)
            throws IOException, InterruptedException {
        return Wrk.run(settings, settings.durationSeconds(), url, script, args, out.resolve("wrk-" + name + ".txt"));
    }

    private void warm(String url, Path script, List<String> args) throws IOException, InterruptedException {
        warm(url, script, args, settings.warmupSeconds());
    }

    private void warm(String url, Path script, List<String> args, int seconds)
            throws IOException, InterruptedException {
        if (seconds > 0) {
            Wrk.run(settings, seconds, url, script, args, work.resolve("warmup.txt"));
        }
    }

    /**
     * The bench's own HTTP client, used once against a server in this JVM: its first request in a JVM loads and
     * links the JDK's HTTP client (about half a second here), which the first start's row counted until Dec 2026.
     */
    private static void warmClient() throws Exception {
        HttpServer local = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        local.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        local.start();
        try {
            HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                            + local.getAddress().getPort() + "/"))
                                    .header("Content-Type", "application/x-www-form-urlencoded")
                                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
        } finally {
            local.stop(0);
        }
    }

    /** Polls a refresh with the first chain's token until the server answers 200: process start to first token. */
    private static Duration firstToken(ServerProcess server, BenchData data) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("client_id=" + data.clientId + "&client_secret="
                        + data.clientSecret + "&grant_type=refresh_token&refresh_token=" + data.refreshTokens.get(0)))
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

    /** The databases and token lists of the run: hundreds of MiB, and secrets. */
    private void deleteWork() throws IOException {
        try (var paths = Files.walk(work)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private Path write(String name, List<String> lines) throws IOException {
        return Files.write(work.resolve(name), lines);
    }

    private static Path script(String name) {
        return Path.of(System.getProperty("bench.lua", "bench/lua"))
                .resolve(name)
                .toAbsolutePath();
    }

    private static List<String> java(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions());
        command.addAll(List.of(args));
        return command;
    }

    /** {@link #JVM} and BENCH_SERVER_JVM_EXTRA. */
    private static List<String> jvmOptions() {
        List<String> options = new ArrayList<>(JVM);
        options.addAll(extraJvmOptions());
        return options;
    }

    private static List<String> extraJvmOptions() {
        String extra = System.getenv("BENCH_SERVER_JVM_EXTRA");
        return extra == null || extra.isBlank()
                ? List.of()
                : List.of(extra.trim().split("\\s+"));
    }

    private interface Load {
        Wrk.Result run() throws Exception;
    }
}
