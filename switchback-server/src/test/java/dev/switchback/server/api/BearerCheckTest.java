package dev.switchback.server.api;

import static dev.switchback.server.testing.Faults.ACCESS_TOKEN_INVALID;
import static dev.switchback.server.testing.Faults.APPLICATION_INVALID;
import static dev.switchback.server.testing.Faults.fault;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppService;
import dev.switchback.athlete.Athlete;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.RawHttp;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The bearer check on {@code GET /api/v3/athlete} (contract#bearer-token-sources, contract#bearer-errors, contract#missing-scope): where the token may come from,
 * the two 401 bodies, summary or detailed athlete by scope, the 404 of an unknown path, and HEAD behind the same
 * check as GET.
 */
@HttpTest
class BearerCheckTest {
    private static final String UNKNOWN_TOKEN = "0123456789abcdef0123456789abcdef01234567";
    /** A path of every GET route of the resource API, in the order of Routes. */
    private static final List<String> API_GET_PATHS = List.of(
            "/api/v3/athlete",
            "/api/v3/athlete/zones",
            "/api/v3/athletes/1/stats",
            "/api/v3/athlete/activities",
            "/api/v3/activities/1",
            "/api/v3/activities/1/laps",
            "/api/v3/activities/1/streams?keys=time",
            "/api/v3/activities/1/streams/time",
            "/api/v3/uploads/1",
            "/api/v3/routes/1",
            "/api/v3/routes/1/export_gpx",
            "/api/v3/routes/1/export_tcx",
            "/api/v3/routes/1/streams",
            "/api/v3/athletes/1/routes",
            "/api/v3/segments/starred",
            "/api/v3/segments/explore?bounds=37.8,-122.5,37.9,-122.4",
            "/api/v3/segments/1",
            "/api/v3/athlete/clubs",
            "/api/v3/clubs/1",
            "/api/v3/clubs/1/members");

    private static final List<String> SUMMARY_KEYS = List.of(
            "id",
            "username",
            "resource_state",
            "firstname",
            "lastname",
            "bio",
            "city",
            "state",
            "country",
            "sex",
            "premium",
            "summit",
            "created_at",
            "updated_at",
            "badge_type_id",
            "weight",
            "profile_medium",
            "profile",
            "friend",
            "follower");
    private static final List<String> DETAILED_EXTRA_KEYS = List.of(
            "blocked",
            "can_follow",
            "follower_count",
            "friend_count",
            "mutual_friend_count",
            "athlete_type",
            "date_preference",
            "measurement_preference",
            "clubs",
            "postable_clubs_count",
            "ftp",
            "bikes",
            "shoes");

    private TestServer server;
    private Athlete marianne;
    private AppService.CreatedApp app;
    private Http http;

    @BeforeEach
    void start() {
        server = TestServer.start();
        marianne = server.createAthlete("marianne");
        app = server.createApp("Training Log", "example.com");
        http = server.http();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    // --- Application//invalid: no token, or not 40 hex ------------------------------------------

    @Test
    void athlete_withoutToken_returns401InvalidApplication() {
        assertUnauthorized(http.get("/api/v3/athlete"), APPLICATION_INVALID);
    }

    @Test
    void athlete_withBearerNotFortyHex_returns401InvalidApplication() {
        assertUnauthorized(http.get("/api/v3/athlete", "Authorization", "Bearer access-token"), APPLICATION_INVALID);
    }

    @Test
    void athlete_withBearerOfFortyOneHex_returns401InvalidApplication() {
        assertUnauthorized(
                http.get("/api/v3/athlete", "Authorization", "Bearer " + UNKNOWN_TOKEN + "8"), APPLICATION_INVALID);
    }

    @Test
    void athlete_withWholeTokenJsonAsBearer_returns401InvalidApplication() {
        String access = access("read");

        Http.Response response =
                http.get("/api/v3/athlete", "Authorization", "Bearer {\"access_token\":\"" + access + "\"}");

        assertUnauthorized(response, APPLICATION_INVALID);
    }

    @Test
    void athlete_withLiveTokenUnderBasicScheme_returns401InvalidApplication() {
        String access = access("read");
        String basic = Base64.getEncoder().encodeToString((access + ":").getBytes(StandardCharsets.UTF_8));

        assertUnauthorized(http.get("/api/v3/athlete", "Authorization", "Basic " + basic), APPLICATION_INVALID);
        assertUnauthorized(http.get("/api/v3/athlete", "Authorization", "Basic " + access), APPLICATION_INVALID);
    }

    @Test
    void athlete_withEmptyBearer_returns401InvalidApplication() {
        assertUnauthorized(http.get("/api/v3/athlete", "Authorization", "Bearer "), APPLICATION_INVALID);
    }

    @Test
    void athlete_withMalformedAccessTokenQueryParam_returns401InvalidApplication() {
        assertUnauthorized(http.get("/api/v3/athlete?access_token=access-token"), APPLICATION_INVALID);
    }

    // --- Athlete/access_token/invalid: well formed, not live --------------------------------------

    @Test
    void athlete_withUnknownToken_returns401InvalidAccessToken() {
        assertUnauthorized(
                http.get("/api/v3/athlete", "Authorization", "Bearer " + UNKNOWN_TOKEN), ACCESS_TOKEN_INVALID);
    }

    @Test
    void athlete_withExpiredToken_returns401InvalidAccessToken() {
        String access = access("read");
        server.clock().advance(Duration.ofHours(6));

        assertUnauthorized(http.get("/api/v3/athlete", "Authorization", "Bearer " + access), ACCESS_TOKEN_INVALID);
    }

    @Test
    void athlete_withTokenOneSecondBeforeExpiry_returns200() {
        String access = access("read");
        server.clock().advance(Duration.ofHours(6).minusSeconds(1));

        assertThat(http.get("/api/v3/athlete", "Authorization", "Bearer " + access)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void athlete_withRevokedToken_returns401InvalidAccessToken() {
        String access = access("read");
        http.postEmpty("/oauth/deauthorize", "Authorization", "Bearer " + access);

        assertUnauthorized(http.get("/api/v3/athlete", "Authorization", "Bearer " + access), ACCESS_TOKEN_INVALID);
    }

    @Test
    void athlete_withTokenRevokedOnMyApps_returns401InvalidAccessToken() {
        String access = access("read");
        server.switchback().authorization().revoke(marianne.id(), app.app().clientId());

        assertUnauthorized(http.get("/api/v3/athlete", "Authorization", "Bearer " + access), ACCESS_TOKEN_INVALID);
    }

    @Test
    void athlete_withRefreshTokenAsBearer_returns401InvalidAccessToken() {
        JsonNode tokens = Flows.tokens(server, app, "marianne", "read");

        Http.Response response = http.get(
                "/api/v3/athlete",
                "Authorization",
                "Bearer " + tokens.get("refresh_token").asString());

        assertUnauthorized(response, ACCESS_TOKEN_INVALID);
    }

    // --- where the token comes from -----------------------------------------------------------

    @Test
    void athlete_withTokenInAccessTokenQueryParam_returns200() {
        Http.Response response = http.get("/api/v3/athlete?access_token=" + access("read"));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("id").asLong()).isEqualTo(marianne.id().value());
    }

    @Test
    void athlete_withLowercaseBearerScheme_returns200() {
        assertThat(http.get("/api/v3/athlete", "Authorization", "bearer " + access("read"))
                        .status())
                .isEqualTo(200);
    }

    // --- representation by scope ------------------------------------------------------------------

    @Test
    void athlete_withoutProfileReadAll_returnsSummaryAthlete() {
        Http.Response response = http.get("/api/v3/athlete", "Authorization", "Bearer " + access("read,activity:read"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type").orElseThrow()).matches("application/json; ?charset=utf-8");
        JsonNode json = response.json();
        assertThat(keys(json)).containsExactlyElementsOf(SUMMARY_KEYS);
        assertThat(json.get("resource_state").asInt()).isEqualTo(2);
        assertThat(json.get("id").asLong()).isEqualTo(marianne.id().value());
        assertThat(json.get("username").asString()).isEqualTo("marianne");
    }

    @Test
    void athlete_withProfileReadAll_returnsDetailedAthlete() {
        Http.Response response =
                http.get("/api/v3/athlete", "Authorization", "Bearer " + access("read,profile:read_all"));

        assertThat(response.status()).isEqualTo(200);
        JsonNode json = response.json();
        List<String> expected = new ArrayList<>(SUMMARY_KEYS);
        expected.addAll(DETAILED_EXTRA_KEYS);
        assertThat(keys(json)).containsExactlyElementsOf(expected);
        assertThat(json.get("resource_state").asInt()).isEqualTo(3);
    }

    // --- HEAD: GET without the body, behind the same check (RFC 9110 §9.3.2) -----------------------

    @Test
    void head_ofEveryGetRouteOfTheApi_withoutToken_returns401() {
        List<String> answered = new ArrayList<>();
        for (String path : API_GET_PATHS) {
            Http.Response response = http.send("HEAD", path, null, null);
            if (response.status() != 401) {
                answered.add(path + " -> " + response.status());
            }
        }

        assertThat(answered).isEmpty();
    }

    @Test
    void head_withTokenLackingTheScope_returns401LikeGet() {
        String access = access("read");

        Http.Response head =
                http.send("HEAD", "/api/v3/athlete/activities", null, null, "Authorization", "Bearer " + access);

        assertThat(head.status()).isEqualTo(401);
    }

    @Test
    void head_onTheWire_carriesGetsContentLength_andNoBodyBytes() {
        Http.Response get = http.get("/api/v3/athlete");
        RawHttp.Response head;
        try (RawHttp raw = RawHttp.connect(server)) {
            head = raw.send("HEAD /api/v3/athlete HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .read(Duration.ofSeconds(30));
        }

        assertThat(head.status()).isEqualTo(401);
        assertThat(head.header("Content-Length"))
                .contains(String.valueOf(get.body().getBytes(StandardCharsets.UTF_8).length));
        assertThat(head.body()).isEmpty();
    }

    @Test
    void head_withLiveToken_answersGetsStatusAndHeaders_andCountsAgainstTheReadBucket() {
        String access = access("read");
        Http.Response get = http.get("/api/v3/athlete", "Authorization", "Bearer " + access);

        Http.Response head = http.send("HEAD", "/api/v3/athlete", null, null, "Authorization", "Bearer " + access);

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Type")).isEqualTo(get.header("Content-Type"));
        assertThat(get.header("X-ReadRateLimit-Usage")).contains("1,1");
        assertThat(head.header("X-ReadRateLimit-Usage")).contains("2,2");
    }

    // --- unknown path -----------------------------------------------------------------------------

    @Test
    void unknownApiPath_returns404RecordNotFound() {
        Http.Response response = http.get("/api/v3/nope", "Authorization", "Bearer " + access("read"));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).isEqualTo(fault("Record Not Found", "resource", "path", "invalid"));
        assertThat(response.header("Content-Type").orElseThrow()).matches("application/json; ?charset=utf-8");
    }

    @Test
    void unknownApiPath_withoutToken_returns404RecordNotFound() {
        Http.Response response = http.get("/api/v3/nope");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).isEqualTo(fault("Record Not Found", "resource", "path", "invalid"));
    }

    private String access(String scope) {
        return Flows.tokens(server, app, "marianne", scope).get("access_token").asString();
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.propertyNames().forEach(keys::add);
        return keys;
    }

    private static void assertUnauthorized(Http.Response response, String body) {
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(body);
        assertThat(response.header("Content-Type").orElseThrow()).matches("application/json; ?charset=utf-8");
    }
}
