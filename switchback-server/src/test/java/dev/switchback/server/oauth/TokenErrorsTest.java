package dev.switchback.server.oauth;

import static dev.switchback.server.testing.Faults.CODE_EXPIRED;
import static dev.switchback.server.testing.Faults.REFRESH_TOKEN_INVALID;
import static dev.switchback.server.testing.Faults.tokenError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppService;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.TestServer;
import dev.switchback.store.testing.TestDatabase;
import dev.switchback.testing.HttpTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
 * Every error row of contract#token-errors, on both token paths: status 400 (401 with a Basic challenge when the
 * client authenticated through Basic, contract#basic-challenge), the whole body (Strava's Fault, then the RFC 6749
 * {@code error} and {@code error_description}), and {@code Cache-Control: no-store}. On SQLite and on PostgreSQL.
 */
@HttpTest
@ParameterizedClass(name = "on {0}")
@EnumSource(TestDatabase.Kind.class)
class TokenErrorsTest {
    private static final String UNKNOWN_CLIENT_ID =
            tokenError("Application", "client_id", "invalid", "invalid_client", "client_id is not a known application");
    private static final String MISSING_CLIENT_ID =
            tokenError("Application", "client_id", "invalid", "invalid_client", "client_id is missing");
    private static final String WRONG_CLIENT_SECRET = tokenError(
            "Application",
            "client_secret",
            "invalid",
            "invalid_client",
            "client_secret is not the secret of this client_id");
    private static final String MISSING_CLIENT_SECRET =
            tokenError("Application", "client_secret", "invalid", "invalid_client", "client_secret is missing");
    private static final String INVALID_CODE = tokenError(
            "AuthorizationCode",
            "code",
            "invalid",
            "invalid_grant",
            "code is unknown or was issued to another application");
    private static final String MISSING_CODE =
            tokenError("AuthorizationCode", "code", "invalid", "invalid_grant", "code is missing");
    private static final String EXPIRED_CODE = CODE_EXPIRED;
    private static final String MISSING_REFRESH_TOKEN =
            tokenError("RefreshToken", "refresh_token", "invalid", "invalid_grant", "refresh_token is missing");
    private static final String UNKNOWN_TOKEN = "0123456789abcdef0123456789abcdef01234567";

    @Parameter
    TestDatabase.Kind database;

    private TestServer server;
    private AppService.CreatedApp app;
    private AppService.CreatedApp otherApp;
    private Http http;

