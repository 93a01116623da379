package dev.switchback.server.emulator;

import static dev.switchback.server.testing.Faults.ACCESS_TOKEN_INVALID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppService;
import dev.switchback.ratelimit.RateLimits;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.Tables;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /_switchback/clock}: one clock for every decision by time, moved forward only. */
@HttpTest
class EmulatorClockTest {
    private TestServer server;
    private AppService.CreatedApp app;

    @BeforeEach
    void start() {
        server = TestServer.start(Map.of("emulator", "true"));
        server.createAthlete("marianne");
        app = server.createApp("Training Log", "localhost");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Http.Response move(String json) {
        return server.http().postJson("/_switchback/clock", json);
    }

    private JsonNode tokens() {
        return server.http()
                .postJson(
                        "/_switchback/tokens",
                        "{\"athlete\":\"marianne\",\"client_id\":" + app.app().clientId() + "}")
                .json();
    }

    @Test
    void advancePastSixHours_theOldAccessTokenGetsStravas401_andARefreshWorks() {
        JsonNode tokens = tokens();
        String bearer = "Bearer " + tokens.get("access_token").asString();

        Http.Response moved = move("{\"advance\":\"PT6H1M\"}");

        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(moved.json().get("now").asString()).isEqualTo("2026-03-01T16:01:00Z");
        Http.Response expired = server.http().get("/api/v3/athlete", "Authorization", bearer);
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.body()).isEqualTo(ACCESS_TOKEN_INVALID);
        Http.Response refreshed =
                Flows.refresh(server, app, tokens.get("refresh_token").asString());
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        assertThat(refreshed.json().get("expires_at").asLong())
                .isEqualTo(moved.json().get("epoch_seconds").asLong() + 21_600);
        assertThat(server.http()
                        .get(
                                "/api/v3/athlete",
                                "Authorization",
                                "Bearer " + refreshed.json().get("access_token").asString())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void set_movesTheClockToThatInstant_andGetAnswersIt() {
        Http.Response moved = move("{\"set\":\"2027-01-01T00:00:00Z\"}");

        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        JsonNode clock = server.http().get("/_switchback/clock").json();
        assertThat(clock.get("now").asString()).isEqualTo("2027-01-01T00:00:00Z");
        assertThat(clock.get("epoch_seconds").asLong()).isEqualTo(1_798_761_600L);
    }

    @Test
    void timeNeverMovesBackwards_andBadInputNamesTheField_leavingTheClockAlone() {
        move("{\"advance\":\"PT1H\"}");
        String before = server.http().get("/_switchback/clock").body();

        assertField(move("{\"set\":\"2026-03-01T10:30:00Z\"}"), "set");
        assertField(move("{\"advance\":\"-PT1M\"}"), "advance");
        assertField(move("{\"advance\":\"an hour\"}"), "advance");
        assertField(move("{\"set\":\"tomorrow\"}"), "set");
        assertField(move("{\"advance\":\"PT1M\",\"set\":\"2027-01-01T00:00:00Z\"}"), "advance");
        assertField(move("{}"), "advance");
        assertField(move("{\"rewind\":\"PT1M\"}"), "rewind");
        assertField(move("{\"advance\":60}"), "advance");
        assertField(move("{\"advance\":\"PT9999999999999H\"}"), "advance");
        assertField(move("{\"set\":\"+1000000-01-01T00:00:00Z\"}"), "set");

        assertThat(server.http().get("/_switchback/clock").body()).isEqualTo(before);
    }

    private static void assertField(Http.Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
    }

    @Test
    void advancingAQuarterHour_startsTheShortRateLimitWindowAgain() {
        server.switchback().apps().setRateLimits(app.app().clientId(), new RateLimits(2, 1000, 2, 1000));
        String bearer = "Bearer " + tokens().get("access_token").asString();
        server.http().get("/api/v3/athlete", "Authorization", bearer);
        server.http().get("/api/v3/athlete", "Authorization", bearer);
        assertThat(server.http().get("/api/v3/athlete", "Authorization", bearer).status())
                .isEqualTo(429);

        move("{\"advance\":\"PT15M\"}");

        Http.Response next = server.http().get("/api/v3/athlete", "Authorization", bearer);
        assertThat(next.status()).isEqualTo(200);
        assertThat(next.header("X-RateLimit-Usage")).contains("1,4");
    }

    @Test
    void advancingPastTenMinutes_expiresAnUnusedCode() {
        String code = Flows.code(server, app, "marianne", "read");

        move("{\"advance\":\"PT10M1S\"}");

        Http.Response exchange = server.http()
                .postForm(
                        "/oauth/token",
                        Http.form(
                                "client_id",
                                app.app().clientId().toString(),
                                "client_secret",
                                app.secret().value(),
                                "code",
                                code,
                                "grant_type",
                                "authorization_code"));
        assertThat(exchange.status()).isEqualTo(400);
        assertThat(exchange.json().get("error").asString()).isEqualTo("invalid_grant");
    }

    @Test
    void housekeeping_afterAnAdvance_deletesWhatExpiredByTheEmulatorsClock() {
        Flows.code(server, app, "marianne", "read");
        assertThat(Tables.count(server, "authorization_codes")).isEqualTo(1);

        move("{\"advance\":\"P2D\"}");
        server.switchback().housekeeping().runOnce();

        assertThat(Tables.count(server, "authorization_codes")).isZero();
    }
}
