package dev.switchback.server.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppService;
import dev.switchback.server.testing.Faults;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /_switchback/faults}: the next matching requests answer a 429, 503 or 500 as Strava's, or late. */
@HttpTest
class EmulatorFaultsTest {
    private static final String RATE_LIMITED =
            Faults.fault("Rate Limit Exceeded", "Application", "overall rate limit", "exceeded");

    private TestServer server;
    private AppService.CreatedApp app;
    private String bearer;

    @BeforeEach
    void start() {
        server = TestServer.start(Map.of("emulator", "true"));
        server.createAthlete("marianne");
        app = server.createApp("Training Log", "localhost");
        bearer = "Bearer "
                + server.http()
                        .postJson(
                                "/_switchback/tokens",
                                "{\"athlete\":\"marianne\",\"client_id\":"
                                        + app.app().clientId() + ",\"scope\":\"read,activity:read\"}")
                        .json()
                        .get("access_token")
                        .asString();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Http.Response arm(String json) {
        return server.http().postJson("/_switchback/faults", json);
    }

    private Http.Response activities() {
        return server.http().get("/api/v3/athlete/activities", "Authorization", bearer);
    }

    @Test
    void a429TwiceFault_answersTheNextTwoMatchingRequestsWithStravas429AndHeaders_thenNoMore() {
        Http.Response armed =
                arm("{\"method\":\"GET\",\"path\":\"/api/v3/athlete/activities\",\"status\":429,\"times\":2}");
        assertThat(armed.status()).as(armed.body()).isEqualTo(201);

        Http.Response first = activities();
        Http.Response second = activities();
        Http.Response third = activities();

        assertThat(first.status()).isEqualTo(429);
        assertThat(first.body()).isEqualTo(RATE_LIMITED);
        assertThat(first.header("Content-Type")).contains("application/json;charset=utf-8");
        assertThat(first.header("X-RateLimit-Limit")).contains("200,2000");
        assertThat(first.header("X-RateLimit-Usage")).contains("1,1");
        assertThat(first.header("X-ReadRateLimit-Usage")).contains("1,1");
        assertThat(second.status()).isEqualTo(429);
        assertThat(third.status()).isEqualTo(200);
        assertThat(third.header("X-RateLimit-Usage"))
                .as("injected faults count like real requests")
                .contains("3,3");
    }

    @Test
    void a503_carriesRetryAfter_andA500_aRequestId() {
        arm("{\"path\":\"/api/v3/athlete\",\"status\":503}");
        arm("{\"path\":\"/api/v3/athlete\",\"status\":500}");

        Http.Response unavailable = server.http().get("/api/v3/athlete", "Authorization", bearer);
        Http.Response failed = server.http().get("/api/v3/athlete", "Authorization", bearer);

        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(unavailable.body()).isEqualTo(Faults.fault("Service Unavailable", "Server", "", "unavailable"));
        assertThat(unavailable.header("Retry-After")).contains("1");
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.body()).isEqualTo(Faults.fault("Internal Server Error", "Server", "", "internal"));
        assertThat(failed.header("X-Request-Id")).isPresent();
    }

    @Test
    void aStarInThePath_matchesAnyOneSegment_andNothingLongerOrShorter() {
        arm("{\"method\":\"GET\",\"path\":\"/api/v3/activities/*\",\"status\":503,\"times\":5}");

        assertThat(server.http()
                        .get("/api/v3/activities/123", "Authorization", bearer)
                        .status())
                .isEqualTo(503);
        assertThat(server.http()
                        .get("/api/v3/activities/123/laps", "Authorization", bearer)
                        .status())
                .isEqualTo(404);
        assertThat(activities().status()).isEqualTo(200);
    }

    @Test
    void aMethod_limitsTheFaultToIt() {
        arm("{\"method\":\"put\",\"path\":\"/api/v3/athlete\",\"status\":503}");

        assertThat(server.http().get("/api/v3/athlete", "Authorization", bearer).status())
                .isEqualTo(200);
        assertThat(server.http()
                        .get("/_switchback/faults")
                        .json()
                        .get(0)
                        .get("method")
                        .asString())
                .isEqualTo("PUT");
    }

    @Test
    void aDelay_holdsTheRequest_thenAnswersItAsUsual() {
        arm("{\"path\":\"/api/v3/athlete\",\"delay_ms\":300}");

        long started = System.nanoTime();
        Http.Response late = server.http().get("/api/v3/athlete", "Authorization", bearer);

        assertThat(late.status()).isEqualTo(200);
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(300);
    }

    @Test
    void aBearerRefusal_winsOverAFault_whichStaysArmed() {
        arm("{\"path\":\"/api/v3/athlete\",\"status\":503}");

        Http.Response refused = server.http().get("/api/v3/athlete");

        assertThat(refused.status()).isEqualTo(401);
        assertThat(server.http().get("/_switchback/faults").json().size()).isEqualTo(1);
    }

    @Test
    void onTheTokenEndpoint_aFaultAnswersWithNoStore_andCarriesNoRateLimitHeaders() {
        arm("{\"method\":\"POST\",\"path\":\"/oauth/token\",\"status\":503}");

        Http.Response refresh = Flows.refresh(server, app, "0123456789abcdef0123456789abcdef01234567");

        assertThat(refresh.status()).isEqualTo(503);
        assertThat(refresh.header("Cache-Control")).contains("no-store");
        assertThat(refresh.header("X-RateLimit-Usage")).isEmpty();
    }

    @Test
    void get_listsWhatIsStillArmed_andDelete_disarmsEverything() {
        arm("{\"method\":\"GET\",\"path\":\"/api/v3/athlete/activities\",\"status\":429,\"times\":3}");
        activities();

        Http.Response listed = server.http().get("/_switchback/faults");
        assertThat(listed.body())
                .isEqualTo("[{\"id\":1,\"method\":\"GET\",\"path\":\"/api/v3/athlete/activities\",\"status\":429,"
                        + "\"delay_ms\":0,\"times\":2}]");

        assertThat(server.http()
                        .send("DELETE", "/_switchback/faults", null, null)
                        .status())
                .isEqualTo(204);
        assertThat(server.http().get("/_switchback/faults").body()).isEqualTo("[]");
        assertThat(activities().status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not an object          | \"429\"                                                | body",
                "unknown field          | {\"path\":\"/api/v3/athlete\",\"status\":429,\"code\":1} | code",
                "path missing           | {\"status\":429}                                       | path",
                "path not absolute      | {\"path\":\"api/v3/athlete\",\"status\":429}           | path",
                "path with a query      | {\"path\":\"/api/v3/athlete?x=1\",\"status\":429}       | path",
                "path of the control API| {\"path\":\"/_switchback/clock\",\"status\":429}        | path",
                "status not injectable  | {\"path\":\"/api/v3/athlete\",\"status\":404}           | status",
                "status not a number    | {\"path\":\"/api/v3/athlete\",\"status\":\"429\"}       | status",
                "neither status nor delay | {\"path\":\"/api/v3/athlete\"}                        | status",
                "delay too long         | {\"path\":\"/api/v3/athlete\",\"delay_ms\":60001}       | delay_ms",
                "times zero             | {\"path\":\"/api/v3/athlete\",\"status\":429,\"times\":0} | times",
                "unknown method         | {\"method\":\"FETCH\",\"path\":\"/api/v3/athlete\",\"status\":429} | method",
            })
    void badInput_isA400NamingTheField_andArmsNothing(String what, String json, String field) {
        Http.Response response = arm(json);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
        assertThat(server.http().get("/_switchback/faults").body()).isEqualTo("[]");
    }
}
