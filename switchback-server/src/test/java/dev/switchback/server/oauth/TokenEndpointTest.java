package dev.switchback.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppService;
import dev.switchback.athlete.Athlete;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.TestServer;
import dev.switchback.store.testing.TestDatabase;
import dev.switchback.testing.HttpTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /oauth/token} and {@code /api/v3/oauth/token} accept every encoding Strava's clients use
 * (contract#token-encodings, contract#code-exchange, contract#refresh-grant) and answer with Strava's exact bodies, in Strava's key order. On SQLite and on
 * PostgreSQL.
 */
@HttpTest
@ParameterizedClass(name = "on {0}")
@EnumSource(TestDatabase.Kind.class)
class TokenEndpointTest {
    private static final String BOUNDARY = "----SwitchbackBoundary7MA4YWxkTrZu0gW";
    private static final List<String> EXCHANGE_KEYS =
            List.of("token_type", "expires_at", "expires_in", "refresh_token", "access_token", "athlete");
    private static final List<String> REFRESH_KEYS =
            List.of("token_type", "access_token", "expires_at", "expires_in", "refresh_token");
    private static final List<String> SUMMARY_ATHLETE_KEYS = List.of(
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

    @Parameter
    TestDatabase.Kind database;

    private TestServer server;
    private Athlete marianne;
    private AppService.CreatedApp app;
    private Http http;

    @BeforeEach
    void start() {
        server = TestServer.start(database);
        marianne = server.createAthlete("marianne");
        app = server.createApp("Training Log", "example.com");
        http = server.http();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    // --- encodings: authorization_code ----------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void codeExchange_withParamsInQueryAndEmptyBody_returnsStravaBody(String path) {
        Http.Response response = http.postEmpty(path + "?" + Http.encode(exchangeParams(code())));

        assertExchangeBody(response);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void codeExchange_withFormBody_returnsStravaBody(String path) {
        Http.Response response = http.postForm(path, exchangeParams(code()));

        assertExchangeBody(response);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void codeExchange_withMultipartBody_returnsStravaBody(String path) {
        Http.Response response =
                http.postRaw(path, "multipart/form-data; boundary=" + BOUNDARY, multipart(exchangeParams(code())));

        assertExchangeBody(response);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void codeExchange_withJsonBody_andClientIdAsNumber_returnsStravaBody(String path) {
        String json = "{\"client_id\":" + clientId() + ",\"client_secret\":\"" + secret() + "\",\"code\":\"" + code()
                + "\",\"grant_type\":\"authorization_code\"}";

        assertExchangeBody(http.postJson(path, json));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void codeExchange_withJsonBody_andClientIdAsString_returnsStravaBody(String path) {
        String json = "{\"client_id\":\"" + clientId() + "\",\"client_secret\":\"" + secret() + "\",\"code\":\""
                + code() + "\",\"grant_type\":\"authorization_code\"}";

        assertExchangeBody(http.postJson(path, json));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void codeExchange_withClientCredentialsInBasicHeader_returnsStravaBody(String path) {
        Http.Response response = http.postForm(
                path,
                Http.form("code", code(), "grant_type", "authorization_code"),
                "Authorization",
                basic(clientId(), secret()));

        assertExchangeBody(response);
    }

    @Test
    void codeExchange_withSecretInBasicHeader_andClientIdInForm_returnsStravaBody() {
        Http.Response response = http.postForm(
                "/oauth/token",
                Http.form("client_id", clientId(), "code", code(), "grant_type", "authorization_code"),
                "Authorization",
                basic(clientId(), secret()));

        assertExchangeBody(response);
    }

    @Test
    void codeExchange_withUnknownExtraParams_ignoresThem() {
        Map<String, String> params = exchangeParams(code());
        params.put("redirect_uri", "http://localhost/cb");
        params.put("state", "xyz");
        params.put("token", "");
        params.put("scope", "read,activity:write");

        assertExchangeBody(http.postForm("/oauth/token", params));
    }

    @Test
    void codeExchange_withUnknownExtraParamsInQueryString_ignoresThem() {
        Http.Response response = http.postEmpty("/oauth/token?" + Http.encode(exchangeParams(code()))
                + "&redirect_uri=http%3A%2F%2Flocalhost%2Fcb&state=xyz&token");

        assertExchangeBody(response);
    }

    @Test
    void codeExchange_bodyIsExactlyStravas_withSummaryAthleteInStravaKeyOrder() {
        Http.Response response = http.postForm("/oauth/token", exchangeParams(code()));

        JsonNode json = response.json();
        String access = json.get("access_token").asString();
        String refresh = json.get("refresh_token").asString();
        long expiresAt = TestServer.START.getEpochSecond() + 21600;
        assertThat(response.body())
                .startsWith("{\"token_type\":\"Bearer\",\"expires_at\":" + expiresAt
                        + ",\"expires_in\":21600,\"refresh_token\":\"" + refresh + "\",\"access_token\":\"" + access
                        + "\",\"athlete\":{\"id\":" + marianne.id() + ",\"username\":\"marianne\",\"resource_state\":2,"
                        + "\"firstname\":\"First marianne\",\"lastname\":\"Last\",\"bio\":\"\",");
        assertThat(keys(json.get("athlete"))).containsExactlyElementsOf(SUMMARY_ATHLETE_KEYS);
        assertThat(json.get("athlete").get("created_at").asString()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(json.has("scope")).isFalse();
    }

    // --- encodings: refresh_token ---------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void refresh_withParamsInQueryAndEmptyBody_returnsStravaBody(String path) {
        String refreshToken = refreshToken();

        Http.Response response = http.postEmpty(path + "?" + Http.encode(refreshParams(refreshToken)));

        assertRefreshBody(response, refreshToken);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void refresh_withFormBody_returnsStravaBody(String path) {
        String refreshToken = refreshToken();

        assertRefreshBody(http.postForm(path, refreshParams(refreshToken)), refreshToken);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void refresh_withMultipartBody_returnsStravaBody(String path) {
        String refreshToken = refreshToken();

        Http.Response response =
                http.postRaw(path, "multipart/form-data; boundary=" + BOUNDARY, multipart(refreshParams(refreshToken)));

        assertRefreshBody(response, refreshToken);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void refresh_withJsonBody_andClientIdAsNumber_returnsStravaBody(String path) {
        String refreshToken = refreshToken();
        String json = "{\"client_id\":" + clientId() + ",\"client_secret\":\"" + secret()
                + "\",\"grant_type\":\"refresh_token\",\"refresh_token\":\"" + refreshToken + "\"}";

        assertRefreshBody(http.postJson(path, json), refreshToken);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void refresh_withJsonBody_andClientIdAsString_returnsStravaBody(String path) {
        String refreshToken = refreshToken();
        String json = "{\"client_id\":\"" + clientId() + "\",\"client_secret\":\"" + secret()
                + "\",\"grant_type\":\"refresh_token\",\"refresh_token\":\"" + refreshToken + "\"}";

        assertRefreshBody(http.postJson(path, json), refreshToken);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void refresh_withClientCredentialsInBasicHeader_returnsStravaBody(String path) {
        String refreshToken = refreshToken();

        Http.Response response = http.postForm(
                path,
                Http.form("grant_type", "refresh_token", "refresh_token", refreshToken),
                "Authorization",
                basic(clientId(), secret()));

        assertRefreshBody(response, refreshToken);
    }

    @Test
    void refresh_withUnknownExtraParams_ignoresThem() {
        String refreshToken = refreshToken();
        Map<String, String> params = refreshParams(refreshToken);
        params.put("redirect_uri", "http://localhost/cb");
        params.put("state", "xyz");
        params.put("scope", "read");

        assertRefreshBody(http.postForm("/oauth/token", params), refreshToken);
    }

    @Test
    void refresh_bodyIsExactlyStravas_withoutAthleteOrScope() {
        String refreshToken = refreshToken();
        server.clock().advance(Duration.ofHours(1));

        Http.Response response = http.postForm("/oauth/token", refreshParams(refreshToken));

        JsonNode json = response.json();
        long expiresAt = TestServer.START.plus(Duration.ofHours(1)).getEpochSecond() + 21600;
        assertThat(response.body())
                .isEqualTo("{\"token_type\":\"Bearer\",\"access_token\":\""
                        + json.get("access_token").asString()
                        + "\",\"expires_at\":" + expiresAt + ",\"expires_in\":21600,\"refresh_token\":\""
                        + json.get("refresh_token").asString() + "\"}");
    }

    // --- headers ----------------------------------------------------------------------------------

    @Test
    void tokenResponses_carryNoStore_andNoRateLimitHeaders_onSuccessAndError() {
        Http.Response exchange = http.postForm("/oauth/token", exchangeParams(code()));
        Http.Response refresh = http.postForm(
                "/oauth/token",
                refreshParams(exchange.json().get("refresh_token").asString()));
        Http.Response error = http.postForm("/oauth/token", refreshParams("0".repeat(40)));
        Http.Response apiError = http.postForm("/api/v3/oauth/token", Http.form("grant_type", "password"));

        for (Http.Response response : List.of(exchange, refresh, error, apiError)) {
            assertThat(response.header("Cache-Control")).as(response.body()).contains("no-store");
            assertThat(response.header("Content-Type").orElseThrow()).matches("application/json; ?charset=utf-8");
            assertThat(response.headers().keySet())
                    .as(response.body())
                    .noneMatch(name -> name.toLowerCase().contains("ratelimit"));
        }
        assertThat(List.of(exchange.status(), refresh.status(), error.status(), apiError.status()))
                .containsExactly(200, 200, 400, 400);
    }

    // --- helpers ----------------------------------------------------------------------------------

    private String code() {
        return Flows.code(server, app, "marianne", "read");
    }

    private String refreshToken() {
        return Flows.tokens(server, app, "marianne", "read")
                .get("refresh_token")
                .asString();
    }

    private String clientId() {
        return app.app().clientId().toString();
    }

    private String secret() {
        return app.secret().value();
    }

    private Map<String, String> exchangeParams(String code) {
        return Http.form(
                "client_id", clientId(), "client_secret", secret(), "code", code, "grant_type", "authorization_code");
    }

    private Map<String, String> refreshParams(String refreshToken) {
        return Http.form(
                "client_id",
                clientId(),
                "client_secret",
                secret(),
                "grant_type",
                "refresh_token",
                "refresh_token",
                refreshToken);
    }

    static String basic(String clientId, String secret) {
        return "Basic "
                + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    static byte[] multipart(Map<String, String> fields) {
        StringBuilder body = new StringBuilder();
        fields.forEach((name, value) -> body.append("--")
                .append(BOUNDARY)
                .append("\r\n")
                .append("Content-Disposition: form-data; name=\"")
                .append(name)
                .append("\"\r\n\r\n")
                .append(value)
                .append("\r\n"));
        body.append("--").append(BOUNDARY).append("--\r\n");
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.propertyNames().forEach(keys::add);
        return keys;
    }

    /** 200, Strava's exchange keys in order, a live access token for marianne. */
    private void assertExchangeBody(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode json = response.json();
        assertThat(keys(json)).containsExactlyElementsOf(EXCHANGE_KEYS);
        assertThat(json.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(json.get("expires_in").asLong()).isEqualTo(21600);
        assertThat(json.get("expires_at").asLong())
                .isEqualTo(server.clock().instant().getEpochSecond() + 21600);
        assertThat(json.get("access_token").asString()).matches("[0-9a-f]{40}");
        assertThat(json.get("refresh_token").asString()).matches("[0-9a-f]{40}");
        assertThat(json.get("athlete").get("id").asLong())
                .isEqualTo(marianne.id().value());
        assertThat(json.get("athlete").get("resource_state").asInt()).isEqualTo(2);
        assertThat(response.header("Cache-Control")).contains("no-store");
        assertThat(http.get(
                                "/api/v3/athlete",
                                "Authorization",
                                "Bearer " + json.get("access_token").asString())
                        .status())
                .isEqualTo(200);
    }

    /** 200, Strava's refresh keys in order, a rotated refresh token and a live access token. */
    private void assertRefreshBody(Http.Response response, String presented) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode json = response.json();
        assertThat(keys(json)).containsExactlyElementsOf(REFRESH_KEYS);
        assertThat(json.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(json.get("expires_in").asLong()).isEqualTo(21600);
        assertThat(json.get("expires_at").asLong())
                .isEqualTo(server.clock().instant().getEpochSecond() + 21600);
        assertThat(json.get("refresh_token").asString()).matches("[0-9a-f]{40}").isNotEqualTo(presented);
        assertThat(response.header("Cache-Control")).contains("no-store");
        assertThat(http.get(
                                "/api/v3/athlete",
                                "Authorization",
                                "Bearer " + json.get("access_token").asString())
                        .status())
                .isEqualTo(200);
    }
}
