package dev.switchback.server.oauth;

import static dev.switchback.server.oauth.AuthorizeErrorsTest.checkboxes;
import static dev.switchback.server.oauth.AuthorizeErrorsTest.path;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppService;
import dev.switchback.scope.Scope;
import dev.switchback.server.testing.Browser;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.Tables;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The consent page and what it sends back (contract#consent, contract#approval-prompt, contract#authorize-redirect): ticked scopes only, canonical
 * order, state only when sent, approval_prompt, grant replacement and athlete capacity.
 */
@HttpTest
class ConsentTest {
    private static final String CALLBACK = "http://localhost/cb";
    private static final String CODE = "[0-9a-f]{40}";

    private TestServer server;
    private AppService.CreatedApp app;
    private Browser marianne;

    @BeforeEach
    void start() {
        server = TestServer.start();
        server.createAthlete("marianne");
        server.createAthlete("pierre");
        server.createAthlete("zoe");
        app = server.createApp("Training Log", "example.com");
        marianne = new Browser(server, "marianne").logIn();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    // --- the page

    @Test
    void consent_listsOneCheckboxPerRequestedScope_withStravaLabels() {
        Http.Response consent = marianne.authorize(authorize(
                app,
                "scope",
                "read_all,profile:write,activity:write,profile:read_all,activity:read_all,activity:read,read"));

        assertThat(consent.status()).isEqualTo(200);
        assertThat(checkboxes(consent))
                .containsExactly(
                        "read",
                        "activity:read",
                        "activity:read_all",
                        "activity:write",
                        "profile:read_all",
                        "profile:write",
                        "read_all");
        for (Scope scope : Scope.values()) {
            assertThat(consent.body()).contains("<span>" + scope.label("Training Log") + "</span>");
        }
        assertThat(consent.body()).contains("Upload your activities from Training Log to Strava");
        assertThat(consent.body()).contains("Logged in as First marianne Last");
    }

    @Test
    void consent_showsOnlyTheRequestedScopes_plusRead() {
        Http.Response consent = marianne.authorize(authorize(app, "scope", "activity:read_all"));

        assertThat(checkboxes(consent)).containsExactly("read", "activity:read_all");
        assertThat(consent.body())
                .contains(Scope.READ.label("Training Log"), Scope.ACTIVITY_READ_ALL.label("Training Log"));
        assertThat(consent.body()).doesNotContain(Scope.PROFILE_READ_ALL.label("Training Log"));
    }

    @Test
    void consent_showsReadTickedAndDisabled_andEveryOtherScopePreTicked() {
        Http.Response consent = marianne.authorize(authorize(app, "scope", "activity:read,profile:write"));

        assertThat(consent.body()).contains("<input type=\"checkbox\" checked disabled id=\"scope-read\">");
        assertThat(consent.body()).contains("<input type=\"hidden\" name=\"granted\" value=\"read\">");
        assertThat(consent.body())
                .contains(
                        "<input type=\"checkbox\" name=\"granted\" value=\"activity:read\" id=\"scope-activity:read\" checked>");
        assertThat(consent.body())
                .contains(
                        "<input type=\"checkbox\" name=\"granted\" value=\"profile:write\" id=\"scope-profile:write\" checked>");
    }

    @Test
    void consent_escapesStateInTheHiddenField_andReturnsItUnchanged() {
        String state = "\"><script>alert(1)</script>&x=1 é";
        Http.Response consent = marianne.authorize(authorize(app, "scope", "read", "state", state));

        assertThat(consent.body()).doesNotContain("<script>alert(1)");
        Http.Response redirect = post(marianne.http(), consent, "decision", "authorize");
        assertThat(redirect.locationParam("state")).contains(state);
    }

    // --- approving

    @Test
    void approve_withEveryScopeTicked_redirectsWithTheScopesInCanonicalOrder() {
        Http.Response consent =
                marianne.authorize(authorize(app, "scope", "profile:read_all,activity:read_all,read_all"));

        Http.Response redirect =
                marianne.approve(consent, List.of("profile:read_all", "activity:read_all", "read_all"));

        assertThat(redirect.status()).isEqualTo(303);
        assertThat(redirect.location())
                .matches("http://localhost/cb\\?code=" + CODE
                        + "&scope=read,activity:read_all,profile:read_all,read_all");
    }

    @Test
    void approve_withSomeScopesUnticked_grantsOnlyTheTickedOnesAndRead() {
        Http.Response consent =
                marianne.authorize(authorize(app, "scope", "activity:read_all,activity:write,profile:read_all"));

        Http.Response redirect = marianne.approve(consent, List.of("activity:write"));

        assertThat(redirect.locationParam("scope")).contains("read,activity:write");
    }

    @Test
    void approve_withNothingTicked_grantsRead() {
        Http.Response consent = marianne.authorize(authorize(app, "scope", "activity:read,profile:read_all"));

        Http.Response redirect = marianne.approve(consent, List.of());

        assertThat(redirect.location()).matches("http://localhost/cb\\?code=" + CODE + "&scope=read");
    }

    @Test
    void approve_withReadLeftOutOfTheForm_stillGrantsRead() {
        Http.Response consent = marianne.authorize(authorize(app, "scope", "activity:read"));

        Http.Response redirect = post(marianne.http(), consent, "decision", "authorize", "granted", "activity:read");

        assertThat(redirect.locationParam("scope")).contains("read,activity:read");
    }

    @Test
    void approve_withATickedScopeThatWasNotRequested_doesNotGrantIt() {
        Http.Response consent = marianne.authorize(authorize(app, "scope", "activity:read"));

        Http.Response redirect = post(
                marianne.http(),
                consent,
                "decision",
                "authorize",
                "granted",
                "activity:read",
                "granted",
                "activity:write",
                "granted",
                "profile:read_all",
                "granted",
                "admin");

        assertThat(redirect.locationParam("scope")).contains("read,activity:read");
    }

    @Test
    void approve_codeWorksAtTheTokenEndpointAtOnce_withTheGrantedScopes() {
        Http.Response consent = marianne.authorize(authorize(app, "scope", "profile:read_all"));
        String code = marianne.approve(consent, List.of("profile:read_all"))
                .locationParam("code")
                .orElseThrow();

        JsonNode tokens = Flows.exchange(server, app, code);

        assertThat(tokens.get("athlete").get("username").asString()).isEqualTo("marianne");
        assertThat(athlete(tokens).get("resource_state").asInt()).isEqualTo(3);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {"/oauth/authorize", "/oauth/mobile/authorize", "/api/v3/oauth/authorize"})
    void approve_onEveryAuthorizePath_redirectsWithACode(String authorizePath) {
        Http.Response consent =
                marianne.authorize(authorize(app, "scope", "activity:read").replace("/oauth/authorize", authorizePath));

        Http.Response redirect = marianne.approve(consent, List.of("activity:read"));

        assertThat(redirect.location()).matches("http://localhost/cb\\?code=" + CODE + "&scope=read,activity:read");
    }

    // --- state and redirect_uri

    @Test
    void approve_withState_putsStateFirst() {
        Http.Response consent = marianne.authorize(authorize(app, "scope", "read", "state", "st8"));

        Http.Response redirect = marianne.approve(consent, List.of());

        assertThat(redirect.location()).matches("http://localhost/cb\\?state=st8&code=" + CODE + "&scope=read");
    }

    @Test
    void approve_withEmptyState_keepsStateEmpty() {
        Http.Response consent = marianne.authorize(authorize(app, "scope", "read", "state", ""));

        Http.Response redirect = marianne.approve(consent, List.of());

        assertThat(redirect.location()).matches("http://localhost/cb\\?state=&code=" + CODE + "&scope=read");
    }

    @Test
    void approve_withoutState_sendsNoState() {
        Http.Response consent = marianne.authorize(authorize(app, "scope", "read"));

        Http.Response redirect = marianne.approve(consent, List.of());

        assertThat(redirect.location()).doesNotContain("state");
        assertThat(redirect.locationParam("state")).isEmpty();
    }

    @Test
    void approve_withRedirectUriThatHasAQuery_keepsItsParameters() {
        Http.Response consent = marianne.authorize(authorize(
                app, "redirect_uri", "http://localhost/cb?session=42&lang=en", "scope", "read", "state", "s"));

        Http.Response redirect = marianne.approve(consent, List.of());

        assertThat(redirect.location())
                .matches("http://localhost/cb\\?session=42&lang=en&state=s&code=" + CODE + "&scope=read");
    }

    @Test
    void cancel_redirectsWithAccessDeniedAndState() {
        Http.Response consent = marianne.authorize(authorize(app, "scope", "activity:read", "state", "abc"));

        Http.Response redirect = marianne.cancel(consent);

        assertThat(redirect.status()).isEqualTo(303);
        assertThat(redirect.location()).isEqualTo("http://localhost/cb?state=abc&error=access_denied");
    }

    @Test
    void cancel_withEmptyState_keepsStateEmpty() {
        Http.Response consent = marianne.authorize(
                authorize(app, "redirect_uri", "http://localhost:5000/stravaToken", "scope", "read", "state", ""));

        Http.Response redirect = marianne.cancel(consent);

        assertThat(redirect.location()).isEqualTo("http://localhost:5000/stravaToken?state=&error=access_denied");
    }

    @Test
    void cancel_withoutState_sendsOnlyTheError_andKeepsExistingParameters() {
        Http.Response consent = marianne.authorize(
                authorize(app, "redirect_uri", "https://example.com/cb?session=42", "scope", "read"));

        Http.Response redirect = marianne.cancel(consent);

        assertThat(redirect.location()).isEqualTo("https://example.com/cb?session=42&error=access_denied");
    }

    @Test
    void cancel_grantsNothing_theAppStaysOffMyApps() {
        Http.Response consent = marianne.authorize(authorize(app, "scope", "activity:read"));

        marianne.cancel(consent);

        assertThat(marianne.http().get("/settings/apps").body()).doesNotContain("Training Log");
        assertThat(marianne.authorize(authorize(app, "scope", "read")).status()).isEqualTo(200);
    }

    // --- approval_prompt

    @Test
    void auto_withoutAnyGrant_showsConsent() {
        assertThat(marianne.authorize(authorize(app, "scope", "read", "approval_prompt", "auto"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void auto_whenTheGrantCoversEveryRequestedScope_redirects302StraightBackWithAWorkingCode() {
        approve(marianne, "activity:read,profile:read_all", List.of("activity:read", "profile:read_all"));

        Http.Response redirect = marianne.authorize(
                authorize(app, "scope", "activity:read", "approval_prompt", "auto", "state", "again"));

        assertThat(redirect.status()).isEqualTo(302);
        assertThat(redirect.location())
                .matches("http://localhost/cb\\?state=again&code=" + CODE
                        + "&scope=read,activity:read,profile:read_all");
        JsonNode tokens =
                Flows.exchange(server, app, redirect.locationParam("code").orElseThrow());
        assertThat(tokens.get("access_token").asString()).matches(CODE);
    }

    @Test
    void auto_onHead_whenTheGrantCoversEveryScope_issuesNoCode_andAnswersAsTheConsentPage() {
        approve(marianne, "activity:read", List.of("activity:read"));
        Map<String, List<String>> before = Tables.snapshot(server);

        Http.Response head = marianne.http()
                .send("HEAD", authorize(app, "scope", "activity:read", "approval_prompt", "auto"), null, null);

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Location")).isEmpty();
        assertThat(Tables.snapshot(server)).isEqualTo(before);
    }

    @Test
    void auto_isTheDefault() {
        approve(marianne, "activity:read", List.of("activity:read"));

        Http.Response redirect = marianne.authorize(authorize(app, "scope", "activity:read", "approval_prompt", null));

        assertThat(redirect.status()).isEqualTo(302);
        assertThat(redirect.location()).startsWith(CALLBACK + "?code=");
    }

    @Test
    void auto_whenARequestedScopeIsNotInTheGrant_showsConsent() {
        approve(marianne, "activity:read", List.of("activity:read"));

        Http.Response response = marianne.authorize(
                authorize(app, "scope", "activity:read,profile:read_all", "approval_prompt", "auto"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(checkboxes(response)).containsExactly("read", "activity:read", "profile:read_all");
    }

    @Test
    void auto_whenTheAthleteUntickedTheScopeLastTime_showsConsentAgain() {
        approve(marianne, "activity:read", List.of());

        Http.Response response =
                marianne.authorize(authorize(app, "scope", "activity:read", "approval_prompt", "auto"));

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void auto_afterDeauthorize_showsConsentAgain() {
        String code = approve(marianne, "activity:read", List.of("activity:read"))
                .locationParam("code")
                .orElseThrow();
        String access = Flows.exchange(server, app, code).get("access_token").asString();
        assertThat(server.http()
                        .postEmpty("/oauth/deauthorize", "Authorization", "Bearer " + access)
                        .status())
                .isEqualTo(200);

        Http.Response response =
                marianne.authorize(authorize(app, "scope", "activity:read", "approval_prompt", "auto"));

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void auto_forAnotherAthlete_showsConsent() {
        approve(marianne, "activity:read", List.of("activity:read"));
        Browser pierre = new Browser(server, "pierre").logIn();

        assertThat(pierre.authorize(authorize(app, "scope", "activity:read")).status())
                .isEqualTo(200);
    }

    @Test
    void forceAndPrompt_alwaysShowConsent_evenWhenTheGrantCoversEverything() {
        approve(marianne, "activity:read", List.of("activity:read"));

        Http.Response force = marianne.authorize(authorize(app, "scope", "activity:read", "approval_prompt", "force"));
        Http.Response prompt =
                marianne.authorize(authorize(app, "scope", "activity:read", "approval_prompt", "prompt"));

        assertThat(force.status()).isEqualTo(200);
        assertThat(prompt.status()).isEqualTo(200);
    }

    // --- a new authorization replaces the grant

    @Test
    void newAuthorization_replacesTheScopesOfTheGrant() {
        String first = approve(marianne, "profile:read_all", List.of("profile:read_all"))
                .locationParam("code")
                .orElseThrow();
        JsonNode before = Flows.exchange(server, app, first);
        assertThat(athlete(before).get("resource_state").asInt()).isEqualTo(3);

        String second = approve(marianne, "profile:read_all", List.of())
                .locationParam("code")
                .orElseThrow();
        JsonNode after = Flows.exchange(server, app, second);

        assertThat(athlete(after).get("resource_state").asInt()).isEqualTo(2);
        assertThat(marianne.http().get("/settings/apps").body())
                .doesNotContain(Scope.PROFILE_READ_ALL.label("Training Log"))
                .contains(Scope.READ.label("Training Log"));
    }

    @Test
    void newAuthorization_withFewerScopes_revokesAccessTokensThatCarryADroppedScope() {
        String first = approve(marianne, "profile:read_all", List.of("profile:read_all"))
                .locationParam("code")
                .orElseThrow();
        String wide = Flows.exchange(server, app, first).get("access_token").asString();

        approve(marianne, "profile:read_all", List.of());

        Http.Response response = server.http().get("/api/v3/athlete", "Authorization", "Bearer " + wide);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body())
                .isEqualTo("{\"message\":\"Authorization Error\",\"errors\":[{\"resource\":\"Athlete\","
                        + "\"field\":\"access_token\",\"code\":\"invalid\"}]}");
    }

    @Test
    void newAuthorization_withMoreScopes_widensTheGrant_andNewTokensSeeTheDetailedProfile() {
        String first =
                approve(marianne, "read", List.of()).locationParam("code").orElseThrow();
        String narrow = Flows.exchange(server, app, first).get("access_token").asString();

        String second = approve(marianne, "profile:read_all", List.of("profile:read_all"))
                .locationParam("code")
                .orElseThrow();
        JsonNode wide = Flows.exchange(server, app, second);

        assertThat(athlete(wide).get("resource_state").asInt()).isEqualTo(3);
        Http.Response old = server.http().get("/api/v3/athlete", "Authorization", "Bearer " + narrow);
        assertThat(old.status()).isEqualTo(200);
        assertThat(old.json().get("resource_state").asInt()).isEqualTo(2);
    }

    // --- athlete capacity

    @Test
    void capacity_ofOne_letsTheOwnerAuthorize() {
        AppService.CreatedApp solo = server.createApp("Solo", "example.com", Optional.of("marianne"), 1);

        Http.Response redirect = marianne.approve(marianne.authorize(authorize(solo, "scope", "read")), List.of());

        assertThat(redirect.status()).isEqualTo(303);
        assertThat(redirect.location()).startsWith(CALLBACK + "?code=");
    }

    @Test
    void capacity_ofOne_refusesAnotherAthleteWithTheLimitPage() {
        AppService.CreatedApp solo = server.createApp("Solo", "example.com", Optional.of("marianne"), 1);
        Browser pierre = new Browser(server, "pierre").logIn();

        Http.Response consent = pierre.authorize(authorize(solo, "scope", "read", "state", "s"));
        Http.Response refused = pierre.approve(consent, List.of());

        assertLimitPage(refused);
        assertThat(pierre.http().get("/settings/apps").body()).doesNotContain("Solo");
    }

    @Test
    void capacity_refusesANewAthlete_evenBeforeTheOwnerConnected() {
        AppService.CreatedApp solo = server.createApp("Solo", "example.com", Optional.of("marianne"), 1);
        Browser pierre = new Browser(server, "pierre").logIn();

        assertLimitPage(pierre.approve(pierre.authorize(authorize(solo, "scope", "read")), List.of()));
    }

    @Test
    void capacity_whenFull_letsConnectedAthletesAuthorizeAgain() {
        AppService.CreatedApp pair = server.createApp("Pair", "example.com", Optional.of("marianne"), 2);
        Browser pierre = new Browser(server, "pierre").logIn();
        Browser zoe = new Browser(server, "zoe").logIn();
        assertThat(approveFor(marianne, pair, "read").status()).isEqualTo(303);
        assertThat(approveFor(pierre, pair, "read").status()).isEqualTo(303);

        assertLimitPage(approveFor(zoe, pair, "read"));
        assertThat(approveFor(pierre, pair, "activity:read").location()).contains("scope=read,activity:read");
        assertThat(approveFor(marianne, pair, "activity:read").location()).contains("scope=read,activity:read");
    }

    @Test
    void capacity_withoutOwner_admitsTheFirstAthletes_andAPlaceFreedByRevokeCanBeTaken() {
        AppService.CreatedApp single = server.createApp("Single", "example.com", Optional.empty(), 1);
        Browser pierre = new Browser(server, "pierre").logIn();
        assertThat(approveFor(marianne, single, "read").status()).isEqualTo(303);
        assertLimitPage(approveFor(pierre, single, "read"));

        String csrf = marianne.http().get("/settings/apps").inputValue("csrf");
        marianne.http().postForm("/settings/apps/" + single.app().clientId() + "/revoke", Http.form("csrf", csrf));

        assertThat(approveFor(pierre, single, "read").status()).isEqualTo(303);
    }

    // --- the consent POST is checked again

    @Test
    void consentPost_withTamperedRedirectUri_returns400RedirectUriInvalid_andNoRedirect() {
        Http.Response consent = marianne.authorize(authorize(app, "scope", "read"));

        Http.Response response = post(
                marianne.http(),
                consent,
                "redirect_uri",
                "http://evil.com/cb",
                "decision",
                "authorize",
                "granted",
                "read");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(CallbackDomainTest.REDIRECT_URI_INVALID);
        assertThat(response.header("Location")).isEmpty();
    }

    @Test
    void consentPost_withTamperedRedirectUri_onCancel_returns400_andNoRedirect() {
        Http.Response consent = marianne.authorize(authorize(app, "scope", "read"));

        Http.Response response =
                post(marianne.http(), consent, "redirect_uri", "http://evil.com/cb", "decision", "cancel");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Location")).isEmpty();
    }

    @Test
    void consentPost_withTamperedClientIdOrScope_returns400() {
        Http.Response consent = marianne.authorize(authorize(app, "scope", "read"));

        Http.Response client = post(marianne.http(), consent, "client_id", "987654", "decision", "authorize");
        Http.Response scope = post(marianne.http(), consent, "scope", "read,write", "decision", "authorize");

        assertThat(client.status()).isEqualTo(400);
        assertThat(client.body()).contains("\"field\":\"client_id\"");
        assertThat(scope.status()).isEqualTo(400);
        assertThat(scope.body())
                .isEqualTo(
                        "{\"message\":\"Bad Request\",\"errors\":[{\"resource\":\"Authorize\",\"field\":\"scope\",\"code\":\"invalid\"}]}");
    }

    @Test
    void consentPost_withoutCsrf_returns403_andIssuesNoCode() {
        Http.Response consent = marianne.authorize(authorize(app, "scope", "read"));

        Http.Response response = post(marianne.http(), consent, "csrf", "", "decision", "authorize");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("Location")).isEmpty();
        assertThat(response.body()).contains("This form has expired");
    }

    @Test
    void consentPost_withTheCsrfTokenOfAnotherAthlete_returns403() {
        Browser pierre = new Browser(server, "pierre").logIn();
        String pierresToken = pierre.authorize(authorize(app, "scope", "read")).inputValue("csrf");
        Http.Response consent = marianne.authorize(authorize(app, "scope", "read"));

        Http.Response response = post(marianne.http(), consent, "csrf", pierresToken, "decision", "authorize");

        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void consentPost_withoutSession_redirectsToLogin_andAfterLoginTheConsentPageComesBack() {
        Http http = server.http();
        Http.Response loginForm = http.get("/login");
        String authorize = authorize(app, "scope", "activity:read", "state", "s1");
        Http.Response consentElsewhere = marianne.authorize(authorize);

        Http.Response response = post(
                http,
                consentElsewhere,
                "csrf",
                loginForm.inputValue("csrf"),
                "decision",
                "authorize",
                "granted",
                "activity:read");

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.location())
                .startsWith("/login?return_to=" + URLEncoder.encode("/oauth/authorize?", StandardCharsets.UTF_8));
        Http.Response form = http.get(response.location());
        Http.Response loggedIn = http.postForm(
                "/login",
                Http.form(
                        "csrf",
                        form.inputValue("csrf"),
                        "username",
                        "marianne",
                        "password",
                        TestServer.PASSWORD,
                        "return_to",
                        form.inputValue("return_to")));
        Http.Response consent = http.get(loggedIn.location());
        assertThat(consent.status()).isEqualTo(200);
        assertThat(checkboxes(consent)).containsExactly("read", "activity:read");
        assertThat(consent.inputValue("state")).isEqualTo("s1");
    }

    @Test
    void consentPost_afterTheSessionExpired_issuesNoCode_andSendsTheAthleteToLogInAgain() {
        Http.Response consent = marianne.authorize(authorize(app, "scope", "read"));
        server.clock().advance(Duration.ofHours(13));

        Http.Response response = marianne.approve(consent, List.of());

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.location())
                .startsWith("/login?return_to=" + URLEncoder.encode("/oauth/authorize?", StandardCharsets.UTF_8));
        assertThat(response.location()).doesNotContain("code=");
    }

    // --- helpers

    private static String authorize(AppService.CreatedApp app, String... overrides) {
        Map<String, String> params = new java.util.LinkedHashMap<>();
        params.put("client_id", app.app().clientId().toString());
        params.put("redirect_uri", CALLBACK);
        params.put("response_type", "code");
        params.put("approval_prompt", "force");
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                params.remove(overrides[i]);
            } else {
                params.put(overrides[i], overrides[i + 1]);
            }
        }
        List<String> flat = new ArrayList<>();
        params.forEach((name, value) -> {
            flat.add(name);
            flat.add(value);
        });
        return path("/oauth/authorize", flat.toArray(String[]::new));
    }

    private Http.Response approve(Browser browser, String scope, List<String> ticked) {
        Http.Response redirect = browser.approve(browser.authorize(authorize(app, "scope", scope)), ticked);
        assertThat(redirect.status()).as(redirect.body()).isEqualTo(303);
        return redirect;
    }

    private static Http.Response approveFor(Browser browser, AppService.CreatedApp app, String scope) {
        return browser.approve(browser.authorize(authorize(app, "scope", scope)), List.of(scope.split(",")));
    }

    /**
     * Posts the consent form of {@code consent} as a browser would, with its hidden fields and CSRF
     * token, except that {@code overrides} replace or add fields ({@code granted} and {@code decision} add).
     */
    private static Http.Response post(Http http, Http.Response consent, String... overrides) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (String name :
                List.of("csrf", "client_id", "redirect_uri", "response_type", "scope", "approval_prompt", "state")) {
            if (consent.body().contains("name=\"" + name + "\" value=")) {
                fields.put(name, hiddenValue(consent, name));
            }
        }
        List<String[]> repeated = new ArrayList<>();
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i].equals("granted") || overrides[i].equals("decision")) {
                repeated.add(new String[] {overrides[i], overrides[i + 1]});
            } else {
                fields.put(overrides[i], overrides[i + 1]);
            }
        }
        StringJoiner body = new StringJoiner("&");
        fields.forEach((name, value) -> body.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        repeated.forEach(pair -> body.add(pair[0] + "=" + URLEncoder.encode(pair[1], StandardCharsets.UTF_8)));
        return http.postRaw(
                "/oauth/accept_application",
                "application/x-www-form-urlencoded",
                body.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The value of a hidden field with every HTML character reference decoded, as a browser reads it. */
    private static String hiddenValue(Http.Response page, String name) {
        java.util.regex.Matcher field = java.util.regex.Pattern.compile(
                        "name=\"" + java.util.regex.Pattern.quote(name) + "\" value=\"([^\"]*)\"")
                .matcher(page.body());
        assertThat(field.find()).as("hidden field %s", name).isTrue();
        java.util.regex.Matcher reference =
                java.util.regex.Pattern.compile("&(#(\\d+)|amp|quot|lt|gt);").matcher(field.group(1));
        StringBuilder value = new StringBuilder();
        while (reference.find()) {
            String decoded = reference.group(2) != null
                    ? Character.toString(Integer.parseInt(reference.group(2)))
                    : switch (reference.group(1)) {
                        case "amp" -> "&";
                        case "quot" -> "\"";
                        case "lt" -> "<";
                        default -> ">";
                    };
            reference.appendReplacement(value, java.util.regex.Matcher.quoteReplacement(decoded));
        }
        reference.appendTail(value);
        return value.toString();
    }

    private JsonNode athlete(JsonNode tokens) {
        Http.Response response = server.http()
                .get(
                        "/api/v3/athlete",
                        "Authorization",
                        "Bearer " + tokens.get("access_token").asString());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static void assertLimitPage(Http.Response response) {
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("Location")).isEmpty();
        assertThat(response.header("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(response.header("X-Frame-Options")).contains("DENY");
        assertThat(response.body()).contains("Error 403: Limit of connected athletes exceeded");
        assertThat(response.body()).contains("This app has exceeded the limit of connected athletes.");
    }
}
