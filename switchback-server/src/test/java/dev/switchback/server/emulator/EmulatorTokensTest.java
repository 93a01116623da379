package dev.switchback.server.emulator;

import static dev.switchback.server.testing.Faults.ACCESS_TOKEN_INVALID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppService;
import dev.switchback.athlete.Athlete;
import dev.switchback.server.testing.Faults;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.Tables;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** {@code POST /_switchback/tokens}: what consent and the code exchange would give, without a browser. */
@HttpTest
class EmulatorTokensTest {
    private TestServer server;
    private Athlete marianne;
    private AppService.CreatedApp app;

    @BeforeEach
    void start() {
        server = TestServer.start(Map.of("emulator", "true"));
        marianne = server.createAthlete("marianne");
        app = server.createApp("Training Log", "localhost");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Http.Response issue(String json) {
        return server.http().postJson("/_switchback/tokens", json);
    }

    private JsonNode issued(String scope) {
        Http.Response response = issue(
                "{\"athlete\":\"marianne\",\"client_id\":" + app.app().clientId() + ",\"scope\":\"" + scope + "\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.propertyNames().forEach(keys::add);
        return keys;
    }

    @Test
    void postTokens_answersTheCodeExchangesBody_fieldForField_withTheAthleteSummary() {
        JsonNode direct = issued("read,activity:read");
        JsonNode exchanged =
                Flows.tokens(server, server.createApp("Other", "localhost"), "marianne", "read,activity:read");

        assertThat(keys(direct)).isEqualTo(keys(exchanged));
        assertThat(direct.get("athlete")).isEqualTo(exchanged.get("athlete"));
        assertThat(direct.get("expires_in").asLong()).isEqualTo(21_600);
        assertThat(direct.get("expires_at").asLong()).isEqualTo(TestServer.START.getEpochSecond() + 21_600);
        assertThat(direct.get("athlete").get("id").asLong())
                .isEqualTo(marianne.id().value());
    }

    @Test
    void issuedTokens_areStoredOnlyAsDigests_andGrantTheRequestedScopes() {
        JsonNode tokens = issued("read,activity:read");
        String bearer = "Bearer " + tokens.get("access_token").asString();

        assertThat(server.http().get("/api/v3/athlete", "Authorization", bearer).status())
                .isEqualTo(200);
        assertThat(server.http()
                        .get("/api/v3/athlete/activities", "Authorization", bearer)
                        .status())
                .isEqualTo(200);
        assertThat(server.http()
                        .get("/api/v3/athlete/zones", "Authorization", bearer)
                        .status())
                .isEqualTo(401);
        String rows = Tables.snapshot(server).toString();
        assertThat(rows)
                .doesNotContain(tokens.get("access_token").asString())
                .doesNotContain(tokens.get("refresh_token").asString());
        assertThat(server.switchback().authorization().authorizedApps(marianne.id()))
                .hasSize(1);
    }

    @Test
    void issuedTokens_areRevokedByDeauthorize_likeThoseOfTheBrowserFlow() {
        JsonNode tokens = issued("read");
        String bearer = "Bearer " + tokens.get("access_token").asString();

        assertThat(server.http()
                        .postEmpty("/oauth/deauthorize", "Authorization", bearer)
                        .status())
                .isEqualTo(200);

        Http.Response after = server.http().get("/api/v3/athlete", "Authorization", bearer);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.body()).isEqualTo(ACCESS_TOKEN_INVALID);
        assertThat(Flows.refresh(server, app, tokens.get("refresh_token").asString())
                        .status())
                .isEqualTo(400);
    }

    @Test
    void issuedRefreshToken_refreshes_andRotates() {
        JsonNode tokens = issued("read");

        Http.Response refreshed =
                Flows.refresh(server, app, tokens.get("refresh_token").asString());

        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        assertThat(refreshed.json().get("refresh_token").asString())
                .isNotEqualTo(tokens.get("refresh_token").asString());
    }

    @Test
    void athlete_mayBeNamedByItsId_andClientIdByItsDigits() {
        Http.Response response = issue("{\"athlete\":" + marianne.id() + ",\"client_id\":\""
                + app.app().clientId() + "\"}");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("athlete").get("username").asString()).isEqualTo("marianne");
        assertThat(response.header("Cache-Control")).contains("no-store");
    }

    @Test
    void expiresIn_givesAShortLivedAccessToken_thatExpiresWhenTheClockPassesIt() {
        Http.Response response =
                issue("{\"athlete\":\"marianne\",\"client_id\":" + app.app().clientId() + ",\"expires_in\":60}");
        assertThat(response.json().get("expires_in").asLong()).isEqualTo(60);
        String bearer = "Bearer " + response.json().get("access_token").asString();
        assertThat(server.http().get("/api/v3/athlete", "Authorization", bearer).status())
                .isEqualTo(200);

        server.clock().advance(Duration.ofSeconds(61));

        assertThat(server.http().get("/api/v3/athlete", "Authorization", bearer).body())
                .isEqualTo(ACCESS_TOKEN_INVALID);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not JSON                 | [1]                                                        | 400 | body",
                "unknown field            | {\"athlete\":\"marianne\",\"client_id\":APP,\"secret\":1}  | 400 | secret",
                "athlete missing          | {\"client_id\":APP}                                        | 400 | athlete",
                "client_id not a number   | {\"athlete\":\"marianne\",\"client_id\":\"x1\"}            | 400 | client_id",
                "scope unknown            | {\"athlete\":\"marianne\",\"client_id\":APP,\"scope\":\"view_private\"} | 400 | scope",
                "expires_in zero          | {\"athlete\":\"marianne\",\"client_id\":APP,\"expires_in\":0}  | 400 | expires_in",
                "expires_in over 6 hours  | {\"athlete\":\"marianne\",\"client_id\":APP,\"expires_in\":21601} | 400 | expires_in",
                "expires_in not a number  | {\"athlete\":\"marianne\",\"client_id\":APP,\"expires_in\":\"60\"} | 400 | expires_in",
                "unknown athlete          | {\"athlete\":\"nobody\",\"client_id\":APP}                 | 404 | athlete",
                "unknown app              | {\"athlete\":\"marianne\",\"client_id\":999999}            | 404 | client_id",
            })
    void badInput_isAFaultNamingTheField_andChangesNothing(String what, String json, int status, String field) {
        Map<String, List<String>> before = Tables.snapshot(server);

        Http.Response response = issue(json.replace("APP", app.app().clientId().toString()));

        assertThat(response.status()).as(response.body()).isEqualTo(status);
        Faults.assertStravaShaped4xx(response);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
        assertThat(Tables.snapshot(server)).isEqualTo(before);
    }

    @Test
    void aFullApp_refusesANewAthlete_asConsentWould() {
        AppService.CreatedApp small = server.createApp("Small", "localhost", Optional.empty(), 1);
        server.createAthlete("jules");
        assertThat(issue("{\"athlete\":\"marianne\",\"client_id\":"
                                + small.app().clientId() + "}")
                        .status())
                .isEqualTo(200);

        Http.Response refused =
                issue("{\"athlete\":\"jules\",\"client_id\":" + small.app().clientId() + "}");

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).isEqualTo(Faults.fault("Forbidden", "Application", "athlete_capacity", "exceeded"));
    }
}
