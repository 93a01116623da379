package dev.switchback.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /health/live} and {@code GET /health/ready} (contract#health) against the real server. */
@HttpTest
class HealthTest {
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void live_answers200Up_withoutAToken() {
        server = TestServer.start();

        Http.Response response = server.http().get("/health/live");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("status").asString()).isEqualTo("UP");
        assertThat(response.header("Cache-Control")).contains("no-store");
    }

    @Test
    void ready_withDatabaseAndWorkersUp_answers200_andNamesEachCheck() {
        server = TestServer.start();

        Http.Response response = server.http().get("/health/ready");

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("status").asString()).isEqualTo("UP");
        assertThat(checks(body)).isEqualTo(Map.of("database", "UP", "upload-workers", "UP", "webhook-workers", "UP"));
    }

    @Test
    void ready_whenAnotherBuildMigratedTheSchemaFurther_answers503SchemaNotCurrent() throws Exception {
        server = TestServer.start();
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + server.databaseFile());
                Statement statement = sqlite.createStatement()) {
            statement.executeUpdate("""
                    INSERT INTO flyway_schema_history
                        (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)
                    VALUES (999, '999', 'from a newer build', 'SQL', 'V999__newer.sql', 1, 'test', 0, 1)
                    """);
        }

        Http.Response response = server.http().get("/health/ready");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.json().get("status").asString()).isEqualTo("DOWN");
        assertThat(checks(response.json())).containsEntry("database", "DOWN");
        assertThat(response.body()).contains("schema not current");
        assertThat(server.http().get("/health/live").status())
                .as("the process still answers")
                .isEqualTo(200);
    }

    @Test
    void ready_withRedisCountingAndUnreachable_answers503_withoutItsUrl() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        server = TestServer.start(
                Map.of("ratelimit.store", "redis", "ratelimit.redis-url", "redis://127.0.0.1:" + closedPort));

        Http.Response response = server.http().get("/health/ready");

        assertThat(response.status()).isEqualTo(503);
        assertThat(checks(response.json())).containsEntry("redis", "DOWN").containsEntry("database", "UP");
        assertThat(response.body()).doesNotContain(String.valueOf(closedPort)).doesNotContain("redis://");
    }

    @Test
    void ready_withUploadWorkersStopped_answers503() {
        server = TestServer.start();
        server.switchback().uploads().close();

        Http.Response response = server.http().get("/health/ready");

        assertThat(response.status()).isEqualTo(503);
        assertThat(checks(response.json())).containsEntry("upload-workers", "DOWN");
    }

    @Test
    void ready_withWebhookWorkersStopped_answers503() {
        server = TestServer.start();
        server.switchback().dispatcher().close();

        Http.Response response = server.http().get("/health/ready");

        assertThat(response.status()).isEqualTo(503);
        assertThat(checks(response.json())).containsEntry("webhook-workers", "DOWN");
        assertThat(response.body()).contains("stopped");
    }

    @Test
    void ready_withNoWebhookWorkersOnThisNode_answers200_andSaysDeliveryIsOffHere() {
        server = TestServer.start(Map.of("webhooks.workers", "0"));

        Http.Response response = server.http().get("/health/ready");

        assertThat(response.status()).isEqualTo(200);
        JsonNode webhooks = check(response.json(), "webhook-workers");
        assertThat(webhooks.get("status").asString()).isEqualTo("UP");
        assertThat(webhooks.get("detail").asString()).isEqualTo("off on this node");
    }

    @Test
    void ready_neverNamesTheDatabaseFile() {
        server = TestServer.start();

        Http.Response response = server.http().get("/health/ready");

        assertThat(response.body())
                .doesNotContain(server.databaseFile().getFileName().toString())
                .doesNotContain("jdbc");
    }

    private static JsonNode check(JsonNode body, String name) {
        for (JsonNode check : body.get("checks")) {
            if (check.get("name").asString().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + body);
    }

    private static Map<String, String> checks(JsonNode body) {
        Map<String, String> checks = new java.util.TreeMap<>();
        for (JsonNode check : body.get("checks")) {
            checks.put(check.get("name").asString(), check.get("status").asString());
        }
        return checks;
    }
}
