package dev.switchback.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppService;
import dev.switchback.ratelimit.RateLimits;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.LogCapture;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A database whose disk is full answers the storage 503 with {@code Retry-After}, as an unreachable one does
 * (contract#database-unavailable). The disk is SQLite's own: a file at its {@code max_page_count} refuses to
 * grow with {@code SQLITE_FULL}, the error a full file system gives.
 */
@HttpTest
class FullDiskTest {
    private static final String UNAVAILABLE =
            "{\"message\":\"Service Unavailable\",\"errors\":[{\"resource\":\"Database\",\"field\":\"\",\"code\":\"unavailable\"}]}";

    @TempDir
    Path directory;

    @Test
    void writesToAFullDatabase_getTheStorage503WithRetryAfter_andNoErrorInTheLog() throws Exception {
        Path file = directory.resolve("full.db");
        AppService.CreatedApp app;
        String refreshToken;
        String bearer;
        try (TestServer roomy = TestServer.start(Map.of("database.url", file.toString()))) {
            roomy.createAthlete("marianne");
            app = roomy.createApp("Training Log", "localhost");
            roomy.switchback()
                    .apps()
                    .setRateLimits(app.app().clientId(), new RateLimits(10_000, 10_000, 10_000, 10_000));
            JsonNode tokens = Flows.tokens(roomy, app, "marianne", "read,activity:write");
            refreshToken = tokens.get("refresh_token").asString();
            bearer = "Bearer " + tokens.get("access_token").asString();
        }
        long pages = pageCount(file);

        try (TestServer full =
                        TestServer.start(Map.of("database.url", "jdbc:sqlite:" + file + "?max_page_count=" + pages));
                LogCapture log = LogCapture.start()) {
            Http.Response refused = null;
            for (int i = 0; i < 500 && refused == null; i++) {
                Http.Response created = full.http()
                        .postForm(
                                "/api/v3/activities",
                                Http.form(
                                        "name", "Run " + i,
                                        "sport_type", "Run",
                                        "start_date_local", "2026-02-01T10:00:00Z",
                                        "elapsed_time", "1800",
                                        "description", "x".repeat(2000)),
                                "Authorization",
                                bearer);
                if (created.status() != 201) {
                    refused = created;
                }
            }
            Http.Response refresh = Flows.refresh(full, app, refreshToken);

            assertThat(refused)
                    .as("an activity was refused once the file was full")
                    .isNotNull();
            assertThat(refused.status()).as(refused.body()).isEqualTo(503);
            assertThat(refused.body()).isEqualTo(UNAVAILABLE);
            assertThat(refused.header("Retry-After")).contains("1");
            assertThat(refresh.status()).as(refresh.body()).isIn(200, 503);
            assertThat(log.text()).doesNotContain("ERROR").doesNotContain("\tat ");
        }
    }

    private static long pageCount(Path file) throws Exception {
        assertThat(Files.exists(file)).isTrue();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("PRAGMA page_count")) {
            row.next();
            return row.getLong(1);
        }
    }
}
