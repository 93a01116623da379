package dev.switchback.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppService;
import dev.switchback.server.testing.Browser;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code GET /oauth/authorize} errors (contract#authorize-errors): Strava's exact bodies, status 400, checked in the
 * order client_id, redirect_uri, response_type, scope, and never a redirect.
 */
@HttpTest
class AuthorizeErrorsTest {
    private static final String CLIENT_ID_INVALID =
            "{\"message\":\"Bad Request\",\"errors\":[{\"resource\":\"Application\",\"field\":\"client_id\",\"code\":\"invalid\"}]}";
    private static final String CLIENT_ID_NOT_NUMERIC =
            "{\"message\":\"Authorization Error\",\"errors\":[{\"resource\":\"Application\",\"field\":\"internal\",\"code\":\"forbidden\"}]}";
    private static final String REDIRECT_URI_INVALID =
            "{\"message\":\"Bad Request\",\"errors\":[{\"resource\":\"Application\",\"field\":\"redirect_uri\",\"code\":\"invalid\"}]}";
    private static final String RESPONSE_TYPE_INVALID =
            "{\"message\":\"Bad Request\",\"errors\":[{\"resource\":\"Authorize\",\"field\":\"response_type\",\"code\":\"invalid\"}]}";
    private static final String SCOPE_INVALID =
            "{\"message\":\"Bad Request\",\"errors\":[{\"resource\":\"Authorize\",\"field\":\"scope\",\"code\":\"invalid\"}]}";
    private static final String APPROVAL_PROMPT_INVALID =
            "{\"message\":\"Bad Request\",\"errors\":[{\"resource\":\"Authorize\",\"field\":\"approval_prompt\",\"code\":\"invalid\"}]}";

    private static final String GOOD_REDIRECT = "http://localhost/cb";

    private TestServer server;
    private String clientId;

    @BeforeEach
    void start() {
        server = TestServer.start();
        server.createAthlete("marianne");
        AppService.CreatedApp app = server.createApp("Training Log", "example.com");
        clientId = app.app().clientId().toString();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/oauth/authorize", "/oauth/mobile/authorize", "/api/v3/oauth/authorize"})
    void authorize_withUnknownClientId_returns400ApplicationClientIdInvalid_onEveryAuthorizePath(String path) {
        Http.Response response = get(
                path, "client_id", "987654", "redirect_uri", GOOD_REDIRECT, "response_type", "code", "scope", "read");

        assertFault(response, 400, CLIENT_ID_INVALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/oauth/authorize", "/oauth/mobile/authorize", "/api/v3/oauth/authorize"})
    void authorize_withBadRedirectUri_returns400RedirectUriInvalid_onEveryAuthorizePath(String path) {
        Http.Response response = get(
                path,
                "client_id",
                clientId,
                "redirect_uri",
                "http://evil.com/cb",
                "response_type",
                "code",
                "scope",
                "read");

        assertFault(response, 400, REDIRECT_URI_INVALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/oauth/authorize", "/oauth/mobile/authorize", "/api/v3/oauth/authorize"})
    void authorize_withValidRequestAndNoSession_redirectsToLogin_onEveryAuthorizePath(String path) {
        Http.Response response = get(
                path, "client_id", clientId, "redirect_uri", GOOD_REDIRECT, "response_type", "code", "scope", "read");

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.location())
                .startsWith("/login?return_to=" + URLEncoder.encode(path + "?", StandardCharsets.UTF_8));
    }

    @Test
    void authorize_withoutClientId_returns400ApplicationClientIdInvalid() {
        assertFault(
                get("/oauth/authorize", "redirect_uri", GOOD_REDIRECT, "response_type", "code", "scope", "read"),
                400,
                CLIENT_ID_INVALID);
    }

    @Test
    void authorize_withEmptyClientId_returns400ApplicationClientIdInvalid() {
        assertFault(
                get("/oauth/authorize", "client_id", "", "redirect_uri", GOOD_REDIRECT, "response_type", "code"),
                400,
                CLIENT_ID_INVALID);
    }

    @Test
    void authorize_withClientIdGivenTwice_returns400ApplicationClientIdInvalid() {
        assertFault(
                get(
                        "/oauth/authorize",
                        "client_id",
                        clientId,
                        "client_id",
                        clientId,
                        "redirect_uri",
                        GOOD_REDIRECT,
                        "response_type",
                        "code"),
                400,
                CLIENT_ID_INVALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "12abc", "1.5", "0x10", " 1"})
    void authorize_withNonNumericClientId_returnsAuthorizationErrorInternalForbidden(String badId) {
        Http.Response response = get(
                "/oauth/authorize",
                "client_id",
                badId,
                "redirect_uri",
                GOOD_REDIRECT,
                "response_type",
                "code",
                "scope",
                "read");

        assertFault(response, 400, CLIENT_ID_NOT_NUMERIC);
    }

    @Test
    void authorize_withNegativeClientId_returns400ApplicationClientIdInvalid() {
        assertFault(
                get("/oauth/authorize", "client_id", "-1", "redirect_uri", GOOD_REDIRECT, "response_type", "code"),
                400,
                CLIENT_ID_INVALID);
    }

    @Test
    void authorize_withUnknownClientIdAndBadRedirectUri_reportsClientIdFirst() {
        Http.Response response = get(
                "/oauth/authorize",
                "client_id",
                "987654",
                "redirect_uri",
                "http://evil.com/cb",
                "response_type",
                "token",
                "scope",
                "public");

        assertFault(response, 400, CLIENT_ID_INVALID);
    }

    @Test
    void authorize_withNonNumericClientIdAndBadRedirectUri_reportsClientIdFirst() {
        Http.Response response = get("/oauth/authorize", "client_id", "abc", "redirect_uri", "http://evil.com/cb");

        assertFault(response, 400, CLIENT_ID_NOT_NUMERIC);
    }

    @Test
    void authorize_withBadRedirectUriAndBadResponseTypeAndBadScope_reportsRedirectUriFirst() {
        Http.Response response = get(
                "/oauth/authorize",
                "client_id",
                clientId,
                "redirect_uri",
                "http://evil.com/cb",
                "response_type",
                "token",
                "scope",
                "public");

        assertFault(response, 400, REDIRECT_URI_INVALID);
    }

    @Test
    void authorize_withoutRedirectUri_returns400RedirectUriInvalid() {
        assertFault(
                get("/oauth/authorize", "client_id", clientId, "response_type", "code", "scope", "read"),
                400,
                REDIRECT_URI_INVALID);
    }

    @Test
    void authorize_withBadResponseTypeAndBadScope_reportsResponseTypeFirst() {
        Http.Response response = get(
                "/oauth/authorize",
                "client_id",
                clientId,
                "redirect_uri",
                GOOD_REDIRECT,
                "response_type",
                "token",
                "scope",
                "public");

        assertFault(response, 400, RESPONSE_TYPE_INVALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"token", "", "CODE", "code token", "id_token"})
    void authorize_withResponseTypeOtherThanCode_returns400ResponseTypeInvalid(String responseType) {
        Http.Response response = get(
                "/oauth/authorize",
                "client_id",
                clientId,
                "redirect_uri",
                GOOD_REDIRECT,
                "response_type",
                responseType,
                "scope",
                "read");

        assertFault(response, 400, RESPONSE_TYPE_INVALID);
    }

    @Test
    void authorize_withoutResponseType_returns400ResponseTypeInvalid() {
        assertFault(
                get("/oauth/authorize", "client_id", clientId, "redirect_uri", GOOD_REDIRECT, "scope", "read"),
                400,
                RESPONSE_TYPE_INVALID);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"public", "view_private", "write", "read,public", "view_private,activity:read", "read,write"})
    void authorize_withLegacyScope_returns400AuthorizeScopeInvalid(String scope) {
        Http.Response response = get(
                "/oauth/authorize",
                "client_id",
                clientId,
                "redirect_uri",
                GOOD_REDIRECT,
                "response_type",
                "code",
                "scope",
                scope);

        assertFault(response, 400, SCOPE_INVALID);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"activity:read_private", "READ", "profile:read", "activity", "read;activity:read", "openid"})
    void authorize_withUnknownScope_returns400AuthorizeScopeInvalid(String scope) {
        Http.Response response = get(
                "/oauth/authorize",
                "client_id",
                clientId,
                "redirect_uri",
                GOOD_REDIRECT,
                "response_type",
                "code",
                "scope",
                scope);

        assertFault(response, 400, SCOPE_INVALID);
    }

    @Test
    void authorize_withBadScopeAndBadApprovalPrompt_reportsScopeFirst() {
        Http.Response response = get(
                "/oauth/authorize",
                "client_id",
                clientId,
                "redirect_uri",
                GOOD_REDIRECT,
                "response_type",
                "code",
                "scope",
                "write",
                "approval_prompt",
                "sometimes");

        assertFault(response, 400, SCOPE_INVALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sometimes", "FORCE", "none", "consent"})
    void authorize_withUnknownApprovalPrompt_returns400ApprovalPromptInvalid(String prompt) {
        Http.Response response = get(
                "/oauth/authorize",
                "client_id",
                clientId,
                "redirect_uri",
                GOOD_REDIRECT,
                "response_type",
                "code",
                "scope",
                "read",
                "approval_prompt",
                prompt);

        assertFault(response, 400, APPROVAL_PROMPT_INVALID);
    }

    @Test
    void authorize_withEmptyApprovalPrompt_isAcceptedAsAuto() {
        Http.Response response = get(
                "/oauth/authorize",
                "client_id",
                clientId,
                "redirect_uri",
                GOOD_REDIRECT,
                "response_type",
                "code",
                "scope",
                "read",
                "approval_prompt",
                "");

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.location()).startsWith("/login?");
    }

    @Test
    void authorize_errorsAreRenderedEvenForALoggedInAthlete_neverRedirected() {
        Browser browser = new Browser(server, "marianne").logIn();

        Http.Response response = browser.authorize(path(
                "/oauth/authorize",
                "client_id",
                clientId,
                "redirect_uri",
                GOOD_REDIRECT,
                "response_type",
                "code",
                "scope",
                "read,public",
                "state",
                "xyz"));

        assertFault(response, 400, SCOPE_INVALID);
    }

    @Test
    void authorize_withoutScope_asksForReadOnly() {
        Browser browser = new Browser(server, "marianne").logIn();

        Http.Response consent = browser.authorize(path(
                "/oauth/authorize", "client_id", clientId, "redirect_uri", GOOD_REDIRECT, "response_type", "code"));

        assertThat(consent.status()).isEqualTo(200);
        assertThat(checkboxes(consent)).containsExactly("read");
        Http.Response redirect = browser.approve(consent, java.util.List.of());
        assertThat(redirect.locationParam("scope")).contains("read");
    }

    @Test
    void authorize_withEmptyScope_asksForReadOnly() {
        Browser browser = new Browser(server, "marianne").logIn();

        Http.Response consent = browser.authorize(path(
                "/oauth/authorize",
                "client_id",
                clientId,
                "redirect_uri",
                GOOD_REDIRECT,
                "response_type",
                "code",
                "scope",
                ""));

        assertThat(checkboxes(consent)).containsExactly("read");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "activity:read profile:read_all",
                "activity:read, profile:read_all",
                "activity:read,,profile:read_all",
                " activity:read  profile:read_all "
            })
    void authorize_withSpacesOrCommasBetweenScopes_acceptsEveryScope(String scope) {
        Browser browser = new Browser(server, "marianne").logIn();

        Http.Response consent = browser.authorize(path(
                "/oauth/authorize",
                "client_id",
                clientId,
                "redirect_uri",
                GOOD_REDIRECT,
                "response_type",
                "code",
                "scope",
                scope));

        assertThat(consent.status()).as(consent.body()).isEqualTo(200);
        assertThat(checkboxes(consent)).containsExactly("read", "activity:read", "profile:read_all");
    }

    @Test
    void authorize_withScopeSpacesAsPlusSigns_acceptsEveryScope() {
        Browser browser = new Browser(server, "marianne").logIn();

        Http.Response consent = browser.authorize("/oauth/authorize?client_id=" + clientId
                + "&redirect_uri=http%3A%2F%2Flocalhost%2Fcb&response_type=code&scope=activity%3Aread+read_all");

        assertThat(checkboxes(consent)).containsExactly("read", "activity:read", "read_all");
    }

    @Test
    void authorize_withOverlongState_returns400AuthorizeStateInvalid() {
        Http.Response response = get(
                "/oauth/authorize",
                "client_id",
                clientId,
                "redirect_uri",
                GOOD_REDIRECT,
                "response_type",
                "code",
                "state",
                "s".repeat(1025));

        assertFault(
                response,
                400,
                "{\"message\":\"Bad Request\",\"errors\":[{\"resource\":\"Authorize\",\"field\":\"state\",\"code\":\"invalid\"}]}");
    }

    /** The scope checkboxes of a consent page, in page order (read is the disabled one). */
    static java.util.List<String> checkboxes(Http.Response consent) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "<input type=\"checkbox\"[^>]*id=\"scope-([^\"]+)\"")
                .matcher(consent.body());
        java.util.List<String> names = new java.util.ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static void assertFault(Http.Response response, int status, String body) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).isEqualTo(body);
        assertThat(response.header("Location")).isEmpty();
        assertThat(response.header("Content-Type").orElseThrow()).matches("application/json; ?charset=utf-8");
    }

    private Http.Response get(String path, String... namesAndValues) {
        return server.http().get(path(path, namesAndValues));
    }

    /** A path with a query built from names and values, in order, each URL-encoded. */
    static String path(String path, String... namesAndValues) {
        StringJoiner query = new StringJoiner("&");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            query.add(URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return path + "?" + query;
    }
}
