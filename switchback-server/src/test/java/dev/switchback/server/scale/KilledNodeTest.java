package dev.switchback.server.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppService;
import dev.switchback.athlete.Athlete;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.NodeMain;
import dev.switchback.server.testing.TestServer;
import dev.switchback.store.testing.TestDatabase;
import dev.switchback.testing.ScaleTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A node killed with SIGKILL in the middle of refreshes, on SQLite and PostgreSQL, with the default settings
 * (contract#refresh-retry-window, contract#storage). Its clients' requests in flight get no answer at all,
 * though some of their rotations committed: the same unknown outcome as a COMMIT whose answer the database
 * connection lost, the one way SQLite, whose commit is a call within the node, can have it. Every client
 * retries with the token it last had acknowledged; every retry must succeed, and no grant may be lost.
 */
@ScaleTest
class KilledNodeTest {
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String PKCE_QUERY =
            "code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";
    private static final int CHAINS = 16;

    private TestDatabase database;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({"SQLITE, strava", "SQLITE, hardened", "POSTGRESQL, strava", "POSTGRESQL, hardened"})
    void nodeKilledMidRefreshes_everyClientsRetryWithTheTokenItLastHadAcknowledged_succeeds(
            TestDatabase.Kind kind, String profile) throws Exception {
        database = TestDatabase.create(kind);
        TestServer verifier = TestServer.start(Map.of("database.url", database.url(), "profile", profile));
        closeables.add(verifier);
        AppService.CreatedApp app = verifier.createApp("Training Log", "example.com", Optional.empty(), 100);
        List<Athlete> athletes = new ArrayList<>();
        AtomicReferenceArray<String> acknowledged = new AtomicReferenceArray<>(CHAINS);
        for (int i = 0; i < CHAINS; i++) {
            athletes.add(verifier.createAthlete("athlete" + i));
            acknowledged.set(i, firstRefreshToken(verifier, app, "athlete" + i, profile));
        }
        Process node = startNode(profile);
        String nodeUrl = "http://127.0.0.1:" + readPort(node);
        AtomicInteger rotations = new AtomicInteger();

        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < CHAINS; i++) {
            int chain = i;
            Thread client =
                    new Thread(() -> refreshUntilTheNodeDies(new Http(nodeUrl), app, acknowledged, chain, rotations));
            client.start();
            clients.add(client);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (rotations.get() < 100 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        for (Thread client : clients) {
            client.join(TimeUnit.SECONDS.toMillis(30));
        }

        assertThat(rotations.get()).as("refreshes acknowledged before the kill").isGreaterThanOrEqualTo(100);
        verifier.clock().set(Instant.now());
        for (int i = 0; i < CHAINS; i++) {
            Http.Response response = Flows.refresh(verifier, app, acknowledged.get(i));
            assertThat(response.status())
                    .as("chain %d: the retry with the last acknowledged refresh token: %s", i, response.body())
                    .isEqualTo(200);
            assertThat(verifier.switchback()
                            .authorization()
                            .authorizedApps(athletes.get(i).id()))
                    .as("chain %d: grant kept", i)
                    .hasSize(1);
        }
    }

    private static String firstRefreshToken(
            TestServer server, AppService.CreatedApp app, String username, String profile) {
        if (!profile.equals("hardened")) {
            return Flows.tokens(server, app, username, "read")
                    .get("refresh_token")
                    .asString();
        }
        Http.Response response = Flows.exchangeWithVerifier(
                server, app, Flows.code(server, app, username, "read", PKCE_QUERY), VERIFIER);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("refresh_token").asString();
    }

    private static void refreshUntilTheNodeDies(
            Http http,
            AppService.CreatedApp app,
            AtomicReferenceArray<String> acknowledged,
            int chain,
            AtomicInteger rotations) {
        while (true) {
            Http.Response response;
            try {
                response = Flows.refreshWith(http, app, acknowledged.get(chain));
            } catch (RuntimeException nodeGone) {
                return;
            }
            if (response.status() != 200) {
                throw new AssertionError(
                        "chain " + chain + " refresh failed while the node was up: " + response.body());
            }
            acknowledged.set(chain, response.json().get("refresh_token").asString());
            rotations.incrementAndGet();
        }
    }

    private Process startNode(String profile) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        NodeMain.class.getName(),
                        database.url(),
                        "profile=" + profile)
                .redirectErrorStream(true)
                .start();
        closeables.add(0, process::destroyForcibly);
        return process;
    }

    private static int readPort(Process process) throws Exception {
        BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while (System.nanoTime() < deadline && (line = reader.readLine()) != null) {
            if (line.startsWith("PORT ")) {
                Thread drain = new Thread(() -> reader.lines().forEach(ignored -> {}));
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(line.substring(5).trim());
            }
        }
        throw new AssertionError("the node did not start");
    }
}
