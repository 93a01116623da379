package dev.switchback.server.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppService;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.Tables;
import dev.switchback.server.testing.TcpProxy;
import dev.switchback.server.testing.TestServer;
import dev.switchback.store.testing.TestDatabase;
import dev.switchback.testing.ScaleTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Faults on PostgreSQL: the database going away and coming back. A node killed mid-refresh: {@link KilledNodeTest};
 * a COMMIT whose answer is lost: {@link LostCommitAnswerTest}.
 */
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
        assertThat(Tables.count(node, "retired_refresh_tokens"))
                .as("the 503 rotated nothing")
                .isZero();
        assertThat(Flows.refresh(node, app, tokens.get("refresh_token").asString())
                        .status())
                .as("the refresh that failed during the outage changed nothing")
                .isEqualTo(200);
    }
}
