package dev.switchback.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppService;
import dev.switchback.scope.Scope;
import dev.switchback.server.testing.Browser;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Settings &gt; My Apps (contract#my-apps-revoke, contract#page-security): the apps an athlete authorized, and Revoke. */
@HttpTest
class MyAppsTest {
    private static final String ACCESS_TOKEN_INVALID =
            "{\"message\":\"Authorization Error\",\"errors\":[{\"resource\":\"Athlete\","
                    + "\"field\":\"access_token\",\"code\":\"invalid\"}]}";
    private static final String REFRESH_TOKEN_INVALID =
            "{\"message\":\"Bad Request\",\"errors\":[{\"resource\":\"RefreshToken\","
                    + "\"field\":\"refresh_token\",\"code\":\"invalid\"}],\"error\":\"invalid_grant\","
                    + "\"error_description\":\"refresh_token is unknown, revoked or superseded\"}";

    private TestServer server;
    private AppService.CreatedApp trainingLog;
    private AppService.CreatedApp zwiftSync;

    @BeforeEach
    void start() {
        server = TestServer.start();
        server.createAthlete("marianne");
        server.createAthlete("pierre");
        trainingLog = server.createApp("Training Log", "example.com");
        zwiftSync = server.createApp("Zwift Sync", "example.com");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void myApps_withoutSession_redirectsToLogin() {
        Http.Response response = server.http().get("/settings/apps");

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.location()).isEqualTo("/login?return_to=%2Fsettings%2Fapps");
    }

    @Test
    void myApps_onHeadWithoutSession_redirectsToLoginLikeGet() {
        Http.Response response = server.http().send("HEAD", "/settings/apps", null, null);

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.location()).isEqualTo("/login?return_to=%2Fsettings%2Fapps");
    }

    @Test
    void myApps_withNoAuthorizedApps_saysSo() {
        Browser marianne = new Browser(server, "marianne").logIn();

        Http.Response page = marianne.http().get("/settings/apps");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("You have not authorized any apps.");
    }

    @Test
    void myApps_listsEachAuthorizedApp_withItsScopeLabelsAndAuthorizedDate() {
        Flows.tokens(server, zwiftSync, "marianne", "read,activity:write");
        server.clock().advance(Duration.ofDays(1).plusMinutes(5));
        Flows.tokens(server, trainingLog, "marianne", "activity:read,profile:read_all");
        Browser marianne = new Browser(server, "marianne").logIn();

        Http.Response page = marianne.http().get("/settings/apps");

        assertThat(page.status()).isEqualTo(200);
        String training = row(page, trainingLog);
        assertThat(training).contains("<h2>Training Log</h2>");
        assertThat(training)
                .contains(
                        "<li>" + Scope.READ.label("Training Log") + "</li>",
                        "<li>" + Scope.ACTIVITY_READ.label("Training Log") + "</li>",
                        "<li>" + Scope.PROFILE_READ_ALL.label("Training Log") + "</li>");
        assertThat(training).doesNotContain(Scope.ACTIVITY_WRITE.label("Training Log"));
        assertThat(training).contains("March 2, 2026 10:05 UTC");
        String zwift = row(page, zwiftSync);
        assertThat(zwift).contains("Upload your activities from Zwift Sync to Strava", "March 1, 2026 10:00 UTC");
        assertThat(page.body().indexOf("Training Log")).isLessThan(page.body().indexOf("Zwift Sync"));
    }

    @Test
    void myApps_showsOnlyTheAppsOfTheLoggedInAthlete() {
        Flows.tokens(server, zwiftSync, "pierre", "read");
        Flows.tokens(server, trainingLog, "marianne", "read");
        Browser marianne = new Browser(server, "marianne").logIn();

        Http.Response page = marianne.http().get("/settings/apps");

        assertThat(page.body()).contains("Training Log").doesNotContain("Zwift Sync");
    }

    @Test
    void myApps_afterReauthorizing_showsTheNewScopesAndDate() {
        Flows.tokens(server, trainingLog, "marianne", "activity:read");
        server.clock().advance(Duration.ofHours(3));
        Flows.tokens(server, trainingLog, "marianne", "profile:read_all");
        Browser marianne = new Browser(server, "marianne").logIn();

        String training = row(marianne.http().get("/settings/apps"), trainingLog);

        assertThat(training).contains(Scope.PROFILE_READ_ALL.label("Training Log"), "March 1, 2026 13:00 UTC");
        assertThat(training).doesNotContain(Scope.ACTIVITY_READ.label("Training Log"));
    }

    @Test
    void myApps_escapesTheAppName() {
        AppService.CreatedApp evil = server.createApp("<b>Evil</b>", "example.com");
        Flows.tokens(server, evil, "marianne", "activity:write");
        Browser marianne = new Browser(server, "marianne").logIn();

        Http.Response page = marianne.http().get("/settings/apps");

        assertThat(page.body()).doesNotContain("<b>Evil</b>").contains("&lt;b&gt;Evil&lt;/b&gt;");
    }

    @Test
    void revoke_redirects303BackToMyApps_andTheAppIsGone() {
        Flows.tokens(server, trainingLog, "marianne", "activity:read");
        Flows.tokens(server, zwiftSync, "marianne", "read");
        Browser marianne = new Browser(server, "marianne").logIn();

        Http.Response response = revoke(marianne.http(), trainingLog, csrf(marianne));

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.location())
                .isEqualTo("/settings/apps?revoked=" + trainingLog.app().clientId());
        Http.Response page = marianne.http().get(response.location());
        assertThat(page.body())
                .contains("Access revoked for Training Log.")
                .doesNotContain("id=\"app-" + trainingLog.app().clientId() + "\"")
                .contains("Zwift Sync");
    }

    @Test
    void revoke_killsTheAccessAndRefreshTokens_likeDeauthorize() {
        JsonNode tokens = Flows.tokens(server, trainingLog, "marianne", "activity:read");
        String access = tokens.get("access_token").asString();
        Browser marianne = new Browser(server, "marianne").logIn();
        assertThat(athlete(access).status()).isEqualTo(200);

        revoke(marianne.http(), trainingLog, csrf(marianne));

        Http.Response api = athlete(access);
        assertThat(api.status()).isEqualTo(401);
        assertThat(api.body()).isEqualTo(ACCESS_TOKEN_INVALID);
        Http.Response refresh =
                Flows.refresh(server, trainingLog, tokens.get("refresh_token").asString());
        assertThat(refresh.status()).isEqualTo(400);
        assertThat(refresh.body()).isEqualTo(REFRESH_TOKEN_INVALID);
    }

    @Test
    void revoke_killsEveryAccessTokenOfTheGrant_includingOlderOnesStillInTheirLifetime() {
        JsonNode tokens = Flows.tokens(server, trainingLog, "marianne", "read");
        JsonNode refreshed = Flows.refresh(
                        server, trainingLog, tokens.get("refresh_token").asString())
                .json();
        Browser marianne = new Browser(server, "marianne").logIn();

        revoke(marianne.http(), trainingLog, csrf(marianne));

        assertThat(athlete(tokens.get("access_token").asString()).status()).isEqualTo(401);
        assertThat(athlete(refreshed.get("access_token").asString()).status()).isEqualTo(401);
        assertThat(Flows.refresh(
                                server,
                                trainingLog,
                                refreshed.get("refresh_token").asString())
                        .status())
                .isEqualTo(400);
    }

    @Test
    void revoke_makesAnUnusedCodeWorthless() {
        String code = Flows.code(server, trainingLog, "marianne", "read");
        Browser marianne = new Browser(server, "marianne").logIn();

        revoke(marianne.http(), trainingLog, csrf(marianne));

        Http.Response exchange = server.http()
                .postForm(
                        "/oauth/token",
                        Http.form(
                                "client_id",
                                trainingLog.app().clientId().toString(),
                                "client_secret",
                                trainingLog.secret().value(),
                                "code",
                                code,
                                "grant_type",
                                "authorization_code"));
        assertThat(exchange.status()).isEqualTo(400);
        assertThat(exchange.body()).doesNotContain("access_token");
    }

    @Test
    void revoke_leavesOtherAthletesAndOtherAppsConnected() {
        String pierresToken = Flows.tokens(server, trainingLog, "pierre", "read")
                .get("access_token")
                .asString();
        String otherAppToken = Flows.tokens(server, zwiftSync, "marianne", "read")
                .get("access_token")
                .asString();
        Flows.tokens(server, trainingLog, "marianne", "read");
        Browser marianne = new Browser(server, "marianne").logIn();

        revoke(marianne.http(), trainingLog, csrf(marianne));

        assertThat(athlete(pierresToken).status()).isEqualTo(200);
        assertThat(athlete(otherAppToken).status()).isEqualTo(200);
    }

    @Test
    void revoke_meansTheNextAutoAuthorizeAsksForConsentAgain() {
        Flows.tokens(server, trainingLog, "marianne", "read");
        Browser marianne = new Browser(server, "marianne").logIn();
        String auto = Flows.authorizePath(trainingLog.app().clientId(), "read")
                .replace("approval_prompt=force", "approval_prompt=auto");
        assertThat(marianne.authorize(auto).status()).isEqualTo(302);

        revoke(marianne.http(), trainingLog, csrf(marianne));

        assertThat(marianne.authorize(auto).status()).isEqualTo(200);
    }

    @Test
    void revoke_withoutCsrf_returns403_andNothingChanges() {
        String access = Flows.tokens(server, trainingLog, "marianne", "read")
                .get("access_token")
                .asString();
        Browser marianne = new Browser(server, "marianne").logIn();

        Http.Response response =
                marianne.http().postForm("/settings/apps/" + trainingLog.app().clientId() + "/revoke", Http.form());

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("Location")).isEmpty();
        assertThat(marianne.http().get("/settings/apps").body()).contains("Training Log");
        assertThat(athlete(access).status()).isEqualTo(200);
    }

    @Test
    void revoke_withWrongCsrf_returns403_andNothingChanges() {
        String access = Flows.tokens(server, trainingLog, "marianne", "read")
                .get("access_token")
                .asString();
        Browser marianne = new Browser(server, "marianne").logIn();
        Browser pierre = new Browser(server, "pierre").logIn();

        Http.Response response = revoke(marianne.http(), trainingLog, csrf(pierre));

        assertThat(response.status()).isEqualTo(403);
        assertThat(athlete(access).status()).isEqualTo(200);
    }

    @Test
    void revoke_withoutSession_returns403_andNothingChanges() {
        String access = Flows.tokens(server, trainingLog, "marianne", "read")
                .get("access_token")
                .asString();
        Http stranger = server.http();
        String preSessionCsrf = stranger.get("/login").inputValue("csrf");

        Http.Response response = revoke(stranger, trainingLog, preSessionCsrf);

        assertThat(response.status()).isEqualTo(403);
        assertThat(athlete(access).status()).isEqualTo(200);
    }

    @Test
    void revoke_ofAnAppNeverAuthorized_redirectsBack_andChangesNothing() {
        String access = Flows.tokens(server, trainingLog, "marianne", "read")
                .get("access_token")
                .asString();
        Browser marianne = new Browser(server, "marianne").logIn();

        Http.Response response = revoke(marianne.http(), zwiftSync, csrf(marianne));

        assertThat(response.status()).isEqualTo(303);
        assertThat(athlete(access).status()).isEqualTo(200);
    }

    @Test
    void revoke_withNonNumericAppId_returns404Page() {
        Browser marianne = new Browser(server, "marianne").logIn();

        Http.Response response =
                marianne.http().postForm("/settings/apps/abc/revoke", Http.form("csrf", csrf(marianne)));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type").orElseThrow()).startsWith("text/html");
    }

    @Test
    void revokeButton_asksForConfirmation_whoseFormPostsToTheRevokePathOfItsApp_withTheCsrfToken() {
        Flows.tokens(server, trainingLog, "marianne", "read");
        Browser marianne = new Browser(server, "marianne").logIn();

        String training = row(marianne.http().get("/settings/apps"), trainingLog);
        assertThat(training)
                .contains("href=\"/settings/apps?revoke=" + trainingLog.app().clientId())
                .doesNotContain("/revoke\"");

        String confirming = row(
                marianne.http().get("/settings/apps?revoke=" + trainingLog.app().clientId()), trainingLog);
        assertThat(confirming)
                .contains("Revoke access for Training Log?")
                .contains("<form method=\"post\" action=\"/settings/apps/"
                        + trainingLog.app().clientId() + "/revoke\"");
        assertThat(confirming).contains("name=\"csrf\" value=\"" + csrf(marianne) + "\"");
    }

    private static String csrf(Browser browser) {
        return browser.http().get("/settings/apps").inputValue("csrf");
    }

    private static Http.Response revoke(Http http, AppService.CreatedApp app, String csrf) {
        return http.postForm("/settings/apps/" + app.app().clientId() + "/revoke", Http.form("csrf", csrf));
    }

    private Http.Response athlete(String accessToken) {
        return server.http().get("/api/v3/athlete", "Authorization", "Bearer " + accessToken);
    }

    /** The card of {@code app} on a My Apps page: up to the next app's card, or the logout form. */
    private static String row(Http.Response page, AppService.CreatedApp app) {
        String start = "<li id=\"app-" + app.app().clientId() + "\">";
        int from = page.body().indexOf(start);
        assertThat(from).as("row of %s in %s", app.app().name(), page.body()).isNotNegative();
        int next = page.body().indexOf("<li id=\"app-", from + 1);
        return page.body().substring(from, next > 0 ? next : page.body().indexOf("action=\"/logout\"", from));
    }
}
