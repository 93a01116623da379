package dev.switchback.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppId;
import dev.switchback.app.AppService;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Whole flows, for tests that need a code or tokens and are about something else. */
public final class Flows {
    private static final java.util.concurrent.atomic.AtomicInteger APPS =
            new java.util.concurrent.atomic.AtomicInteger();

    /** Where every flow here redirects; {@link TestServer#createApp} registers it. */
    public static final String REDIRECT_URI = "http://localhost/cb";

    private Flows() {}

    /** The authorize path and query for an app, redirecting to {@link #REDIRECT_URI}. */
    public static String authorizePath(AppId clientId, String scope) {
        return "/oauth/authorize?client_id=" + clientId + "&redirect_uri="
                + URLEncoder.encode(REDIRECT_URI, StandardCharsets.UTF_8)
                + "&response_type=code&approval_prompt=force&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8);
    }

    /** Logs {@code username} in, approves every scope of {@code scope}, and returns the code. */
    public static String code(TestServer server, AppService.CreatedApp app, String username, String scope) {
        Browser browser = new Browser(server, username).logIn();
        Http.Response consent = browser.authorize(authorizePath(app.app().clientId(), scope));
        List<String> ticked = List.of(scope.split(","));
        Http.Response redirect = browser.approve(consent, ticked);
        assertThat(redirect.status()).as(redirect.body()).isEqualTo(303);
        return redirect.locationParam("code").orElseThrow();
    }

    /** Exchanges a code; asserts success. */
    public static JsonNode exchange(TestServer server, AppService.CreatedApp app, String code) {
        Http.Response response = server.http()
                .postForm(
                        "/oauth/token",
                        Http.form(
                                "client_id",
                                app.app().clientId().toString(),
                                "client_secret",
                                app.secret().value(),
                                "code",
                                code,
                                "grant_type",
                                "authorization_code"));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    /** A full authorization: code, then tokens. */
    public static JsonNode tokens(TestServer server, AppService.CreatedApp app, String username, String scope) {
        return exchange(server, app, code(server, app, username, scope));
    }

    /**
     * An {@code Authorization} header value for {@code username} with {@code scope}, through an app of its own
     * (so no authorization replaces another's scopes) whose rate limits leave room for many requests.
     */
    public static String bearerOfNewApp(TestServer server, String username, String scope) {
        AppService.CreatedApp app = server.createApp("App " + APPS.incrementAndGet(), "localhost");
        server.switchback()
                .apps()
                .setRateLimits(
                        app.app().clientId(), new dev.switchback.ratelimit.RateLimits(10_000, 10_000, 10_000, 10_000));
        return "Bearer "
                + tokens(server, app, username, scope).get("access_token").asString();
    }

    public static Http.Response refresh(TestServer server, AppService.CreatedApp app, String refreshToken) {
        return server.http()
                .postForm(
                        "/oauth/token",
                        Http.form(
                                "client_id",
                                app.app().clientId().toString(),
                                "client_secret",
                                app.secret().value(),
                                "grant_type",
                                "refresh_token",
                                "refresh_token",
                                refreshToken));
    }

    /** The authorize path and query of {@link #authorizePath(AppId, String)} with {@code extraQuery} (already encoded) appended. */
    public static String authorizePath(AppId clientId, String scope, String extraQuery) {
        return authorizePath(clientId, scope) + "&" + extraQuery;
    }

    /** Like {@link #code}, with extra authorize parameters such as {@code code_challenge=...&code_challenge_method=S256}. */
    public static String code(
            TestServer server, AppService.CreatedApp app, String username, String scope, String extraQuery) {
        Browser browser = new Browser(server, username).logIn();
        Http.Response consent = browser.authorize(authorizePath(app.app().clientId(), scope, extraQuery));
        Http.Response redirect = browser.approve(consent, List.of(scope.split(",")));
        assertThat(redirect.status()).as(redirect.body()).isEqualTo(303);
        return redirect.locationParam("code").orElseThrow();
    }

    /** Posts a code exchange with a PKCE {@code code_verifier}; returns the response, success or not. */
    public static Http.Response exchangeWithVerifier(
            TestServer server, AppService.CreatedApp app, String code, String verifier) {
        return server.http()
                .postForm(
                        "/oauth/token",
                        Http.form(
                                "client_id",
                                app.app().clientId().toString(),
                                "client_secret",
                                app.secret().value(),
                                "code",
                                code,
                                "grant_type",
                                "authorization_code",
                                "code_verifier",
                                verifier));
    }

    /** Posts a refresh with the client {@code http} (for tests that refresh from many threads). */
    public static Http.Response refreshWith(Http http, AppService.CreatedApp app, String refreshToken) {
        return http.postForm(
                "/oauth/token",
                Http.form(
                        "client_id",
                        app.app().clientId().toString(),
                        "client_secret",
                        app.secret().value(),
                        "grant_type",
                        "refresh_token",
                        "refresh_token",
                        refreshToken));
    }

    /**
     * Subscribes {@code app} to webhook events at {@code callbackUrl}, whose receiver must answer the challenge
     * (contract#webhook-create); answers the subscription's id.
     */
    public static long subscribe(TestServer server, AppService.CreatedApp app, String callbackUrl) {
        Http.Response created = server.http()
                .postForm(
                        "/api/v3/push_subscriptions",
                        Http.form(
                                "client_id",
                                app.app().clientId().toString(),
                                "client_secret",
                                app.secret().value(),
                                "callback_url",
                                callbackUrl,
                                "verify_token",
                                "v"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    /** A manual run of 1,234 s created with {@code bearer} ({@code "Bearer ..."}), local start as given; its id. */
    public static long manualRun(TestServer server, String bearer, String startDateLocal) {
        Http.Response created = server.http()
                .postForm(
                        "/api/v3/activities",
                        Http.form(
                                "name", "Treadmill",
                                "sport_type", "Run",
                                "start_date_local", startDateLocal,
                                "elapsed_time", "1234"),
                        "Authorization",
                        bearer);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asLong();
    }
}
