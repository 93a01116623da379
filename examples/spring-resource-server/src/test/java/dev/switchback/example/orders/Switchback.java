package dev.switchback.example.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real Switchback, from the jar the root build makes, in its own process: {@code serve --emulator} on a free
 * loopback port over a SQLite file of its own, with the Orders API registered as a resource server by the CLI.
 */
final class Switchback implements AutoCloseable {
    /** Set by the example's pom to the root build's jar; {@code -Dswitchback.jar=FILE} points elsewhere. */
    static final Path JAR = Path.of(System.getProperty("switchback.jar", "../../switchback-cli/target/switchback.jar"));

    private static final Pattern LISTENING = Pattern.compile("listening on (http://[^ ]+)");
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final String url;
    private final JsonNode resourceServer;
    private final HttpClient http = HttpClient.newHttpClient();

    private Switchback(Process process, String url, JsonNode resourceServer) {
        this.process = process;
        this.url = url;
        this.resourceServer = resourceServer;
    }

    /** Registers the Orders API as a resource server, then serves the emulator over {@code seed}. */
    static Switchback start(Path dir, Path seed) throws IOException, InterruptedException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("no Switchback jar at " + JAR.toAbsolutePath()
                    + "; build it in the repository's root with: mvn -B -DskipTests package -pl switchback-cli -am");
        }
        String database = dir.resolve("sb.db").toString();
        JsonNode resourceServer = JSON.readTree(
                run(dir, "resource-servers", "create", "--name", "Orders API", "--json", "--database-url", database));
        Path log = dir.resolve("switchback.log");
        Process process = java(
                        "serve",
                        "--emulator",
                        "--seed",
                        seed.toString(),
                        "--port",
                        "0",
                        "--no-demo",
                        "--database-url",
                        database)
                .redirectOutput(log.toFile())
                .start();
        return new Switchback(process, awaitListening(process, log), resourceServer);
    }

    String introspectionUri() {
        return url + "/oauth/introspect";
    }

    String resourceServerId() {
        return resourceServer.get("client_id").asText();
    }

    String resourceServerSecret() {
        return resourceServer.get("client_secret").asText();
    }

    /** An access token for the athlete and app, issued by the emulator as a consent and code exchange would. */
    String accessToken(String athlete, int clientId, String scope) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("athlete", athlete, "client_id", clientId, "scope", scope));
        return JSON.readTree(post("/_switchback/tokens", "application/json", body))
                .get("access_token")
                .asText();
    }

    /** Strava's deauthorize: the athlete disconnects the app, and every token of the grant is revoked. */
    void deauthorize(String accessToken) throws IOException, InterruptedException {
        post("/oauth/deauthorize", "application/x-www-form-urlencoded", "access_token=" + accessToken);
    }

    private String post(String path, String contentType, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url + path))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Waits for {@code Switchback listening on http://127.0.0.1:PORT ...} in the server's output. */
    private static String awaitListening(Process process, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            Matcher listening = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (listening.find()) {
                return listening.group(1);
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException("Switchback did not start; its output:\n" + Files.readString(log));
    }

    /** Runs one CLI command to its end and returns what it printed; a failure throws with its output. */
    private static String run(Path dir, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "cli", ".out");
        Process cli = java(args).redirectOutput(out.toFile()).start();
        if (!cli.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            cli.destroyForcibly();
            throw new IllegalStateException("switchback " + String.join(" ", args) + " did not finish");
        }
        String printed = Files.readString(out);
        if (cli.exitValue() != 0) {
            throw new IllegalStateException(
                    "switchback " + String.join(" ", args) + " exited " + cli.exitValue() + ":\n" + printed);
        }
        return printed;
    }

    private static ProcessBuilder java(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }
}
