package dev.switchback.server.http;

import static dev.switchback.server.http.SlowBodyTest.headers;
import static dev.switchback.server.testing.Faults.assertStravaShaped4xx;
import static dev.switchback.server.testing.Faults.fault;
import static dev.switchback.server.testing.Faults.tokenError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.server.testing.Browser;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.LogCapture;
import dev.switchback.server.testing.RawHttp;
import dev.switchback.server.testing.Tables;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What is the client's fault is a Strava-shaped 4xx with our headers, never a 500 or a stack trace in the log
 * (contract#fault-envelope, contract#input-limits): a charset nobody can read, a malformed or cut-off body,
 * and the requests Jetty refuses itself before any route runs.
 */
@HttpTest
class ClientFaultsTest {
    private static final String FORM_UNKNOWN_CHARSET = "application/x-www-form-urlencoded; charset=no-such-charset";
    private static final Duration SERVED = Duration.ofSeconds(20);

    private TestServer server;
    private LogCapture log;

    @BeforeEach
    void start() {
        server = TestServer.start();
        log = LogCapture.start();
    }

    @AfterEach
    void stop() {
        log.close();
        server.close();
    }

    @Test
    void anUnknownCharset_onEveryPostAndPutRoute_is415_changesNothing_andLogsNoError() {
        server.createAthlete("marianne");
        String bearer = Flows.bearerOfNewApp(server, "marianne", "read,activity:write,profile:write");
        Browser browser = new Browser(server, "marianne").logIn();
        Map<String, List<String>> before = Tables.snapshot(server);
        byte[] body = "access_token=x&name=Morning&weight=60&grant_type=refresh_token".getBytes(StandardCharsets.UTF_8);

        for (String route : List.of(
                "POST /oauth/token",
                "POST /api/v3/oauth/token",
                "POST /oauth/deauthorize",
                "POST /api/v3/oauth/deauthorize",
                "POST /oauth/accept_application",
                "POST /login",
                "POST /logout",
                "POST /settings/apps/1/revoke",
                "PUT /api/v3/athlete",
                "POST /api/v3/activities",
                "PUT /api/v3/activities/1",
                "POST /api/v3/uploads",
                "PUT /api/v3/segments/1/starred")) {
            String[] methodAndPath = route.split(" ");
            Http.Response response = browser.http()
                    .send(methodAndPath[0], methodAndPath[1], FORM_UNKNOWN_CHARSET, body, "Authorization", bearer);

            assertStravaShaped4xx(response);
            assertThat(response.status()).as(route).isEqualTo(415);
            assertThat(response.json().get("errors").get(0).get("field").asString())
                    .as(route)
                    .isEqualTo("Content-Type");
        }

        assertThat(Tables.snapshot(server)).isEqualTo(before);
        assertThat(log.text()).doesNotContain("ERROR").doesNotContain("\tat ");
    }

    @Test
    void aMalformedChunkedBody_is400_onTheTokenEndpoint_andOnARouteTheGuardChecksFirst() {
        server.createAthlete("marianne");
        String bearer = Flows.bearerOfNewApp(server, "marianne", "profile:write");
        String badChunk = "ZZ\r\nweight=60\r\n0\r\n\r\n";

        RawHttp.Response token = exchange(
                headers("POST", "/oauth/token", "application/x-www-form-urlencoded", "Transfer-Encoding: chunked")
                        + badChunk);
        RawHttp.Response athlete = exchange(headers(
                        "PUT",
                        "/api/v3/athlete",
                        "application/x-www-form-urlencoded",
                        "Authorization: " + bearer,
                        "Transfer-Encoding: chunked")
                + badChunk);

        assertThat(token.status()).as(token.head()).isEqualTo(400);
        assertThat(token.body())
                .isEqualTo(tokenError(
                        "Request",
                        "body",
                        "invalid",
                        "invalid_request",
                        "body could not be read: malformed, cut off or abandoned"));
        assertThat(athlete.status()).as(athlete.head()).isEqualTo(400);
        assertThat(athlete.body()).isEqualTo(fault("Bad Request", "Request", "body", "invalid"));
        assertThat(log.text()).doesNotContain("ERROR").doesNotContain("\tat ");
    }

    @Test
    void aBodyCutOffByTheClient_is400_andNoError_onTheTokenEndpoint_andOnARouteTheGuardChecksFirst() {
        server.createAthlete("marianne");
        String bearer = Flows.bearerOfNewApp(server, "marianne", "profile:write");

        RawHttp.Response token;
        try (RawHttp raw = RawHttp.connect(server)) {
            raw.send(headers("POST", "/oauth/token", "application/x-www-form-urlencoded", "Content-Length: 100")
                    + "grant_type=refresh");
            token = raw.endOutput().read(SERVED);
        }
        RawHttp.Response athlete;
        try (RawHttp raw = RawHttp.connect(server)) {
            raw.send(headers(
                            "PUT",
                            "/api/v3/athlete",
                            "application/x-www-form-urlencoded",
                            "Authorization: " + bearer,
                            "Content-Length: 100")
                    + "weight=6");
            athlete = raw.endOutput().read(SERVED);
        }

        assertThat(token.status()).as(token.head()).isEqualTo(400);
        assertThat(athlete.status()).as(athlete.head()).isEqualTo(400);
        assertThat(athlete.body()).isEqualTo(fault("Bad Request", "Request", "body", "invalid"));
        assertThat(log.text()).doesNotContain("ERROR").doesNotContain("\tat ");
    }

    @Test
    void aClientThatHangsUpMidBody_isNotLoggedAsAnError() throws InterruptedException {
        server.createAthlete("marianne");
        String bearer = Flows.bearerOfNewApp(server, "marianne", "profile:write");

        try (RawHttp raw = RawHttp.connect(server)) {
            raw.send(headers("POST", "/oauth/token", "application/x-www-form-urlencoded", "Content-Length: 100")
                    + "grant_type=refresh");
        }
        try (RawHttp raw = RawHttp.connect(server)) {
            raw.send(headers(
                            "PUT",
                            "/api/v3/athlete",
                            "application/x-www-form-urlencoded",
                            "Authorization: " + bearer,
                            "Content-Length: 100")
                    + "weight=6");
        }
        Thread.sleep(1000); // the server notices the hang-ups; before, each logged an ERROR within milliseconds

        assertThat(log.text()).doesNotContain("ERROR").doesNotContain("\tat ");
    }

    @Test
    void aUriTooLong_is414_inStravasShape_withOurHeaders() {
        RawHttp.Response response = exchange(headers("GET", "/api/v3/athlete?q=" + "a".repeat(10_000), null));

        assertThat(response.status()).isEqualTo(414);
        assertThat(response.body()).isEqualTo(fault("Bad Request", "Request", "uri", "too long"));
        assertOurs(response);
    }

    @Test
    void headersTooLarge_are431_inStravasShape_withOurHeaders() {
        RawHttp.Response response =
                exchange(headers("GET", "/api/v3/athlete", null, "X-Padding: " + "a".repeat(10_000)));

        assertThat(response.status()).isEqualTo(431);
        assertThat(response.body()).isEqualTo(fault("Bad Request", "Request", "headers", "too large"));
        assertOurs(response);
    }

    @Test
    void aRequestLineJettyCannotParse_is400_inStravasShape_withOurHeaders() {
        RawHttp.Response response = exchange("GARBAGE\r\n\r\n");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(fault("Bad Request", "Request", "", "invalid"));
        assertOurs(response);
    }

    @Test
    void anUnknownHttpVersion_is505_inStravasShape_withOurHeaders_notA500() {
        RawHttp.Response response = exchange("GET /api/v3/athlete HTTP/9.9\r\nHost: localhost\r\n\r\n");

        assertThat(response.status()).isEqualTo(505);
        assertThat(response.body()).isEqualTo(fault("Bad Request", "Request", "version", "invalid"));
        assertOurs(response);
    }

    private RawHttp.Response exchange(String request) {
        try (RawHttp raw = RawHttp.connect(server)) {
            return raw.send(request).read(SERVED);
        }
    }

    /** Our JSON and the security headers every response carries (contract#page-security). */
    private static void assertOurs(RawHttp.Response response) {
        assertThat(response.header("Content-Type")).contains("application/json; charset=utf-8");
        assertThat(response.header("X-Frame-Options")).contains("DENY");
        assertThat(response.header("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp).startsWith("default-src 'none'"));
        assertThat(response.header("Referrer-Policy")).contains("no-referrer");
        assertThat(response.header("X-Content-Type-Options")).contains("nosniff");
    }
}
