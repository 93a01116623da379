package dev.switchback.server.oauth;

import static dev.switchback.server.oauth.AuthorizeErrorsTest.path;
import static dev.switchback.server.oauth.CallbackDomainTest.REDIRECT_URI_INVALID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppService;
import dev.switchback.oauth.Pkce;
import dev.switchback.server.DemoData;
import dev.switchback.server.testing.Browser;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hardened profile at authorize time (contract#profiles): https redirects (http to loopback), no subdomains,
 * registered redirect URIs matched exactly (contract#registered-redirect-uris), PKCE S256 required; and each of
 * those settings switched on alone in the strava profile.
 */
@HttpTest
class HardenedAuthorizeTest {
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String CHALLENGE = Pkce.s256(VERIFIER);
    private static final String CODE_CHALLENGE_INVALID =
            "{\"message\":\"Bad Request\",\"errors\":[{\"resource\":\"Authorize\",\"field\":\"code_challenge\",\"code\":\"invalid\"}]}";
    private static final String CODE_CHALLENGE_MISSING =
            "{\"message\":\"Bad Request\",\"errors\":[{\"resource\":\"Authorize\",\"field\":\"code_challenge\",\"code\":\"missing\"}]}";
    private static final String CODE_CHALLENGE_METHOD_INVALID =
            "{\"message\":\"Bad Request\",\"errors\":[{\"resource\":\"Authorize\",\"field\":\"code_challenge_method\",\"code\":\"invalid\"}]}";
    private static final Map<String, String> HARDENED = Map.of("profile", "hardened");
    /**
     * What the app of these tests registered: every redirect URI a test sends (a loopback one on any port), so that a
     * test about another rule is refused by that rule, not for being unregistered.
     */
    private static final List<String> REGISTERED = List.of(
            "https://example.com/cb",
            "http://localhost/cb",
            "http://127.0.0.1/cb",
            "https://localhost/cb",
            "http://example.com/cb",
            "yourapp://example.com/en-US",
            "https://app.example.com/cb",
            "http://app.example.com/cb",
            "yourapp://localhost/cb",
            "com.myapp://127.0.0.1/cb",
            "ftp://127.0.0.1/cb",
            "ws://localhost/cb");

    @Test
    void hardened_withHttpsRedirectOnTheCallbackDomainAndS256Challenge_issuesACodeThatNeedsTheVerifier() {
        try (TestServer server = TestServer.start(HARDENED)) {
            AppService.CreatedApp app = setUp(server);
            Http.Response redirect = approve(
                    server,
                    app,
                    "https://example.com/cb",
                    "code_challenge",
                    CHALLENGE,
                    "code_challenge_method",
                    "S256");

            assertThat(redirect.location()).matches("https://example\\.com/cb\\?code=[0-9a-f]{40}&scope=read");
            String code = redirect.locationParam("code").orElseThrow();
            Http.Response tokens = exchange(server, app, code, VERIFIER);
            assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
            assertThat(tokens.json().get("access_token").asString()).matches("[0-9a-f]{40}");
        }
    }

    @Test
    void hardened_withHttpRedirectToTheCallbackDomain_returns400RedirectUriInvalid() {
        try (TestServer server = TestServer.start(HARDENED)) {
            AppService.CreatedApp app = setUp(server);

            assertRejected(server, app, "http://example.com/cb", REDIRECT_URI_INVALID);
        }
    }

    @Test
    void hardened_withCustomSchemeRedirect_returns400RedirectUriInvalid_becauseOnlyHttpsIsAllowed() {
        try (TestServer server = TestServer.start(HARDENED)) {
            AppService.CreatedApp app = setUp(server);

            assertRejected(server, app, "yourapp://example.com/en-US", REDIRECT_URI_INVALID);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost/cb", "http://localhost:8081/cb", "http://127.0.0.1:5000/cb"})
    void hardened_withHttpLoopbackRedirect_isAccepted(String redirectUri) {
        try (TestServer server = TestServer.start(HARDENED)) {
            AppService.CreatedApp app = setUp(server);

            Http.Response redirect =
                    approve(server, app, redirectUri, "code_challenge", CHALLENGE, "code_challenge_method", "S256");

            assertThat(redirect.location()).startsWith(redirectUri + "?code=");
        }
    }

    /** The loopback exception lets http through and nothing else: no custom scheme, ftp or websockets (issue 18). */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "yourapp://localhost/cb",
                "com.myapp://127.0.0.1/cb",
                "ftp://127.0.0.1/cb",
                "ws://localhost:8081/cb",
                "javascript://localhost/%0Aalert(1)"
            })
    void hardened_withAnotherSchemeThanHttpOnLoopback_returns400RedirectUriInvalid(String redirectUri) {
        try (TestServer server = TestServer.start(HARDENED)) {
            AppService.CreatedApp app = setUp(server);

            assertRejected(
                    server,
                    app,
                    redirectUri,
                    REDIRECT_URI_INVALID,
                    "code_challenge",
                    CHALLENGE,
                    "code_challenge_method",
                    "S256");
        }
    }

    @Test
    void hardened_withHttpsLoopbackRedirect_isAccepted() {
        try (TestServer server = TestServer.start(HARDENED)) {
            AppService.CreatedApp app = setUp(server);

            Http.Response redirect = approve(
                    server,
                    app,
                    "https://localhost:8443/cb",
                    "code_challenge",
                    CHALLENGE,
                    "code_challenge_method",
                    "S256");

            assertThat(redirect.location()).startsWith("https://localhost:8443/cb?code=");
        }
    }

    // --- registered redirect URIs, exact matching (RFC 9700 §2.1) -----------------------------------

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://example.com/other",
                "https://example.com/cb/",
                "https://example.com/cb?next=1",
                "https://EXAMPLE.com/cb",
                "https://example.com:443/cb",
                "https://example.com/CB",
                "https://example.com/c%62"
            })
    void hardened_withAnUnregisteredRedirectOnTheCallbackDomain_returns400RedirectUriInvalid_noNormalising(
            String redirectUri) {
        try (TestServer server = TestServer.start(HARDENED)) {
            AppService.CreatedApp app = setUp(server);

            assertRejected(
                    server,
                    app,
                    redirectUri,
                    REDIRECT_URI_INVALID,
                    "code_challenge",
                    CHALLENGE,
                    "code_challenge_method",
                    "S256");
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://example.com/cb?code=0123456789abcdef0123456789abcdef01234567",
                "https://example.com/cb?state=forged",
                "https://example.com/cb?%63ode=1",
                "http://localhost:8081/cb?STATE=forged"
            })
    void hardened_withARedirectCarryingItsOwnCodeOrState_returns400RedirectUriInvalid(String redirectUri) {
        try (TestServer server = TestServer.start(HARDENED)) {
            AppService.CreatedApp app = setUp(server);

            assertRejected(
                    server,
                    app,
                    redirectUri,
                    REDIRECT_URI_INVALID,
                    "code_challenge",
                    CHALLENGE,
                    "code_challenge_method",
                    "S256");
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1:5000/other",
                "http://localhost:8081/cb/x",
                "http://localhost:8081/cb?next=1",
                "http://127.0.0.1:5000/CB"
            })
    void hardened_withLoopbackOnAnyPort_butAnotherPathOrQuery_returns400RedirectUriInvalid(String redirectUri) {
        try (TestServer server = TestServer.start(HARDENED)) {
            AppService.CreatedApp app = setUp(server);

            assertRejected(
                    server,
                    app,
                    redirectUri,
                    REDIRECT_URI_INVALID,
                    "code_challenge",
                    CHALLENGE,
                    "code_challenge_method",
                    "S256");
        }
    }

    @Test
    void hardened_forAnAppThatRegisteredNoRedirectUri_refusesEveryRedirect_loopbackToo() {
        try (TestServer server = TestServer.start(HARDENED)) {
            server.createAthlete("marianne");
            AppService.CreatedApp app = server.createApp("Unregistered", "example.com", List.of());

            for (String redirectUri : List.of("https://example.com/cb", "http://localhost/cb")) {
                assertRejected(
                        server,
                        app,
                        redirectUri,
                        REDIRECT_URI_INVALID,
                        "code_challenge",
                        CHALLENGE,
                        "code_challenge_method",
                        "S256");
            }
        }
    }

    @Test
    void hardened_afterTheAppReplacedItsRedirectUris_admitsTheNewOneAndNoLongerTheOld() {
        try (TestServer server = TestServer.start(HARDENED)) {
            AppService.CreatedApp app = setUp(server);

            server.switchback().apps().setRedirectUris(app.app().clientId(), List.of("https://example.com/new"));

            assertThat(approve(
                                    server,
                                    app,
                                    "https://example.com/new",
                                    "code_challenge",
                                    CHALLENGE,
                                    "code_challenge_method",
                                    "S256")
                            .location())
                    .startsWith("https://example.com/new?code=");
            assertRejected(
                    server,
                    app,
                    "https://example.com/cb",
                    REDIRECT_URI_INVALID,
                    "code_challenge",
                    CHALLENGE,
                    "code_challenge_method",
                    "S256");
        }
    }

    @Test
    void hardened_theDemoApp_admitsItsPrintedRedirect_andTheLoginCommandsLoopbackOnAnyPort() {
        try (TestServer server = TestServer.start(HARDENED)) {
            AppService.CreatedApp demo =
                    DemoData.createIfEmpty(server.switchback()).orElseThrow().app();
            server.createAthlete("marianne");

            for (String redirectUri : List.of(DemoData.DEMO_REDIRECT, "http://127.0.0.1:43117/callback")) {
                Http.Response redirect = approve(
                        server, demo, redirectUri, "code_challenge", CHALLENGE, "code_challenge_method", "S256");
                assertThat(redirect.location()).startsWith(redirectUri + "?code=");
            }
        }
    }

    @Test
    void hardened_withExactMatchSwitchedOff_acceptsAnUnregisteredHttpsRedirectOnTheCallbackDomain() {
        try (TestServer server =
                TestServer.start(Map.of("profile", "hardened", "oauth.redirect-exact-match", "false"))) {
            AppService.CreatedApp app = setUp(server);

            Http.Response redirect = approve(
                    server,
                    app,
                    "https://example.com/unregistered",
                    "code_challenge",
                    CHALLENGE,
                    "code_challenge_method",
                    "S256");

            assertThat(redirect.location()).startsWith("https://example.com/unregistered?code=");
        }
    }

    @Test
    void stravaWithExactMatch_admitsOnlyRegisteredRedirects_butKeepsHttpSubdomainsAndCustomSchemes() {
        try (TestServer server = TestServer.start(Map.of("oauth.redirect-exact-match", "true"))) {
            server.createAthlete("marianne");
            AppService.CreatedApp app = server.createApp(
                    "Training Log", "example.com", List.of("http://app.example.com/cb", "com.myapp://example.com/cb"));

            assertThat(approve(server, app, "http://app.example.com/cb").location())
                    .startsWith("http://app.example.com/cb?code=");
            assertThat(approve(server, app, "com.myapp://example.com/cb").location())
                    .startsWith("com.myapp://example.com/cb?code=");
            assertRejected(server, app, "http://example.com/cb", REDIRECT_URI_INVALID);
        }
    }

    @Test
    void strava_doesNotReadTheRegisteredRedirectUris() {
        try (TestServer server = TestServer.start()) {
            server.createAthlete("marianne");
            AppService.CreatedApp app =
                    server.createApp("Training Log", "example.com", List.of("https://example.com/cb"));

            assertThat(approve(server, app, "http://app.example.com/anything").location())
                    .startsWith("http://app.example.com/anything?code=");
        }
    }

    @Test
    void hardened_withSubdomainOfTheCallbackDomain_returns400RedirectUriInvalid() {
        try (TestServer server = TestServer.start(HARDENED)) {
            AppService.CreatedApp app = setUp(server);

            assertRejected(server, app, "https://app.example.com/cb", REDIRECT_URI_INVALID);
        }
    }

    @Test
    void hardened_withoutCodeChallenge_returns400CodeChallengeMissing() {
        try (TestServer server = TestServer.start(HARDENED)) {
            AppService.CreatedApp app = setUp(server);

            assertRejected(server, app, "https://example.com/cb", CODE_CHALLENGE_MISSING);
        }
    }

    @Test
    void hardened_withEmptyCodeChallenge_returns400CodeChallengeMissing_anEmptyParameterBeingAnOmittedOne() {
        try (TestServer server = TestServer.start(HARDENED)) {
            AppService.CreatedApp app = setUp(server);

            assertRejected(
                    server,
                    app,
                    "https://example.com/cb",
                    CODE_CHALLENGE_MISSING,
                    "code_challenge",
                    "",
                    "code_challenge_method",
                    "S256");
        }
    }

    @Test
    void hardened_withRedirectOnAnotherHostAndNoChallenge_reportsRedirectUriFirst() {
        try (TestServer server = TestServer.start(HARDENED)) {
            AppService.CreatedApp app = setUp(server);

            assertRejected(server, app, "https://evil.com/cb", REDIRECT_URI_INVALID);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "s256", "S512", ""})
    void hardened_withCodeChallengeMethodOtherThanS256_returns400CodeChallengeMethodInvalid(String method) {
        try (TestServer server = TestServer.start(HARDENED)) {
            AppService.CreatedApp app = setUp(server);

            assertRejected(
                    server,
                    app,
                    "https://example.com/cb",
                    CODE_CHALLENGE_METHOD_INVALID,
                    "code_challenge",
                    CHALLENGE,
                    "code_challenge_method",
                    method);
        }
    }

    @Test
    void hardened_withCodeChallengeButNoMethod_returns400CodeChallengeMethodInvalid_plainIsNotAllowed() {
        try (TestServer server = TestServer.start(HARDENED)) {
            AppService.CreatedApp app = setUp(server);

            assertRejected(
                    server, app, "https://example.com/cb", CODE_CHALLENGE_METHOD_INVALID, "code_challenge", CHALLENGE);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "short",
                "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk=",
                "dBjftJeZ4CVP+mB92K27uhbUJU1p1r/wW1gFWFOEjXk"
            })
    void hardened_withMalformedS256Challenge_returns400CodeChallengeInvalid(String challenge) {
        try (TestServer server = TestServer.start(HARDENED)) {
            AppService.CreatedApp app = setUp(server);

            assertRejected(
                    server,
                    app,
                    "https://example.com/cb",
                    CODE_CHALLENGE_INVALID,
                    "code_challenge",
                    challenge,
                    "code_challenge_method",
                    "S256");
        }
    }

    @Test
    void hardened_withPkceRequiredSwitchedOff_acceptsARequestWithoutChallenge() {
        try (TestServer server = TestServer.start(Map.of("profile", "hardened", "oauth.pkce-required", "false"))) {
            AppService.CreatedApp app = setUp(server);

            Http.Response redirect = approve(server, app, "https://example.com/cb");

            assertThat(redirect.location()).startsWith("https://example.com/cb?code=");
        }
    }

    @Test
    void stravaWithPkceRequired_withoutCodeChallenge_returns400CodeChallengeMissing_butHttpAndSubdomainsStayAllowed() {
        try (TestServer server = TestServer.start(Map.of("oauth.pkce-required", "true"))) {
            AppService.CreatedApp app = setUp(server);

            assertRejected(server, app, "http://example.com/cb", CODE_CHALLENGE_MISSING);
            Http.Response redirect = approve(
                    server,
                    app,
                    "http://app.example.com/cb",
                    "code_challenge",
                    CHALLENGE,
                    "code_challenge_method",
                    "S256");
            assertThat(redirect.location()).startsWith("http://app.example.com/cb?code=");
        }
    }

    @Test
    void stravaWithRedirectRequiringHttps_rejectsHttp_butAllowsHttpsSubdomainsAndNoChallenge() {
        try (TestServer server = TestServer.start(Map.of("oauth.redirect-requires-https", "true"))) {
            AppService.CreatedApp app = setUp(server);

            assertRejected(server, app, "http://example.com/cb", REDIRECT_URI_INVALID);
            assertThat(approve(server, app, "https://app.example.com/cb").location())
                    .startsWith("https://app.example.com/cb?code=");
            assertThat(approve(server, app, "http://localhost:3000/cb").location())
                    .startsWith("http://localhost:3000/cb?code=");
            assertRejected(server, app, "yourapp://localhost:3000/cb", REDIRECT_URI_INVALID);
        }
    }

    @Test
    void stravaWithoutSubdomains_rejectsSubdomain_butAllowsHttpAndNoChallenge() {
        try (TestServer server = TestServer.start(Map.of("oauth.redirect-allows-subdomains", "false"))) {
            AppService.CreatedApp app = setUp(server);

            assertRejected(server, app, "http://app.example.com/cb", REDIRECT_URI_INVALID);
            assertThat(approve(server, app, "http://example.com/cb").location())
                    .startsWith("http://example.com/cb?code=");
        }
    }

    @Test
    void strava_withCodeChallengeMethodButNoChallenge_returns400CodeChallengeMissing() {
        try (TestServer server = TestServer.start()) {
            AppService.CreatedApp app = setUp(server);

            assertRejected(
                    server, app, "http://example.com/cb", CODE_CHALLENGE_MISSING, "code_challenge_method", "S256");
        }
    }

    @Test
    void strava_withS256Challenge_enforcesTheVerifierAtTheTokenEndpoint() {
        try (TestServer server = TestServer.start()) {
            AppService.CreatedApp app = setUp(server);
            String withoutVerifier = approve(
                            server,
                            app,
                            "http://example.com/cb",
                            "code_challenge",
                            CHALLENGE,
                            "code_challenge_method",
                            "S256")
                    .locationParam("code")
                    .orElseThrow();
            String withVerifier = approve(
                            server,
                            app,
                            "http://example.com/cb",
                            "code_challenge",
                            CHALLENGE,
                            "code_challenge_method",
                            "S256")
                    .locationParam("code")
                    .orElseThrow();

            assertThat(exchange(server, app, withoutVerifier, null).status()).isEqualTo(400);
            assertThat(exchange(server, app, withVerifier, VERIFIER).status()).isEqualTo(200);
        }
    }

    private static AppService.CreatedApp setUp(TestServer server) {
        server.createAthlete("marianne");
        return server.createApp("Training Log", "example.com", REGISTERED);
    }

    private static String authorizePath(AppService.CreatedApp app, String redirectUri, String... extra) {
        List<String> params = new ArrayList<>(List.of(
                "client_id",
                app.app().clientId().toString(),
                "redirect_uri",
                redirectUri,
                "response_type",
                "code",
                "approval_prompt",
                "force",
                "scope",
                "read"));
        params.addAll(Arrays.asList(extra));
        return path("/oauth/authorize", params.toArray(String[]::new));
    }

    private static Http.Response approve(
            TestServer server, AppService.CreatedApp app, String redirectUri, String... extra) {
        Browser browser = new Browser(server, "marianne").logIn();
        Http.Response consent = browser.authorize(authorizePath(app, redirectUri, extra));
        Http.Response redirect = browser.approve(consent, List.of());
        assertThat(redirect.status()).as(redirect.body()).isEqualTo(303);
        return redirect;
    }

    private static void assertRejected(
            TestServer server, AppService.CreatedApp app, String redirectUri, String body, String... extra) {
        Http.Response response = server.http().get(authorizePath(app, redirectUri, extra));

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(body);
        assertThat(response.header("Location")).isEmpty();
    }

    private static Http.Response exchange(TestServer server, AppService.CreatedApp app, String code, String verifier) {
        List<String> form = new ArrayList<>(List.of(
                "client_id",
                app.app().clientId().toString(),
                "client_secret",
                app.secret().value(),
                "code",
                code,
                "grant_type",
                "authorization_code"));
        if (verifier != null) {
            form.addAll(List.of("code_verifier", verifier));
        }
        return server.http().postForm("/oauth/token", Http.form(form.toArray(String[]::new)));
    }
}
