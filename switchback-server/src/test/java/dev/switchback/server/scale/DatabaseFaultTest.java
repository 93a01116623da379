package dev.switchback.server.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppService;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.NodeMain;
import dev.switchback.server.testing.TcpProxy;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Faults on PostgreSQL: the database going away and coming back, and a node killed mid-refresh. */
@ScaleTest
class DatabaseFaultTest {
    /** Bounds a wait that would otherwise never end; never a speed the machine must reach. */
    private static final long HANG_SECONDS = 120;

    private static final String UNAVAILABLE =
            "{\"message\":\"Service Unavailable\",\"errors\":[{\"resource\":\"Database\",\"field\":\"\",\"code\":\"unavailable\"}]}";

    private TestDatabase database;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void createDatabase() {
        database = TestDatabase.postgres();
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
        database.close();
    }

    @Test
    void databaseOutage_answersStrava503s_andTheNodeRecoversByItselfOnceItIsBack() throws Exception {
        TcpProxy proxy = new TcpProxy("127.0.0.1", 5432);
        closeables.add(proxy);
        TestServer node =
                TestServer.start(Map.of("database.url", database.url().replace(":5432/", ":" + proxy.port() + "/")));
        closeables.add(0, node);
        node.createAthlete("marianne");
        AppService.CreatedApp app = node.createApp("Training Log", "example.com");
        JsonNode tokens = Flows.tokens(node, app, "marianne", "read");
        String bearer = "Bearer " + tokens.get("access_token").asString();

        proxy.cut();
        Http.Response refreshDuringOutage =
                Flows.refresh(node, app, tokens.get("refresh_token").asString());
        Http.Response apiDuringOutage = node.http().get("/api/v3/athlete", "Authorization", bearer);

        assertThat(refreshDuringOutage.status()).isEqualTo(503);
        assertThat(refreshDuringOutage.body()).isEqualTo(UNAVAILABLE);
        assertThat(refreshDuringOutage.header("Retry-After")).contains("1");
        assertThat(apiDuringOutage.status()).isEqualTo(503);
        assertThat(apiDuringOutage.body()).isEqualTo(UNAVAILABLE);

        proxy.restore();
        int status = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_SECONDS);
        while (status != 200 && System.nanoTime() < deadline) {
            status = node.http().get("/api/v3/athlete", "Authorization", bearer).status();
            if (status != 200) {
                Thread.sleep(50);
            }
        }
        assertThat(status).as("the node reconnects by itself").isEqualTo(200);
        assertThat(Flows.refresh(node, app, tokens.get("refresh_token").asString())
                        .status())
                .as("the refresh that failed during the outage changed nothing")
                .isEqualTo(200);
    }

    @Test
    void nodeKilledWithSigkillMidRefreshes_losesNoRotationAcknowledgedToAClient() throws Exception {
        TestServer verifier =
                TestServer.start(Map.of("database.url", database.url(), "oauth.refresh-retry-window", "60s"));
        closeables.add(verifier);
        AppService.CreatedApp app = verifier.createApp("Training Log", "example.com");
        int chains = 6;
        AtomicReferenceArray<String> acknowledged = new AtomicReferenceArray<>(chains);
        for (int i = 0; i < chains; i++) {
            verifier.createAthlete("athlete" + i);
            acknowledged.set(
                    i,
                    Flows.tokens(verifier, app, "athlete" + i, "read")
                            .get("refresh_token")
                            .asString());
        }
        Process node = startNode();
        String nodeUrl = "http://127.0.0.1:" + readPort(node);
        AtomicInteger rotations = new AtomicInteger();

        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < chains; i++) {
            int chain = i;
            Thread client =
                    new Thread(() -> refreshUntilTheNodeDies(new Http(nodeUrl), app, acknowledged, chain, rotations));
            client.start();
            clients.add(client);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_SECONDS);
        while (rotations.get() < 60 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        for (Thread client : clients) {
            client.join(TimeUnit.SECONDS.toMillis(HANG_SECONDS));
        }

        assertThat(rotations.get()).as("refreshes acknowledged before the kill").isGreaterThanOrEqualTo(60);
        verifier.clock().set(Instant.now());
        for (int i = 0; i < chains; i++) {
            Http.Response response = Flows.refresh(verifier, app, acknowledged.get(i));
            assertThat(response.status())
                    .as("chain %d: the last acknowledged refresh token still works: %s", i, response.body())
                    .isEqualTo(200);
        }
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
                response = http.postForm(
                        "/oauth/token",
                        Http.form(
                                "client_id",
                                app.app().clientId().toString(),
                                "client_secret",
                                app.secret().value(),
                                "grant_type",
                                "refresh_token",
                                "refresh_token",
                                acknowledged.get(chain)));
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

    private Process startNode() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(
                        java, "-cp", System.getProperty("java.class.path"), NodeMain.class.getName(), database.url())
                .redirectErrorStream(true)
                .start();
        closeables.add(0, process::destroyForcibly);
        return process;
    }

    private static int readPort(Process process) throws Exception {
        BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_SECONDS);
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
