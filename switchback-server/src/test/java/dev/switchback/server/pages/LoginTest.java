package dev.switchback.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppService;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The login form (contract#login, contract#page-security): return_to, CSRF, throttling, and the session cookie. */
@HttpTest
class LoginTest {
    private static final String WRONG_PASSWORD_MESSAGE = "The username or password did not match. Please try again.";

    private TestServer server;
    private AppService.CreatedApp app;

    @BeforeEach
    void start() {
        server = TestServer.start();
        server.createAthlete("marianne");
        server.createAthlete("pierre");
        app = server.createApp("Training Log", "example.com");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void authorize_withoutSession_redirects302ToLoginWithTheAuthorizeRequestAsReturnTo() {
        String authorize = Flows.authorizePath(app.app().clientId(), "read,activity:read");

        Http.Response response = server.http().get(authorize);

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.location())
                .isEqualTo("/login?return_to=" + URLEncoder.encode(authorize, StandardCharsets.UTF_8));
    }

    @Test
    void login_afterAuthorizeRedirect_returnsToTheAuthorizeRequest_whichShowsConsent() {
        Http http = server.http();
        String authorize = Flows.authorizePath(app.app().clientId(), "read,activity:read");
        String loginUrl = http.get(authorize).location();

        Http.Response form = http.get(loginUrl);
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.inputValue("return_to")).isEqualTo(authorize);
        Http.Response loggedIn = submit(http, form, "marianne", TestServer.PASSWORD);

        assertThat(loggedIn.status()).isEqualTo(303);
        assertThat(loggedIn.location()).isEqualTo(authorize);
        Http.Response consent = http.get(loggedIn.location());
        assertThat(consent.status()).isEqualTo(200);
        assertThat(consent.body()).contains("Authorize Training Log");
    }

    @Test
    void login_withWrongPassword_returns401PageWithErrorMessage_andSetsNoSession() {
        Http http = server.http();
        Http.Response form = http.get("/login");

        Http.Response response = submit(http, form, "marianne", "wrong password");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(response.body()).contains(WRONG_PASSWORD_MESSAGE);
        assertThat(response.body()).contains("name=\"username\" id=\"username\" value=\"marianne\"");
        assertThat(sessionCookie(response)).isEmpty();
        assertThat(http.get("/settings/apps").status()).isEqualTo(302);
    }

    @Test
    void login_withUnknownUsername_returns401WithTheSameMessage() {
        Http http = server.http();

        Http.Response response = submit(http, http.get("/login"), "nobody", TestServer.PASSWORD);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body()).contains(WRONG_PASSWORD_MESSAGE);
        assertThat(sessionCookie(response)).isEmpty();
    }

    @Test
    void login_withCorrectPassword_redirects303ToReturnTo_withHttpOnlySameSiteLaxSessionCookie() {
        Http http = server.http();

        Http.Response response =
                submit(http, http.get("/login?return_to=%2Fsettings%2Fapps%3Fx%3D1"), "marianne", TestServer.PASSWORD);

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.location()).isEqualTo("/settings/apps?x=1");
        String cookie = sessionCookie(response).orElseThrow();
        assertThat(cookie)
                .containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Lax")
                .containsIgnoringCase("Path=/");
        assertThat(cookie).doesNotContainIgnoringCase("Secure");
        assertThat(http.get("/settings/apps").status()).isEqualTo(200);
    }

    @Test
    void login_behindAnHttpsPublicUrl_setsSecureCookies() {
        try (TestServer https = TestServer.start(java.util.Map.of("server.public-url", "https://switchback.example"))) {
            https.createAthlete("marianne");
            Http http = new Http("http://127.0.0.1:" + https.port());
            Http.Response form = http.get("/login");
            String preSession = setCookies(form).stream()
                    .filter(c -> c.startsWith("sb_presession="))
                    .findFirst()
                    .orElseThrow();

            // as a TLS-terminating proxy would: the browser sends the Secure cookie back over https
            Http.Response response = http.postForm(
                    "/login",
                    Http.form("csrf", form.inputValue("csrf"), "username", "marianne", "password", TestServer.PASSWORD),
                    "Cookie",
                    preSession.substring(0, preSession.indexOf(';')));

            assertThat(preSession).containsIgnoringCase("Secure");
            assertThat(response.status()).isEqualTo(303);
            assertThat(sessionCookie(response).orElseThrow())
                    .containsIgnoringCase("Secure")
                    .containsIgnoringCase("HttpOnly")
                    .containsIgnoringCase("SameSite=Lax");
        }
    }

    @Test
    void login_withUsernameInOtherCaseAndSpaces_logsTheAthleteIn() {
        Http http = server.http();

        Http.Response response = submit(http, http.get("/login"), " Marianne ", TestServer.PASSWORD);

        assertThat(response.status()).isEqualTo(303);
    }

    @Test
    void loginPage_isNeverCompressed_forItCarriesTheCsrfTokenBesideWhatTheRequestReflects() throws Exception {
        String returnTo =
                "/oauth/authorize?client_id=" + app.app().clientId() + "&scope=" + "read,".repeat(300) + "read";
        HttpRequest request = HttpRequest.newBuilder(URI.create(
                        server.baseUrl() + "/login?return_to=" + URLEncoder.encode(returnTo, StandardCharsets.UTF_8)))
                .header("Accept-Encoding", "gzip")
                .build();

        HttpResponse<String> page = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).hasSizeGreaterThan(1500).contains("name=\"csrf\"");
        assertThat(page.headers().firstValue("Content-Encoding")).isEmpty();
    }

    @Test
    void login_preSessionCookieIsHttpOnlyAndSameSiteLax() {
        Http.Response form = server.http().get("/login");

        String cookie = setCookies(form).stream()
                .filter(c -> c.startsWith("sb_presession="))
                .findFirst()
                .orElseThrow();
        assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://evil.com",
                "https://evil.com/settings/apps",
                "//evil.com",
                "//evil.com/path",
                "/\\evil.com",
                "\\\\evil.com",
                "javascript:alert(1)",
                "evil.com",
                "\t//evil.com",
                "/\t/evil.com"
            })
    void login_withReturnToOffThisServer_redirectsToMyAppsInstead(String returnTo) {
        Http http = server.http();
        Http.Response form = http.get("/login");

        Http.Response response = http.postForm(
                "/login",
                Http.form(
                        "csrf",
                        form.inputValue("csrf"),
                        "username",
                        "marianne",
                        "password",
                        TestServer.PASSWORD,
                        "return_to",
                        returnTo));

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.location()).isEqualTo("/settings/apps");
    }

    @Test
    void loginPage_withReturnToOffThisServer_carriesMyAppsInstead() {
        Http.Response form =
                server.http().get("/login?return_to=" + URLEncoder.encode("//evil.com", StandardCharsets.UTF_8));

        assertThat(form.inputValue("return_to")).isEqualTo("/settings/apps");
        assertThat(form.body()).doesNotContain("evil.com");
    }

    @Test
    void loginPage_whenAlreadyLoggedIn_redirectsToReturnTo_butNeverOffThisServer() {
        Http http = server.http();
        submit(http, http.get("/login"), "marianne", TestServer.PASSWORD);

        Http.Response local = http.get("/login?return_to=%2Fsettings%2Fapps");
        Http.Response evil = http.get("/login?return_to=http%3A%2F%2Fevil.com");

        assertThat(local.status()).isEqualTo(302);
        assertThat(local.location()).isEqualTo("/settings/apps");
        assertThat(evil.status()).isEqualTo(302);
        assertThat(evil.location()).isEqualTo("/settings/apps");
    }

    @Test
    void login_withoutCsrf_returns403_andSetsNoSessionEvenWithTheRightPassword() {
        Http http = server.http();
        http.get("/login");

        Http.Response response = http.postForm(
                "/login",
                Http.form("username", "marianne", "password", TestServer.PASSWORD, "return_to", "/settings/apps"));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).contains("This form has expired");
        assertThat(sessionCookie(response)).isEmpty();
        assertThat(http.get("/settings/apps").status()).isEqualTo(302);
    }

    @Test
    void login_withWrongCsrf_returns403() {
        Http http = server.http();
        http.get("/login");

        Http.Response response = http.postForm(
                "/login", Http.form("csrf", "not-the-token", "username", "marianne", "password", TestServer.PASSWORD));

        assertThat(response.status()).isEqualTo(403);
        assertThat(sessionCookie(response)).isEmpty();
    }

    @Test
    void login_withCsrfTokenOfAnotherBrowser_returns403() {
        String othersToken = server.http().get("/login").inputValue("csrf");
        Http http = server.http();
        http.get("/login");

        Http.Response response = http.postForm(
                "/login", Http.form("csrf", othersToken, "username", "marianne", "password", TestServer.PASSWORD));

        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void login_afterSixFailuresForOneAccount_isThrottledWith429AndRetryAfter_evenWithTheRightPassword() {
        Http http = server.http();
        failPastTheFiveFreeFailures(http, "marianne");

        Http.Response response = submit(http, http.get("/login"), "marianne", TestServer.PASSWORD);

        assertThat(response.status()).isEqualTo(429);
        assertThat(Long.parseLong(response.header("Retry-After").orElseThrow())).isPositive();
        assertThat(response.body()).contains("Too many failed attempts");
        assertThat(sessionCookie(response)).isEmpty();
    }

    @Test
    void login_afterTheBlockHasPassed_worksAgain() {
        Http http = server.http();
        failPastTheFiveFreeFailures(http, "marianne");
        Http.Response throttled = submit(http, http.get("/login"), "marianne", TestServer.PASSWORD);
        long retryAfter = Long.parseLong(throttled.header("Retry-After").orElseThrow());

        server.clock().advance(Duration.ofSeconds(retryAfter + 1));
        Http.Response response = submit(http, http.get("/login"), "marianne", TestServer.PASSWORD);

        assertThat(response.status()).isEqualTo(303);
    }

    @Test
    void login_throttlingIsPerAccount_anotherAthleteFromTheSameAddressLogsIn() {
        Http http = server.http();
        failPastTheFiveFreeFailures(http, "marianne");

        Http other = server.http();
        Http.Response response = submit(other, other.get("/login"), "pierre", TestServer.PASSWORD);

        assertThat(response.status()).isEqualTo(303);
    }

    @Test
    void login_successClearsTheFailureCount() {
        Http http = server.http();
        for (int i = 0; i < 4; i++) {
            assertThat(submit(http, http.get("/login"), "marianne", "wrong").status())
                    .isEqualTo(401);
        }
        assertThat(submit(http, http.get("/login"), "marianne", TestServer.PASSWORD)
                        .status())
                .isEqualTo(303);
        Http other = server.http();
        for (int i = 0; i < 4; i++) {
            assertThat(submit(other, other.get("/login"), "marianne", "wrong").status())
                    .isEqualTo(401);
        }

        assertThat(submit(other, other.get("/login"), "marianne", TestServer.PASSWORD)
                        .status())
                .isEqualTo(303);
    }

    @Test
    void logout_withCsrf_endsTheSession() {
        Http http = server.http();
        submit(http, http.get("/login"), "marianne", TestServer.PASSWORD);
        String csrf = http.get("/settings/apps").inputValue("csrf");

        Http.Response response = http.postForm("/logout", Http.form("csrf", csrf));

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.location()).isEqualTo("/login");
        assertThat(http.get("/settings/apps").status()).isEqualTo(302);
    }

    @Test
    void logout_withoutCsrf_keepsTheSession() {
        Http http = server.http();
        submit(http, http.get("/login"), "marianne", TestServer.PASSWORD);

        http.postForm("/logout", Http.form());

        assertThat(http.get("/settings/apps").status()).isEqualTo(200);
    }

    @Test
    void session_expiresAfterItsTtl() {
        Http http = server.http();
        submit(http, http.get("/login"), "marianne", TestServer.PASSWORD);

        server.clock().advance(Duration.ofHours(12).plusSeconds(1));

        assertThat(http.get("/settings/apps").status()).isEqualTo(302);
    }

    @Test
    void session_withForgedCookie_isNotLoggedIn() {
        Http http = server.http();

        Http.Response response =
                http.get("/settings/apps", "Cookie", "sb_session=1.9999999999.00112233445566778899aabbccddeeff.forged");

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.location()).startsWith("/login");
    }

    @Test
    void everyHtmlPage_forbidsFramingAndReferrers() {
        Http http = server.http();
        Http.Response login = http.get("/login");
        Http.Response failed = submit(http, login, "marianne", "wrong");
        Http.Response expired = http.postForm("/login", Http.form("username", "marianne", "password", "x"));
        submit(http, http.get("/login"), "marianne", TestServer.PASSWORD);
        Http.Response consent = http.get(Flows.authorizePath(app.app().clientId(), "read"));
        Http.Response myApps = http.get("/settings/apps");
        Http.Response consentExpired = http.postForm(
                "/oauth/accept_application",
                Http.form(
                        "csrf",
                        "wrong",
                        "client_id",
                        consent.inputValue("client_id"),
                        "redirect_uri",
                        consent.inputValue("redirect_uri"),
                        "response_type",
                        "code",
                        "scope",
                        "read"));

        for (Http.Response page : List.of(login, failed, expired, consent, myApps, consentExpired)) {
            assertThat(page.header("Content-Type").orElseThrow()).startsWith("text/html");
            assertThat(page.header("X-Frame-Options")).contains("DENY");
            assertThat(page.header("Content-Security-Policy").orElseThrow()).contains("frame-ancestors 'none'");
            assertThat(page.header("Referrer-Policy")).contains("no-referrer");
            assertThat(page.header("Cache-Control")).contains("no-store");
        }
    }

    @Test
    void everyForm_carriesACsrfToken() {
        Http http = server.http();
        Http.Response login = http.get("/login");
        submit(http, login, "marianne", TestServer.PASSWORD);
        Http.Response consent = http.get(Flows.authorizePath(app.app().clientId(), "read"));
        Http.Response myApps = http.get("/settings/apps");

        for (Http.Response page : List.of(login, consent, myApps)) {
            int forms = page.body().split("<form").length - 1;
            int csrfFields = page.body().split("name=\"csrf\"").length - 1;
            assertThat(forms).isPositive();
            assertThat(csrfFields).isEqualTo(forms);
        }
    }

    private void failPastTheFiveFreeFailures(Http http, String username) {
        for (int i = 0; i < 6; i++) {
            Http.Response failed = submit(http, http.get("/login"), username, "wrong password " + i);
            assertThat(failed.status()).as("failure %d", i + 1).isEqualTo(401);
        }
    }

    private static Http.Response submit(Http http, Http.Response form, String username, String password) {
        assertThat(form.status()).as(form.body()).isEqualTo(200);
        return http.postForm(
                "/login",
                Http.form(
                        "csrf",
                        form.inputValue("csrf"),
                        "username",
                        username,
                        "password",
                        password,
                        "return_to",
                        form.inputValue("return_to")));
    }

    private static List<String> setCookies(Http.Response response) {
        return response.headers().entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase("Set-Cookie"))
                .flatMap(entry -> entry.getValue().stream())
                .toList();
    }

    private static Optional<String> sessionCookie(Http.Response response) {
        return setCookies(response).stream()
                .filter(cookie -> cookie.startsWith("sb_session="))
                .findFirst();
    }
}
