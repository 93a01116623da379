package dev.switchback.server.http;

import static dev.switchback.server.testing.Faults.APPLICATION_INVALID;
import static dev.switchback.server.testing.Faults.assertStravaShaped4xx;
import static dev.switchback.server.testing.Faults.fault;
import static dev.switchback.server.testing.Faults.tokenError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppService;
import dev.switchback.server.testing.Browser;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.Tables;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Bad input on {@code /oauth/token}, {@code /oauth/deauthorize} and {@code /oauth/authorize}: missing,
 * empty, repeated, over-long, non-numeric and non-UTF-8 parameters, wrong content types, broken JSON,
 * bodies over the limit and wrong methods. Each gets a Strava-shaped 4xx (never a 500, never a class
 * name) and changes nothing in the database. Every request otherwise carries a live code, refresh token
 * or access token, so a request wrongly accepted would show in the tables.
 */
@HttpTest
class BadInputTest {
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String LONG = "1".repeat(5000);
    private static final String BAD_UTF8 = "%C3%28";

    private TestServer server;
    private AppService.CreatedApp app;
    private Http http;
    private String code;
    private String access;
    private String refresh;
    private Browser browser;

    @BeforeEach
    void start() {
        server = TestServer.start();
        server.createAthlete("marianne");
        app = server.createApp("Training Log", "example.com");
        http = server.http();
        JsonNode first = Flows.tokens(server, app, "marianne", "read");
        JsonNode second = Flows.refresh(server, app, first.get("refresh_token").asString())
                .json();
        access = second.get("access_token").asString();
        refresh = second.get("refresh_token").asString();
        code = Flows.code(server, app, "marianne", "read");
        browser = new Browser(server, "marianne").logIn();
        for (String table : Tables.OAUTH) {
            assertThat(Tables.count(server, table)).as(table).isPositive();
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    // --- controls: the same requests, well formed, do change the tables --------------------------

    @Test
    void control_wellFormedExchangeRefreshAndDeauthorize_changeTheTables() {
        assertChanges(() -> post("/oauth/token", refreshForm()));
        assertChanges(() -> authorize(authorizeQuery()));
        assertChanges(() -> post("/oauth/token", exchangeForm()));
        assertChanges(() -> post("/oauth/deauthorize", "access_token=" + access));
    }

    // --- /oauth/token: missing and empty ---------------------------------------------------------

    @Test
    void token_withoutClientId_returns400InvalidClientId() {
        Http.Response response = rejected(() -> post("/oauth/token", without(exchangeForm(), "client_id")));

        assertThat(response.body())
                .isEqualTo(tokenError("Application", "client_id", "invalid", "invalid_client", "client_id is missing"));
    }

    @Test
    void token_withEmptyClientId_returns400InvalidClientId() {
        Http.Response response = rejected(() -> post("/oauth/token", replace(exchangeForm(), "client_id", "")));

        assertThat(response.body())
                .isEqualTo(tokenError("Application", "client_id", "invalid", "invalid_client", "client_id is missing"));
    }

    @Test
    void token_withEmptyClientSecret_returns400InvalidClientSecret() {
        Http.Response response = rejected(() -> post("/oauth/token", replace(exchangeForm(), "client_secret", "")));

        assertThat(response.body())
                .isEqualTo(tokenError(
                        "Application", "client_secret", "invalid", "invalid_client", "client_secret is missing"));
    }

    @Test
    void token_withEmptyCode_returns400InvalidCode() {
        Http.Response response = rejected(() -> post("/oauth/token", replace(exchangeForm(), "code", "")));

        assertThat(response.body())
                .isEqualTo(tokenError("AuthorizationCode", "code", "invalid", "invalid_grant", "code is missing"));
    }

    @Test
    void token_withEmptyRefreshToken_returns400InvalidRefreshToken() {
        Http.Response response = rejected(() -> post("/oauth/token", replace(refreshForm(), "refresh_token", "")));

        assertThat(response.body())
                .isEqualTo(tokenError(
                        "RefreshToken", "refresh_token", "invalid", "invalid_grant", "refresh_token is missing"));
    }

    @Test
    void token_withEmptyGrantType_isTreatedAsMissing_returns400InvalidGrantType() {
        Http.Response response = rejected(() -> post("/oauth/token", replace(exchangeForm(), "grant_type", "")));

        assertThat(response.body())
                .isEqualTo(
                        tokenError("Application", "grant_type", "invalid", "invalid_request", "grant_type is missing"));
    }

    @Test
    void token_withNameOnlyParameters_returns400() {
        rejected(() -> post("/oauth/token", "client_id&client_secret&code&grant_type"));
    }

    // --- /oauth/token: repeated -------------------------------------------------------------------

    @Test
    void token_withClientIdTwice_returns400InvalidClientId() {
        Http.Response response = rejected(() ->
                post("/oauth/token", exchangeForm() + "&client_id=" + app.app().clientId()));

        assertThat(response.body())
                .isEqualTo(tokenError(
                        "Application", "client_id", "invalid", "invalid_request", "client_id is given more than once"));
    }

    @Test
    void token_withClientSecretTwice_returns400InvalidClientSecret() {
        Http.Response response = rejected(() -> post(
                "/oauth/token",
                exchangeForm() + "&client_secret=" + app.secret().value()));

        assertThat(response.body())
                .isEqualTo(tokenError(
                        "Application",
                        "client_secret",
                        "invalid",
                        "invalid_request",
                        "client_secret is given more than once"));
    }

    @Test
    void token_withCodeTwice_returns400InvalidCode() {
        Http.Response response = rejected(() -> post("/oauth/token", exchangeForm() + "&code=" + code));

        assertThat(response.body())
                .isEqualTo(tokenError(
                        "AuthorizationCode", "code", "invalid", "invalid_request", "code is given more than once"));
    }

    @Test
    void token_withGrantTypeTwice_returns400InvalidGrantType() {
        Http.Response response =
                rejected(() -> post("/oauth/token", exchangeForm() + "&grant_type=authorization_code"));

        assertThat(response.body())
                .isEqualTo(tokenError(
                        "Application",
                        "grant_type",
                        "invalid",
                        "invalid_request",
                        "grant_type is given more than once"));
    }

    @Test
    void token_withRefreshTokenTwice_returns400InvalidRefreshToken() {
        Http.Response response = rejected(() -> post("/oauth/token", refreshForm() + "&refresh_token=" + refresh));

        assertThat(response.body())
                .isEqualTo(tokenError(
                        "RefreshToken",
                        "refresh_token",
                        "invalid",
                        "invalid_request",
                        "refresh_token is given more than once"));
    }

    @Test
    void token_withCodeInQueryAndInBody_returns400InvalidCode() {
        Http.Response response = rejected(() -> http.postRaw("/oauth/token?code=" + code, FORM, bytes(exchangeForm())));

        assertThat(response.body())
                .isEqualTo(tokenError(
                        "AuthorizationCode", "code", "invalid", "invalid_request", "code is given more than once"));
    }

    @Test
    void token_withDuplicateKeyInJson_returns400InvalidBody() {
        String json = "{\"client_id\":" + app.app().clientId() + ",\"client_id\":"
                + app.app().clientId() + ",\"client_secret\":\"" + app.secret().value() + "\",\"code\":\"" + code
                + "\",\"grant_type\":\"authorization_code\"}";

        Http.Response response = rejected(() -> http.postJson("/oauth/token", json));

        assertThat(response.body())
                .isEqualTo(tokenError("Request", "body", "invalid", "invalid_request", "body is not valid JSON"));
    }

    @Test
    void token_withCodeTwiceInMultipart_returns400InvalidCode() {
        String boundary = "b0undary";
        String body = part(boundary, "client_id", app.app().clientId().toString())
                + part(boundary, "client_secret", app.secret().value())
                + part(boundary, "code", code) + part(boundary, "code", code)
                + part(boundary, "grant_type", "authorization_code")
                + "--" + boundary + "--\r\n";

        Http.Response response =
                rejected(() -> http.postRaw("/oauth/token", "multipart/form-data; boundary=" + boundary, bytes(body)));

        assertThat(response.body())
                .isEqualTo(tokenError(
                        "AuthorizationCode", "code", "invalid", "invalid_request", "code is given more than once"));
    }

    // --- /oauth/token: over-long ------------------------------------------------------------------

    @Test
    void token_withOverLongClientId_returns400InvalidClientId() {
        Http.Response response = rejected(() -> post("/oauth/token", replace(exchangeForm(), "client_id", LONG)));

        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("client_id");
    }

    @Test
    void token_withOverLongCode_returns400InvalidCode() {
        Http.Response response = rejected(() -> post("/oauth/token", replace(exchangeForm(), "code", LONG)));

        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("code");
    }

    @Test
    void token_withOverLongClientSecret_returns400InvalidClientSecret() {
        Http.Response response = rejected(() -> post("/oauth/token", replace(exchangeForm(), "client_secret", LONG)));

        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("client_secret");
    }

    @Test
    void token_withOverLongGrantType_returns400InvalidGrantType() {
        Http.Response response = rejected(() -> post("/oauth/token", replace(exchangeForm(), "grant_type", LONG)));

        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("grant_type");
    }

    @Test
    void token_withOverLongRefreshToken_returns400InvalidRefreshToken() {
        Http.Response response = rejected(() -> post("/oauth/token", replace(refreshForm(), "refresh_token", LONG)));

        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("refresh_token");
    }

    @Test
    void token_withOverLongParametersInQueryString_returns400() {
        rejected(() -> http.postEmpty("/oauth/token?" + replace(exchangeForm(), "code", LONG)));
    }

    // --- /oauth/token: non-numeric client_id ----------------------------------------------------

    @Test
    void token_withNonNumericClientIds_returns400InvalidClientId() {
        for (String clientId : List.of(
                "abc",
                "1e3",
                "0x1",
                "1.0",
                "-" + app.app().clientId(),
                "%20" + app.app().clientId(),
                "99999999999999999999999",
                "%E2%91%A0")) {
            Http.Response response =
                    rejected(() -> post("/oauth/token", replace(exchangeForm(), "client_id", clientId)));
            assertThat(response.body())
                    .as(clientId)
                    .isEqualTo(tokenError(
                            "Application",
                            "client_id",
                            "invalid",
                            "invalid_client",
                            "client_id is not a known application"));
        }
    }

    @Test
    void token_withClientIdAsJsonFloat_returns400InvalidClientId() {
        String json = "{\"client_id\":" + app.app().clientId() + ".5,\"client_secret\":\""
                + app.secret().value() + "\",\"code\":\"" + code + "\",\"grant_type\":\"authorization_code\"}";

        Http.Response response = rejected(() -> http.postJson("/oauth/token", json));

        assertThat(response.body())
                .isEqualTo(tokenError(
                        "Application",
                        "client_id",
                        "invalid",
                        "invalid_client",
                        "client_id is not a known application"));
    }

    @Test
    void token_withClientIdAsJsonObject_returns400InvalidClientId() {
        String json = "{\"client_id\":{\"id\":" + app.app().clientId() + "},\"client_secret\":\""
                + app.secret().value() + "\",\"code\":\"" + code + "\",\"grant_type\":\"authorization_code\"}";

        Http.Response response = rejected(() -> http.postJson("/oauth/token", json));

        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("client_id");
    }

    // --- /oauth/token: not UTF-8 ------------------------------------------------------------------

    @Test
    void token_withPercentEncodedInvalidUtf8InCode_returns400InvalidCode() {
        Http.Response response = rejected(() -> post("/oauth/token", replace(exchangeForm(), "code", BAD_UTF8)));

        assertThat(response.body())
                .isEqualTo(tokenError(
                        "AuthorizationCode",
                        "code",
                        "invalid",
                        "invalid_request",
                        "code is malformed: not one value of UTF-8 text"));
    }

    @Test
    void token_withPercentEncodedInvalidUtf8InClientIdInQuery_returns400InvalidClientId() {
        String query = replace(exchangeForm(), "client_id", BAD_UTF8);

        Http.Response response = rejected(() -> http.postEmpty("/oauth/token?" + query));

        assertThat(response.body())
                .isEqualTo(tokenError(
                        "Application",
                        "client_id",
                        "invalid",
                        "invalid_request",
                        "client_id is malformed: not one value of UTF-8 text"));
    }

    @Test
    void token_withBrokenPercentEscapes_returns400() {
        rejected(() -> post("/oauth/token", replace(exchangeForm(), "code", "%ZZ")));
        rejected(() -> post("/oauth/token", replace(exchangeForm(), "code", code + "%")));
        rejected(() -> post("/oauth/token", replace(exchangeForm(), "grant_type", "authorization_code%2")));
    }

    @Test
    void token_withRawFfBytesInFormBody_returns400InvalidForThatField() {
        byte[] body = concat(
                bytes("client_id=" + app.app().clientId() + "&client_secret="
                        + app.secret().value() + "&grant_type=authorization_code&code=" + code),
                new byte[] {(byte) 0xFF, (byte) 0xFE});

        Http.Response response = rejected(() -> http.postRaw("/oauth/token", FORM, body));

        assertThat(response.body())
                .isEqualTo(tokenError(
                        "AuthorizationCode",
                        "code",
                        "invalid",
                        "invalid_request",
                        "code is malformed: not one value of UTF-8 text"));
    }

    @Test
    void token_withRawFfBytesInJsonBody_returns400InvalidBody() {
        byte[] body = concat(
                bytes("{\"client_id\":" + app.app().clientId() + ",\"client_secret\":\""
                        + app.secret().value() + "\",\"grant_type\":\"authorization_code\",\"code\":\"" + code),
                new byte[] {(byte) 0xFF},
                bytes("\"}"));

        Http.Response response = rejected(() -> http.postRaw("/oauth/token", "application/json", body));

        assertThat(response.body())
                .isEqualTo(tokenError("Request", "body", "invalid", "invalid_request", "body is not valid JSON"));
    }

    // --- /oauth/token: content types and JSON -----------------------------------------------------

    @Test
    void token_withFormParamsInTextPlainBody_ignoresTheBody_andReturns400MissingGrantType() {
        Http.Response response = rejected(() -> http.postRaw("/oauth/token", "text/plain", bytes(exchangeForm())));

        assertThat(response.body())
                .isEqualTo(
                        tokenError("Application", "grant_type", "invalid", "invalid_request", "grant_type is missing"));
    }

    @Test
    void token_withFormParamsAndNoContentType_ignoresTheBody_andReturns400MissingGrantType() {
        Http.Response response = rejected(() -> http.postRaw("/oauth/token", null, bytes(exchangeForm())));

        assertThat(response.body())
                .isEqualTo(
                        tokenError("Application", "grant_type", "invalid", "invalid_request", "grant_type is missing"));
    }

    @Test
    void token_withFormParamsInXmlBody_ignoresTheBody_andReturns400MissingGrantType() {
        Http.Response response = rejected(() -> http.postRaw("/oauth/token", "application/xml", bytes(exchangeForm())));

        assertThat(response.body())
                .isEqualTo(
                        tokenError("Application", "grant_type", "invalid", "invalid_request", "grant_type is missing"));
    }

    @Test
    void token_withMalformedJson_returns400InvalidBody() {
        for (String json :
                List.of("{\"client_id\":", "{client_id: 1}", "{\"grant_type\":\"authorization_code\",}", "not json")) {
            Http.Response response = rejected(() -> http.postJson("/oauth/token", json));
            assertThat(response.body())
                    .as(json)
                    .isEqualTo(tokenError("Request", "body", "invalid", "invalid_request", "body is not valid JSON"));
        }
    }

    @Test
    void token_withValidJsonFollowedByGarbage_returns400InvalidBody() {
        Http.Response response = rejected(() -> http.postJson("/oauth/token", exchangeJson() + " trailing"));

        assertThat(response.body())
                .isEqualTo(tokenError("Request", "body", "invalid", "invalid_request", "body is not valid JSON"));
    }

    @Test
    void token_withTwoJsonObjects_returns400InvalidBody() {
        Http.Response response = rejected(() -> http.postJson("/oauth/token", exchangeJson() + exchangeJson()));

        assertThat(response.body())
                .isEqualTo(tokenError("Request", "body", "invalid", "invalid_request", "body is not valid JSON"));
    }

    @Test
    void token_withJsonArrayOrScalarBody_returns400InvalidBody() {
        for (String json : List.of("[" + exchangeJson() + "]", "\"" + code + "\"", "42", "null", "true")) {
            Http.Response response = rejected(() -> http.postJson("/oauth/token", json));
            assertThat(response.body())
                    .as(json)
                    .isEqualTo(
                            tokenError("Request", "body", "invalid", "invalid_request", "body is not a JSON object"));
        }
    }

    @Test
    void token_withDeeplyNestedJson_returns400InvalidBody() {
        String json = "[".repeat(60000);

        Http.Response response = rejected(() -> http.postJson("/oauth/token", json));

        assertThat(response.body())
                .isEqualTo(tokenError("Request", "body", "invalid", "invalid_request", "body is not valid JSON"));
    }

    @Test
    void token_withMultipartWithoutBoundary_returns400() {
        rejected(() -> http.postRaw("/oauth/token", "multipart/form-data", bytes(exchangeForm())));
    }

    @Test
    void token_withTruncatedMultipart_returns400() {
        String boundary = "b0undary";
        String body =
                part(boundary, "client_id", app.app().clientId().toString()) + "--" + boundary + "\r\nContent-Dispo";

        rejected(() -> http.postRaw("/oauth/token", "multipart/form-data; boundary=" + boundary, bytes(body)));
    }

    // --- /oauth/token: size and methods -----------------------------------------------------------

    @Test
    void token_withFormBodyOverTheLimit_returns413() {
        String body = exchangeForm() + "&padding=" + "a".repeat(70_000);

        Http.Response response = rejected(() -> http.postRaw("/oauth/token", FORM, bytes(body)));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("body");
    }

    @Test
    void token_withJsonBodyOverTheLimit_returns413() {
        String json = exchangeJson().replace("}", ",\"padding\":\"" + "a".repeat(70_000) + "\"}");

        Http.Response response = rejected(() -> http.postJson("/oauth/token", json));

        assertThat(response.status()).isEqualTo(413);
    }

    @Test
    void token_withMultipartBodyOverTheLimit_returns413() {
        String boundary = "b0undary";
        String body = part(boundary, "client_id", app.app().clientId().toString())
                + part(boundary, "client_secret", app.secret().value())
                + part(boundary, "code", code) + part(boundary, "grant_type", "authorization_code")
                + part(boundary, "padding", "a".repeat(70_000)) + "--" + boundary + "--\r\n";

        Http.Response response =
                rejected(() -> http.postRaw("/oauth/token", "multipart/form-data; boundary=" + boundary, bytes(body)));

        assertThat(response.status()).isEqualTo(413);
    }

    @Test
    void token_withChunkedFormBodyOverTheLimit_returns413() {
        String body = exchangeForm() + "&padding=" + "a".repeat(70_000);

        Http.Response response = rejected(() -> http.postChunked("/oauth/token", FORM, bytes(body)));

        assertThat(response.status()).isEqualTo(413);
    }

    @Test
    void token_withChunkedMultipartBodyOverTheLimit_returns4xx() {
        String boundary = "b0undary";
        String body = part(boundary, "client_id", app.app().clientId().toString())
                + part(boundary, "client_secret", app.secret().value())
                + part(boundary, "code", code) + part(boundary, "grant_type", "authorization_code")
                + part(boundary, "padding", "a".repeat(70_000)) + "--" + boundary + "--\r\n";

        rejected(() -> http.postChunked("/oauth/token", "multipart/form-data; boundary=" + boundary, bytes(body)));
    }

    @Test
    void token_withChunkedMultipartBodyUnderTheLimit_returnsTokens() {
        String boundary = "b0undary";
        String body = part(boundary, "client_id", app.app().clientId().toString())
                + part(boundary, "client_secret", app.secret().value()) + part(boundary, "code", code)
                + part(boundary, "grant_type", "authorization_code") + "--" + boundary + "--\r\n";

        Http.Response response =
                http.postChunked("/oauth/token", "multipart/form-data; boundary=" + boundary, bytes(body));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    @Test
    void token_withGet_returns4xx() {
        rejected(() -> http.get("/oauth/token?" + exchangeForm()));
    }

    @Test
    void token_withPut_returns4xx() {
        rejected(() -> http.send("PUT", "/oauth/token", FORM, bytes(exchangeForm())));
    }

    @Test
    void token_withDelete_returns4xx() {
        rejected(() -> http.send("DELETE", "/oauth/token?" + exchangeForm(), null, null));
    }

    @Test
    void token_withHead_returns4xxWithoutBody() {
        Map<String, List<String>> before = Tables.snapshot(server);

        Http.Response response = http.send("HEAD", "/oauth/token?" + exchangeForm(), null, null);

        assertThat(response.status()).isBetween(400, 499);
        assertThat(response.body()).isEmpty();
        assertThat(Tables.snapshot(server)).isEqualTo(before);
    }

    // --- /oauth/deauthorize -----------------------------------------------------------------------

    @Test
    void deauthorize_withoutToken_returns401InvalidApplication() {
        Http.Response response = rejected(() -> http.postEmpty("/oauth/deauthorize"));

        assertThat(response.body()).isEqualTo(APPLICATION_INVALID);
    }

    @Test
    void deauthorize_withEmptyToken_returns401InvalidApplication() {
        Http.Response response = rejected(() -> post("/oauth/deauthorize", "access_token="));

        assertThat(response.body()).isEqualTo(APPLICATION_INVALID);
    }

    @Test
    void deauthorize_withTokenTwice_returns400InvalidAccessToken() {
        Http.Response response =
                rejected(() -> post("/oauth/deauthorize", "access_token=" + access + "&access_token=" + access));

        assertThat(response.body()).isEqualTo(fault("Bad Request", "Application", "access_token", "invalid"));
    }

    @Test
    void deauthorize_withTokenInQueryAndBody_returns400InvalidAccessToken() {
        Http.Response response = rejected(
                () -> http.postRaw("/oauth/deauthorize?access_token=" + access, FORM, bytes("access_token=" + access)));

        assertThat(response.body()).isEqualTo(fault("Bad Request", "Application", "access_token", "invalid"));
    }

    @Test
    void deauthorize_withOverLongToken_returns4xx() {
        rejected(() -> post("/oauth/deauthorize", "access_token=" + access + "a".repeat(5000)));
    }

    @Test
    void deauthorize_withNonHexToken_returns401InvalidApplication() {
        Http.Response response = rejected(() -> post("/oauth/deauthorize", "access_token=" + access.toUpperCase()));

        assertThat(response.body()).isEqualTo(APPLICATION_INVALID);
    }

    @Test
    void deauthorize_withPercentEncodedInvalidUtf8_returns400InvalidAccessToken() {
        Http.Response response = rejected(() -> post("/oauth/deauthorize", "access_token=" + BAD_UTF8));

        assertThat(response.body()).isEqualTo(fault("Bad Request", "Application", "access_token", "invalid"));
    }

    @Test
    void deauthorize_withRawFfBytesInFormBody_returns400InvalidAccessToken() {
        byte[] body = concat(bytes("access_token=" + access), new byte[] {(byte) 0xFF});

        Http.Response response = rejected(() -> http.postRaw("/oauth/deauthorize", FORM, body));

        assertThat(response.body()).isEqualTo(fault("Bad Request", "Application", "access_token", "invalid"));
    }

    @Test
    void deauthorize_withTokenInTextPlainBody_ignoresTheBody_andReturns401InvalidApplication() {
        Http.Response response =
                rejected(() -> http.postRaw("/oauth/deauthorize", "text/plain", bytes("access_token=" + access)));

        assertThat(response.body()).isEqualTo(APPLICATION_INVALID);
    }

    @Test
    void deauthorize_withMalformedJson_returns400InvalidBody() {
        Http.Response response = rejected(() -> http.postJson("/oauth/deauthorize", "{\"access_token\":\"" + access));

        assertThat(response.body()).isEqualTo(fault("Bad Request", "Request", "body", "invalid"));
    }

    @Test
    void deauthorize_withJsonArray_returns400InvalidBody() {
        Http.Response response =
                rejected(() -> http.postJson("/oauth/deauthorize", "[{\"access_token\":\"" + access + "\"}]"));

        assertThat(response.body()).isEqualTo(fault("Bad Request", "Request", "body", "invalid"));
    }

    @Test
    void deauthorize_withBodyOverTheLimit_returns413() {
        Http.Response response =
                rejected(() -> post("/oauth/deauthorize", "access_token=" + access + "&padding=" + "a".repeat(70_000)));

        assertThat(response.status()).isEqualTo(413);
    }

    @Test
    void deauthorize_withGet_returns4xx() {
        rejected(() -> http.get("/oauth/deauthorize?access_token=" + access));
    }

    // --- /oauth/authorize (logged in, approval_prompt=auto: a valid request would issue a code) ---

    @Test
    void authorize_withoutClientId_returns400InvalidClientId() {
        Http.Response response = rejected(() -> authorize(without(authorizeQuery(), "client_id")));

        assertThat(response.body()).isEqualTo(fault("Bad Request", "Application", "client_id", "invalid"));
    }

    @Test
    void authorize_withEmptyClientId_returns400InvalidClientId() {
        Http.Response response = rejected(() -> authorize(replace(authorizeQuery(), "client_id", "")));

        assertThat(response.body()).isEqualTo(fault("Bad Request", "Application", "client_id", "invalid"));
    }

    @Test
    void authorize_withClientIdTwice_returns400InvalidClientId() {
        Http.Response response = rejected(
                () -> authorize(authorizeQuery() + "&client_id=" + app.app().clientId()));

        assertThat(response.body()).isEqualTo(fault("Bad Request", "Application", "client_id", "invalid"));
    }

    @Test
    void authorize_withOverLongClientId_returns400InvalidClientId() {
        Http.Response response = rejected(() -> authorize(replace(authorizeQuery(), "client_id", LONG)));

        assertThat(response.body()).isEqualTo(fault("Bad Request", "Application", "client_id", "invalid"));
    }

    @Test
    void authorize_withNonNumericClientId_returnsStravasForbiddenFault() {
        Http.Response response = rejected(() -> authorize(replace(authorizeQuery(), "client_id", "abc")));

        assertThat(response.body()).isEqualTo(fault("Authorization Error", "Application", "internal", "forbidden"));
    }

    @Test
    void authorize_withPercentEncodedInvalidUtf8InClientId_returns400InvalidClientId() {
        Http.Response response = rejected(() -> authorize(replace(authorizeQuery(), "client_id", BAD_UTF8)));

        assertThat(response.body()).isEqualTo(fault("Bad Request", "Application", "client_id", "invalid"));
    }

    @Test
    void authorize_withRedirectUriTwice_returns400InvalidRedirectUri() {
        Http.Response response =
                rejected(() -> authorize(authorizeQuery() + "&redirect_uri=http%3A%2F%2Flocalhost%2Fcb"));

        assertThat(response.body()).isEqualTo(fault("Bad Request", "Application", "redirect_uri", "invalid"));
    }

    @Test
    void authorize_withOverLongRedirectUri_returns400InvalidRedirectUri() {
        Http.Response response = rejected(() ->
                authorize(replace(authorizeQuery(), "redirect_uri", "http%3A%2F%2Flocalhost%2F" + "a".repeat(5000))));

        assertThat(response.body()).isEqualTo(fault("Bad Request", "Application", "redirect_uri", "invalid"));
    }

    @Test
    void authorize_withInvalidUtf8InRedirectUri_returns400InvalidRedirectUri() {
        Http.Response response = rejected(
                () -> authorize(replace(authorizeQuery(), "redirect_uri", "http%3A%2F%2Flocalhost%2F" + BAD_UTF8)));

        assertThat(response.body()).isEqualTo(fault("Bad Request", "Application", "redirect_uri", "invalid"));
    }

    @Test
    void authorize_withEmptyRedirectUri_returns400InvalidRedirectUri() {
        Http.Response response = rejected(() -> authorize(replace(authorizeQuery(), "redirect_uri", "")));

        assertThat(response.body()).isEqualTo(fault("Bad Request", "Application", "redirect_uri", "invalid"));
    }

    @Test
    void authorize_withResponseTypeMissingOrTwice_returns400InvalidResponseType() {
        Http.Response missing = rejected(() -> authorize(without(authorizeQuery(), "response_type")));
        Http.Response twice = rejected(() -> authorize(authorizeQuery() + "&response_type=code"));

        assertThat(missing.body()).isEqualTo(fault("Bad Request", "Authorize", "response_type", "invalid"));
        assertThat(twice.body()).isEqualTo(fault("Bad Request", "Authorize", "response_type", "invalid"));
    }

    @Test
    void authorize_withScopeTwiceOrUnknownOrNotUtf8_returns400InvalidScope() {
        for (String query : List.of(
                authorizeQuery() + "&scope=read",
                replace(authorizeQuery(), "scope", "read,everything"),
                replace(authorizeQuery(), "scope", "read," + BAD_UTF8),
                replace(authorizeQuery(), "scope", "r".repeat(5000)))) {
            Http.Response response = rejected(() -> authorize(query));
            assertThat(response.body()).as(query).isEqualTo(fault("Bad Request", "Authorize", "scope", "invalid"));
        }
    }

    @Test
    void authorize_withStateTwiceOrOverLongOrNotUtf8_returns400InvalidState() {
        for (String query : List.of(
                authorizeQuery() + "&state=a&state=b",
                authorizeQuery() + "&state=" + "s".repeat(5000),
                authorizeQuery() + "&state=" + BAD_UTF8)) {
            Http.Response response = rejected(() -> authorize(query));
            assertThat(response.body())
                    .as(query.substring(0, 100))
                    .isEqualTo(fault("Bad Request", "Authorize", "state", "invalid"));
        }
    }

    @Test
    void authorize_withUnknownApprovalPrompt_returns400InvalidApprovalPrompt() {
        Http.Response response = rejected(() -> authorize(replace(authorizeQuery(), "approval_prompt", "never")));

        assertThat(response.body()).isEqualTo(fault("Bad Request", "Authorize", "approval_prompt", "invalid"));
    }

    // --- helpers ----------------------------------------------------------------------------------

    private String exchangeForm() {
        return "client_id=" + app.app().clientId() + "&client_secret="
                + app.secret().value() + "&code=" + code + "&grant_type=authorization_code";
    }

    private String exchangeJson() {
        return "{\"client_id\":" + app.app().clientId() + ",\"client_secret\":\""
                + app.secret().value() + "\",\"code\":\"" + code + "\",\"grant_type\":\"authorization_code\"}";
    }

    private String refreshForm() {
        return "client_id=" + app.app().clientId() + "&client_secret="
                + app.secret().value() + "&grant_type=refresh_token&refresh_token=" + refresh;
    }

    /** A valid request: marianne already granted {@code read}, so {@code auto} issues a code without consent. */
    private String authorizeQuery() {
        return "client_id=" + app.app().clientId() + "&redirect_uri=http%3A%2F%2Flocalhost%2Fcb&response_type=code"
                + "&approval_prompt=auto&scope=read";
    }

    private Http.Response authorize(String query) {
        return browser.authorize("/oauth/authorize?" + query);
    }

    private Http.Response post(String path, String form) {
        return http.postRaw(path, FORM, bytes(form));
    }

    /** {@code form} with parameter {@code name} set to {@code rawValue} (already encoded, or deliberately not). */
    private static String replace(String form, String name, String rawValue) {
        return form.replaceFirst(
                "(^|&)" + name + "=[^&]*", "$1" + name + "=" + java.util.regex.Matcher.quoteReplacement(rawValue));
    }

    private static String without(String form, String name) {
        return form.replaceFirst("(^|&)" + name + "=[^&]*", "").replaceFirst("^&", "");
    }

    private static String part(String boundary, String name, String value) {
        return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Sends the request; asserts a Strava-shaped 4xx and that no OAuth table changed. */
    private Http.Response rejected(Supplier<Http.Response> request) {
        Map<String, List<String>> before = Tables.snapshot(server);
        Http.Response response = request.get();
        assertStravaShaped4xx(response);
        assertThat(Tables.snapshot(server))
                .as("tables after %s", response.body())
                .isEqualTo(before);
        return response;
    }

    private void assertChanges(Supplier<Http.Response> request) {
        Map<String, List<String>> before = Tables.snapshot(server);
        Http.Response response = request.get();
        assertThat(response.status()).as(response.body()).isIn(200, 302);
        assertThat(Tables.snapshot(server)).isNotEqualTo(before);
    }
}
