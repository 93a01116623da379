package dev.switchback.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.switchback.app.AppId;
import dev.switchback.app.AppService;
import dev.switchback.athlete.Athlete;
import dev.switchback.athlete.AthleteId;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.LogCapture;
import dev.switchback.server.testing.RawHttp;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The access log and the security events (contract#logs), as text and as JSON, captured from the real server's
 * standard error: one line per request with its route template, and no token, code, secret or password in any
 * line.
 */
@HttpTest
class LogsTest {
    private static final JsonMapper JSON = new JsonMapper();

    private TestServer server;
    private LogCapture log;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (log != null) {
            log.close();
        }
        Logging.apply(new Logging.Settings(Logging.Format.TEXT, Level.WARN));
    }

    @Test
    void text_oneLinePerRequest_namesTheRouteTemplate_client_andAthlete_neverTheIdInThePath() {
        start(Logging.Format.TEXT, Map.of());
        Athlete marianne = server.createAthlete("marianne");
        AppService.CreatedApp app = server.createApp("Training Log", "example.com");
        String access = Flows.tokens(server, app, "marianne", "read,activity:read")
                .get("access_token")
                .asString();

        server.http().get("/api/v3/activities/4242", "Authorization", "Bearer " + access);

        awaitLog("GET /api/v3/activities/{id}");
        List<String> lines = accessLines();
        assertThat(lines)
                .anySatisfy(line -> assertThat(line)
                        .contains("GET /api/v3/activities/{id} 404")
                        .contains("route=/api/v3/activities/{id}")
                        .contains("client_id=" + app.app().clientId())
                        .contains("athlete_id=" + marianne.id())
                        .contains("request_id=")
                        .containsPattern(" duration_ms=[0-9]+\\.[0-9] ")
                        .doesNotContain("4242"));
        assertThat(lines)
                .anySatisfy(line ->
                        assertThat(line).contains("POST /oauth/token 200").contains("athlete_id="));
    }

    @Test
    void text_anAccessLine_isTheSummary_thenEachField_inTheDocumentedOrder() {
        start(Logging.Format.TEXT, Map.of());
        Athlete marianne = server.createAthlete("marianne");
        AppService.CreatedApp app = server.createApp("Training Log", "example.com");
        String access = Flows.tokens(server, app, "marianne", "read")
                .get("access_token")
                .asString();

        server.http().get("/api/v3/athlete", "Authorization", "Bearer " + access);
        server.http().get("/no/such/path");

        awaitLog("GET unmatched 404");
        assertThat(accessLines())
                .anySatisfy(line -> assertThat(line)
                        .matches("\\S+ INFO  access - GET /api/v3/athlete 200 [0-9]+ms method=GET route=/api/v3/athlete"
                                + " status=200 duration_ms=[0-9]+\\.[0-9] request_id=[0-9a-f]{16} client_id="
                                + app.app().clientId() + " athlete_id=" + marianne.id()))
                .anySatisfy(line -> assertThat(line)
                        .matches("\\S+ INFO  access - GET unmatched 404 [0-9]+ms method=GET route=unmatched"
                                + " status=404 duration_ms=[0-9]+\\.[0-9] request_id=[0-9a-f]{16}"));
    }

    @Test
    void text_theLineWrittenIntoTheMessage_isTheLineThePairsWouldHaveMade_characterForCharacter() {
        Logging.apply(new Logging.Settings(Logging.Format.TEXT, Level.INFO));
        log = LogCapture.start();
        List<Runnable> requests = List.of(
                () -> AccessLog.write(
                        "GET", "/api/v3/athlete", 200, 4.94f, "c55ef3aaafd70643", new AppId(7), new AthleteId(1204)),
                () -> AccessLog.write("OTHER", AccessLog.UNMATCHED, 404, 0.04f, "0123456789abcdef", null, null),
                () -> AccessLog.write("POST", "/oauth/token", 400, 12.35f, "req-1.a:b", new AppId(7), null),
                () -> AccessLog.write("GET", "/api/v3/activities/{id}", 404, 1234.56f, "f", null, new AthleteId(3)));

        for (Runnable request : requests) {
            request.run(); // in the message, as Logging set it for text
            AccessLog.fieldsAsPairs(true);
            request.run(); // as pairs, through %pairs
            AccessLog.fieldsAsPairs(false);
        }

        awaitLog("/api/v3/activities/{id} 404", 2);
        List<String> lines = accessLines().stream()
                .map(line -> line.substring(line.indexOf(' '))) // the time apart
                .toList();
        assertThat(lines).hasSize(2 * requests.size());
        for (int i = 0; i < lines.size(); i += 2) {
            assertThat(lines.get(i)).isEqualTo(lines.get(i + 1));
        }
        assertThat(lines.get(0))
                .isEqualTo(" INFO  access - GET /api/v3/athlete 200 5ms method=GET route=/api/v3/athlete status=200"
                        + " duration_ms=4.9 request_id=c55ef3aaafd70643 client_id=7 athlete_id=1204");
    }

    @Test
    void text_aMethodOutsideTheStandardOnes_isLoggedAsOther_neverAsSent() {
        start(Logging.Format.TEXT, Map.of());
        String madeUp = "SECRET" + "A1B2".repeat(250);

        try (RawHttp raw = RawHttp.connect(server)) {
            raw.send(madeUp + " /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .read(Duration.ofSeconds(20));
        }

        awaitLog("OTHER unmatched 404");
        assertThat(accessLines())
                .singleElement()
                .satisfies(
                        line -> assertThat(line).contains("OTHER unmatched 404").contains("method=OTHER"));
        assertThat(log.text()).doesNotContain("SECRET");
    }

    @Test
    void json_everyLineIsAnObject_withTheRequestsFields() {
        start(Logging.Format.JSON, Map.of());
        server.http().get("/no/such/path/abcdef");
        awaitLog("{\"route\":\"unmatched\"}");

        List<JsonNode> access = new ArrayList<>();
        for (String line : log.text().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = JSON.readTree(line);
            if (node.path("loggerName").asString().equals("switchback.access")) {
                access.add(node);
            }
        }
        assertThat(access).hasSize(1);
        JsonNode line = access.get(0);
        assertThat(line.get("level").asString()).isEqualTo("INFO");
        String pairs = line.get("kvpList").toString();
        assertThat(pairs)
                .contains("\"route\":\"unmatched\"")
                .contains("\"status\":\"404\"")
                .contains("\"method\":\"GET\"")
                .containsPattern("\"duration_ms\":\"[0-9]+\\.[0-9]\"");
        assertThat(line.toString()).doesNotContain("abcdef");
    }

    @Test
    void aWholeFlow_withFailedLogins_replays_rotationAndDeletion_logsTheEvents_andNoSecret() {
        start(Logging.Format.JSON, Map.of("oauth.refresh-reuse-revokes-grant", "true"));
        server.createAthlete("marianne");
        AppService.CreatedApp app = server.createApp("Training Log", "localhost");
        JsonNode tokens = Flows.tokens(server, app, "marianne", "read");
        String refresh = tokens.get("refresh_token").asString();
        Http.Response rotated = Flows.refresh(server, app, refresh);
        server.clock().advance(java.time.Duration.ofMinutes(5)); // past the retry window
        Http.Response replayed = Flows.refresh(server, app, refresh);
        Http browser = server.http();
        Http.Response form = browser.get("/login");
        browser.postForm(
                "/login",
                Http.form(
                        "csrf",
                        form.inputValue("csrf"),
                        "username",
                        "marianne",
                        "password",
                        "wrong-" + TestServer.PASSWORD,
                        "return_to",
                        "/settings/apps"));
        AppService.CreatedApp newSecret =
                server.switchback().apps().rotateSecret(app.app().clientId());
        server.switchback().apps().delete(app.app().clientId());

        assertThat(rotated.status()).isEqualTo(200);
        assertThat(replayed.status()).isEqualTo(400);
        awaitLog("app_deleted");
        String text = log.text();
        assertThat(text)
                .contains("\"event\":\"refresh_token_replayed\"")
                .contains("\"event\":\"grant_revoked_for_replay\"")
                .contains("\"event\":\"login_failed\"")
                .contains("\"event\":\"secret_rotated\"")
                .contains("\"event\":\"app_deleted\"");
        assertThat(text)
                .doesNotContain(TestServer.PASSWORD)
                .doesNotContain(tokens.get("access_token").asString())
                .doesNotContain(refresh)
                .doesNotContain(rotated.json().get("refresh_token").asString())
                .doesNotContain(rotated.json().get("access_token").asString())
                .doesNotContain(app.secret().value())
                .doesNotContain(newSecret.secret().value());
    }

    private void start(Logging.Format format, Map<String, String> settings) {
        Logging.apply(new Logging.Settings(format, Level.INFO));
        log = LogCapture.start();
        server = TestServer.start(settings);
    }

    /** Lines are written by Logback's writer thread: waits, with a deadline only a hung test reaches, for one. */
    private void awaitLog(String text) {
        awaitLog(text, 1);
    }

    /** The same, for {@code times} lines that contain {@code text}. */
    private void awaitLog(String text, int times) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (log.text().split(java.util.regex.Pattern.quote(text), -1).length - 1 < times
                && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private List<String> accessLines() {
        List<String> lines = new ArrayList<>();
        for (String line : log.text().split("\n")) {
            if (line.contains(" access - ")) {
                lines.add(line);
            }
        }
        return lines;
    }
}
