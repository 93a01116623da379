package dev.switchback.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppService;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The whole flow a Strava client goes through, end to end over HTTP. */
@HttpTest
class OAuthFlowTest {
    private TestServer server;
    private AppService.CreatedApp app;

    @BeforeEach
    void start() {
        server = TestServer.start();
        server.createAthlete("marianne");
        app = server.createApp("Training Log", "example.com");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void codeExchange_returnsStravaBodyInStravaOrder_withAthleteSummary() {
        JsonNode tokens = Flows.tokens(server, app, "marianne", "read,activity:read");

        assertThat(tokens.propertyNames())
                .containsExactly("token_type", "expires_at", "expires_in", "refresh_token", "access_token", "athlete");
        assertThat(tokens.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(tokens.get("expires_in").asLong()).isEqualTo(21600);
        assertThat(tokens.get("expires_at").asLong()).isEqualTo(TestServer.START.getEpochSecond() + 21600);
        assertThat(tokens.get("access_token").asString()).matches("[0-9a-f]{40}");
        assertThat(tokens.get("refresh_token").asString()).matches("[0-9a-f]{40}");
        assertThat(tokens.get("athlete").get("username").asString()).isEqualTo("marianne");
        assertThat(tokens.get("athlete").get("resource_state").asInt()).isEqualTo(2);
    }

    @Test
    void refresh_rotatesTheRefreshToken_andTheOldOneIsRefusedOnceTheNewOneWasUsed() {
        JsonNode tokens = Flows.tokens(server, app, "marianne", "read");
        String first = tokens.get("refresh_token").asString();

        Http.Response refreshed = Flows.refresh(server, app, first);
        Http.Response next =
                Flows.refresh(server, app, refreshed.json().get("refresh_token").asString());
        Http.Response replay = Flows.refresh(server, app, first);

        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.json().has("athlete")).isFalse();
        assertThat(refreshed.json().get("refresh_token").asString()).isNotEqualTo(first);
        assertThat(next.status()).isEqualTo(200);
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.body())
                .isEqualTo("{\"message\":\"Bad Request\",\"errors\":[{\"resource\":\"RefreshToken\","
                        + "\"field\":\"refresh_token\",\"code\":\"invalid\"}],\"error\":\"invalid_grant\","
                        + "\"error_description\":\"refresh_token is unknown, revoked or superseded\"}");
        assertThat(replay.header("Cache-Control")).contains("no-store");
        assertThat(replay.header("Content-Type").orElseThrow()).matches("application/json; ?charset=utf-8");
    }

    @Test
    void deauthorize_killsEveryTokenOfTheGrant_andEchoesTheToken() {
        JsonNode tokens = Flows.tokens(server, app, "marianne", "read");
        String access = tokens.get("access_token").asString();

        Http.Response response = server.http().postEmpty("/oauth/deauthorize", "Authorization", "Bearer " + access);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"access_token\":\"" + access + "\"}");
        assertThat(server.http()
                        .get("/api/v3/athlete", "Authorization", "Bearer " + access)
                        .status())
                .isEqualTo(401);
        assertThat(Flows.refresh(server, app, tokens.get("refresh_token").asString())
                        .status())
                .isEqualTo(400);
    }
}