    @BeforeEach
    void start() {
        server = TestServer.start(database);
        server.createAthlete("marianne");
        app = server.createApp("Training Log", "example.com");
        otherApp = server.createApp("Other App", "example.org");
        http = server.http();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    // --- client authentication --------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void exchange_withUnknownClientId_returns400InvalidClientId(String path) {
        Http.Response response = post(
                path,
                Http.form(
                        "client_id",
                        "999999",
                        "client_secret",
                        app.secret().value(),
                        "code",
                        code(),
                        "grant_type",
                        "authorization_code"));

        assertError(response, UNKNOWN_CLIENT_ID);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void exchange_withNonNumericClientId_returns400InvalidClientId(String path) {
        Http.Response response = post(
                path,
                Http.form(
                        "client_id",
                        "training-log",
                        "client_secret",
                        app.secret().value(),
                        "code",
                        code(),
                        "grant_type",
                        "authorization_code"));

        assertError(response, UNKNOWN_CLIENT_ID);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void exchange_withoutClientId_returns400InvalidClientId(String path) {
        Http.Response response = post(
                path,
                Http.form("client_secret", app.secret().value(), "code", code(), "grant_type", "authorization_code"));

        assertError(response, MISSING_CLIENT_ID);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void exchange_withoutClientSecret_returns400InvalidClientSecret(String path) {
        Http.Response response =
                post(path, Http.form("client_id", clientId(app), "code", code(), "grant_type", "authorization_code"));

        assertError(response, MISSING_CLIENT_SECRET);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void exchange_withWrongClientSecret_returns400InvalidClientSecret_andLeavesTheCodeUsable(String path) {
        String code = code();

        Http.Response response = post(
                path,
                Http.form(
                        "client_id",
                        clientId(app),
                        "client_secret",
                        UNKNOWN_TOKEN,
                        "code",
                        code,
                        "grant_type",
                        "authorization_code"));

        assertError(response, WRONG_CLIENT_SECRET);
        assertThat(post(path, exchange(app, code)).status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void exchange_withWrongClientSecretAsBasic_returns401InvalidClientSecret_withABasicChallenge(String path) {
        String code = code();

        Http.Response response = http.postForm(
                path,
                Http.form("code", code, "grant_type", "authorization_code"),
                "Authorization",
                TokenEndpointTest.basic(clientId(app), UNKNOWN_TOKEN));

        assertBasicChallenge(response, WRONG_CLIENT_SECRET);
        assertThat(post(path, exchange(app, code)).status()).isEqualTo(200);
    }

    @Test
    void refresh_withUnknownClientIdAsBasic_returns401InvalidClientId_withABasicChallenge() {
        Http.Response response = http.postForm(
                "/oauth/token",
                Http.form("grant_type", "refresh_token", "refresh_token", UNKNOWN_TOKEN),
                "Authorization",
                TokenEndpointTest.basic("999999", UNKNOWN_TOKEN));

        assertBasicChallenge(response, UNKNOWN_CLIENT_ID);
    }

    @Test
    void exchange_withABasicHeaderThatDoesNotDecode_returns401InvalidClientSecret_withABasicChallenge() {
        Http.Response response = http.postForm(
                "/oauth/token",
                Http.form("client_id", clientId(app), "code", code(), "grant_type", "authorization_code"),
                "Authorization",
                "Basic !!not base64!!");

        assertBasicChallenge(
                response,
                tokenError(
                        "Application",
                        "client_secret",
                        "invalid",
                        "invalid_client",
                        "client_secret cannot be read: the Basic Authorization header does not decode"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void refresh_withTheSecretOfAnotherApp_returns400InvalidClientSecret(String path) {
        String refreshToken = tokens().get("refresh_token").asString();

        Http.Response response = post(
                path,
                Http.form(
                        "client_id",
                        clientId(app),
                        "client_secret",
                        otherApp.secret().value(),
                        "grant_type",
                        "refresh_token",
                        "refresh_token",
                        refreshToken));

        assertError(response, WRONG_CLIENT_SECRET);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void refresh_withUnknownClientId_returns400InvalidClientId(String path) {
        Http.Response response = post(
                path,
                Http.form(
                        "client_id",
                        "424242",
                        "client_secret",
                        app.secret().value(),
                        "grant_type",
                        "refresh_token",
                        "refresh_token",
                        UNKNOWN_TOKEN));

        assertError(response, UNKNOWN_CLIENT_ID);
    }

    // --- authorization_code -----------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void exchange_withGarbageCode_returns400InvalidCode(String path) {
        Http.Response response = post(path, exchange(app, "not-a-code"));

        assertError(response, INVALID_CODE);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void exchange_withWellFormedUnknownCode_returns400InvalidCode(String path) {
        Http.Response response = post(path, exchange(app, UNKNOWN_TOKEN));

        assertError(response, INVALID_CODE);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void exchange_withoutCode_returns400InvalidCode(String path) {
        Http.Response response = post(
                path,
                Http.form(
                        "client_id",
                        clientId(app),
                        "client_secret",
                        app.secret().value(),
                        "grant_type",
                        "authorization_code"));

        assertError(response, MISSING_CODE);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void exchange_withCodeOfAnotherApp_returns400InvalidCode_andLeavesTheCodeUsableByItsApp(String path) {
        String code = code();

        Http.Response response = post(path, exchange(otherApp, code));

        assertError(response, INVALID_CODE);
        assertThat(post(path, exchange(app, code)).status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void exchange_withCodeUsedTwice_returns400ExpiredCode(String path) {
        String code = code();
        assertThat(post(path, exchange(app, code)).status()).isEqualTo(200);

        Http.Response response = post(path, exchange(app, code));

        assertError(response, EXPIRED_CODE);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void exchange_withCodeUsedOnce_thenReplayedAfterADeauthorization_returns400ExpiredCode_asBeforeIt(String path) {
        String code = code();
        Http.Response first = post(path, exchange(app, code));
        assertThat(first.status()).isEqualTo(200);
        Http.Response deauthorize = http.postForm(
                "/oauth/deauthorize",
                Http.form("access_token", first.json().get("access_token").asString()));
        assertThat(deauthorize.status()).isEqualTo(200);

        Http.Response replay = post(path, exchange(app, code));

        assertError(replay, EXPIRED_CODE);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void exchange_withCodeReplayedAfterTheAthleteRevokedTheAppOnMyApps_returns400ExpiredCode(String path) {
        String code = code();
        assertThat(post(path, exchange(app, code)).status()).isEqualTo(200);
        server.switchback()
                .authorization()
                .revoke(
                        server.switchback()
                                .athletes()
                                .findByUsername("marianne")
                                .orElseThrow()
                                .id(),
                        app.app().clientId());

        assertError(post(path, exchange(app, code)), EXPIRED_CODE);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void exchange_withCodeOlderThanTenMinutes_returns400ExpiredCode(String path) {
        String code = code();
        server.clock().advance(Duration.ofMinutes(11));

        Http.Response response = post(path, exchange(app, code));

        assertError(response, EXPIRED_CODE);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void exchange_withCodeNineMinutesOld_stillSucceeds(String path) {
        String code = code();
        server.clock().advance(Duration.ofMinutes(9));

        assertThat(post(path, exchange(app, code)).status()).isEqualTo(200);
    }

    @Test
    void exchange_twentyAtOnceWithOneCode_exactlyOneWins_andTheOthersGetExpiredCode() throws Exception {
        String code = code();
        int threads = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Http.Response>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Http client = server.http();
                futures.add(pool.submit(() -> {
                    go.await();
                    return client.postForm("/oauth/token", exchange(app, code));
                }));
            }
            go.countDown();
            List<Http.Response> responses = new ArrayList<>();
            for (Future<Http.Response> future : futures) {
                responses.add(future.get(60, TimeUnit.SECONDS));
            }

            assertThat(responses.stream().filter(r -> r.status() == 200)).hasSize(1);
            assertThat(responses.stream().filter(r -> r.status() != 200))
                    .hasSize(threads - 1)
                    .allSatisfy(r -> assertError(r, EXPIRED_CODE));
        } finally {
            pool.shutdownNow();
        }
    }

    // --- grant_type -------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void token_withoutGrantType_returns400InvalidGrantType_invalidRequest(String path) {
        Http.Response response = post(
                path,
                Http.form(
                        "client_id",
                        clientId(app),
                        "client_secret",
                        app.secret().value(),
                        "code",
                        code()));

        assertError(
                response,
                tokenError("Application", "grant_type", "invalid", "invalid_request", "grant_type is missing"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void token_withEmptyBody_returns400InvalidGrantType_invalidRequest(String path) {
        Http.Response response = http.postEmpty(path);

        assertError(
                response,
                tokenError("Application", "grant_type", "invalid", "invalid_request", "grant_type is missing"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void token_withPasswordGrantType_returns400InvalidGrantType_unsupportedGrantType(String path) {
        Http.Response response = post(
                path,
                Http.form(
                        "client_id",
                        clientId(app),
                        "client_secret",
                        app.secret().value(),
                        "grant_type",
                        "password",
                        "username",
                        "marianne",
                        "password",
                        TestServer.PASSWORD));

        assertError(
                response,
                tokenError(
                        "Application",
                        "grant_type",
                        "invalid",
                        "unsupported_grant_type",
                        "grant_type must be authorization_code or refresh_token"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void token_withClientCredentialsGrantType_returns400InvalidGrantType_unsupportedGrantType(String path) {
        Http.Response response = post(
                path,
                Http.form(
                        "client_id",
                        clientId(app),
                        "client_secret",
                        app.secret().value(),
                        "grant_type",
                        "client_credentials"));

        assertError(
                response,
                tokenError(
                        "Application",
                        "grant_type",
                        "invalid",
                        "unsupported_grant_type",
                        "grant_type must be authorization_code or refresh_token"));
    }

    // --- refresh_token ----------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void refresh_withUnknownToken_returns400InvalidRefreshToken(String path) {
        assertError(post(path, refresh(app, UNKNOWN_TOKEN)), REFRESH_TOKEN_INVALID);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void refresh_withGarbageToken_returns400InvalidRefreshToken(String path) {
        assertError(post(path, refresh(app, "refresh-token")), REFRESH_TOKEN_INVALID);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void refresh_withoutToken_returns400InvalidRefreshToken(String path) {
        Http.Response response = post(
                path,
                Http.form(
                        "client_id",
                        clientId(app),
                        "client_secret",
                        app.secret().value(),
                        "grant_type",
                        "refresh_token"));

        assertError(response, MISSING_REFRESH_TOKEN);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void refresh_withSupersededToken_returns400InvalidRefreshToken(String path) {
        String first = tokens().get("refresh_token").asString();
        Http.Response second = post(path, refresh(app, first));
        assertThat(second.status()).isEqualTo(200);
        assertThat(post(path, refresh(app, second.json().get("refresh_token").asString()))
                        .status())
                .as("the new token used: the first is superseded, past the retry window")
                .isEqualTo(200);

        assertError(post(path, refresh(app, first)), REFRESH_TOKEN_INVALID);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void refresh_afterDeauthorize_returns400InvalidRefreshToken(String path) {
        JsonNode tokens = tokens();
        Http.Response deauthorize = http.postForm(
                "/oauth/deauthorize",
                Http.form("access_token", tokens.get("access_token").asString()));
        assertThat(deauthorize.status()).isEqualTo(200);

        assertError(post(path, refresh(app, tokens.get("refresh_token").asString())), REFRESH_TOKEN_INVALID);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void refresh_withTokenOfAnotherApp_returns400InvalidRefreshToken_andLeavesItUsableByItsApp(String path) {
        String refreshToken = tokens().get("refresh_token").asString();

        assertError(post(path, refresh(otherApp, refreshToken)), REFRESH_TOKEN_INVALID);
        assertThat(post(path, refresh(app, refreshToken)).status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void refresh_withAccessTokenInsteadOfRefreshToken_returns400InvalidRefreshToken(String path) {
        String accessToken = tokens().get("access_token").asString();

        assertError(post(path, refresh(app, accessToken)), REFRESH_TOKEN_INVALID);
    }

    // --- helpers ----------------------------------------------------------------------------------

    private String code() {
        return Flows.code(server, app, "marianne", "read");
    }

    private JsonNode tokens() {
        return Flows.tokens(server, app, "marianne", "read");
    }

    private Http.Response post(String path, Map<String, String> form) {
        return http.postForm(path, form);
    }

    private static String clientId(AppService.CreatedApp app) {
        return app.app().clientId().toString();
    }

    private static Map<String, String> exchange(AppService.CreatedApp app, String code) {
        return Http.form(
                "client_id",
                clientId(app),
                "client_secret",
                app.secret().value(),
                "code",
                code,
                "grant_type",
                "authorization_code");
    }

    private static Map<String, String> refresh(AppService.CreatedApp app, String refreshToken) {
        return Http.form(
                "client_id",
                clientId(app),
                "client_secret",
                app.secret().value(),
                "grant_type",
                "refresh_token",
                "refresh_token",
                refreshToken);
    }

    /**
     * A client that failed to authenticate through {@code Authorization: Basic}: 401 with a challenge of that
     * scheme (RFC 6749 §5.2), and the body a client sending its credentials as parameters gets with its 400.
     */
    private static void assertBasicChallenge(Http.Response response, String body) {
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).contains("Basic realm=\"switchback\"");
        assertThat(response.body()).isEqualTo(body);
        assertThat(response.header("Cache-Control")).contains("no-store");
    }

    /**
     * The whole body, and the rule behind every row: an RFC 6749 {@code error_description} that names the Fault's
     * field (the code, for the field-less {@code expired}) in the characters RFC 6749 §5.2 allows.
     */
    private static void assertError(Http.Response response, String body) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(body);
        String field = response.json().get("errors").get(0).get("field").asString();
        assertThat(response.json().get("error_description").asString())
                .matches("[\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]+")
                .contains(field.isEmpty() ? "code" : field);
        assertThat(response.header("Cache-Control")).contains("no-store");
        assertThat(response.header("Content-Type").orElseThrow()).matches("application/json; ?charset=utf-8");
    }
}
