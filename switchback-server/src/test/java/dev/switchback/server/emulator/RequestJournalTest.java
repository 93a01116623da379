package dev.switchback.server.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppService;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /_switchback/requests}: what the app sent, without a token, code or secret. */
@HttpTest
class RequestJournalTest {
    private TestServer server;
    private AppService.CreatedApp app;
    private JsonNode tokens;

    @BeforeEach
    void start() {
        server = TestServer.start(Map.of("emulator", "true"));
        server.createAthlete("marianne");
        app = server.createApp("Training Log", "localhost");
        tokens = server.http()
                .postJson(
                        "/_switchback/tokens",
                        "{\"athlete\":\"marianne\",\"client_id\":" + app.app().clientId() + "}")
                .json();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode requests(String since) {
        Http.Response response = server.http().get("/_switchback/requests?since=" + since);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    @Test
    void aRefresh_andAnApiCall_areJournalled_withGrantTypeOutcomeAndIds_butNoSecret() {
        String refresh = tokens.get("refresh_token").asString();
        Http.Response refreshed = Flows.refresh(server, app, refresh);
        Flows.refresh(server, app, "0123456789abcdef0123456789abcdef01234567");
        String access = refreshed.json().get("access_token").asString();
        server.http().get("/api/v3/athlete?access_token=" + access);

        Http.Response journal = server.http().get("/_switchback/requests");

        JsonNode entries = journal.json();
        assertThat(entries.size()).isEqualTo(3);
        JsonNode first = entries.get(0);
        assertThat(first.get("method").asString()).isEqualTo("POST");
        assertThat(first.get("path").asString()).isEqualTo("/oauth/token");
        assertThat(first.get("status").asInt()).isEqualTo(200);
        assertThat(first.get("grant_type").asString()).isEqualTo("refresh_token");
        assertThat(first.get("outcome").asString()).isEqualTo("issued");
        assertThat(first.get("client_id").asLong())
                .isEqualTo(app.app().clientId().value());
        assertThat(first.get("time").asString()).isEqualTo(TestServer.START.toString());
        assertThat(entries.get(1).get("outcome").asString()).isEqualTo("invalid_grant");
        JsonNode api = entries.get(2);
        assertThat(api.get("path").asString()).isEqualTo("/api/v3/athlete");
        assertThat(api.get("athlete_id").asLong())
                .isEqualTo(tokens.get("athlete").get("id").asLong());
        assertThat(api.has("grant_type")).isFalse();
        assertThat(journal.body())
                .doesNotContain(refresh)
                .doesNotContain(access)
                .doesNotContain(app.secret().value())
                .doesNotContain("access_token");
    }

    @Test
    void since_listsOnlyLaterRequests_soATestCanAssertTheAppRefreshedExactlyOnce() {
        server.http().get("/api/v3/athlete");
        long mark = requests("0").get(0).get("id").asLong();

        Flows.refresh(server, app, tokens.get("refresh_token").asString());

        List<String> grantTypes = new ArrayList<>();
        requests(String.valueOf(mark))
                .forEach(entry -> grantTypes.add(entry.path("grant_type").asString("")));
        assertThat(grantTypes).containsExactly("refresh_token");
    }

    @Test
    void injectedFaults_areMarked_andDeleteEmptiesTheJournal() {
        server.http().postJson("/_switchback/faults", "{\"path\":\"/api/v3/athlete\",\"status\":503}");
        server.http()
                .get(
                        "/api/v3/athlete",
                        "Authorization",
                        "Bearer " + tokens.get("access_token").asString());

        JsonNode entry = requests("0").get(0);
        assertThat(entry.get("status").asInt()).isEqualTo(503);
        assertThat(entry.get("injected").asBoolean()).isTrue();

        assertThat(server.http()
                        .send("DELETE", "/_switchback/requests", null, null)
                        .status())
                .isEqualTo(204);
        assertThat(requests("0").size()).isZero();
    }

    @Test
    void aTokenRequestWithBasicCredentials_isJournalledWithItsClientId() {
        String basic = java.util.Base64.getEncoder()
                .encodeToString((app.app().clientId() + ":" + app.secret().value()).getBytes());
        server.http()
                .postForm(
                        "/oauth/token",
                        Http.form(
                                "grant_type",
                                "refresh_token",
                                "refresh_token",
                                tokens.get("refresh_token").asString()),
                        "Authorization",
                        "Basic " + basic);

        JsonNode entry = requests("0").get(0);
        assertThat(entry.get("client_id").asLong())
                .isEqualTo(app.app().clientId().value());
        assertThat(entry.get("outcome").asString()).isEqualTo("issued");
    }

    @Test
    void since_thatIsNotAnId_isA400NamingIt() {
        Http.Response response = server.http().get("/_switchback/requests?since=yesterday");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("since");
    }

    @Test
    void unknownPaths_areJournalledToo_withTheir404() {
        server.http().get("/api/v3/nothing-here");

        JsonNode entry = requests("0").get(0);
        assertThat(entry.get("path").asString()).isEqualTo("/api/v3/nothing-here");
        assertThat(entry.get("status").asInt()).isEqualTo(404);
    }
}
