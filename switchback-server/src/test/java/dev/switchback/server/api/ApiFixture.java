package dev.switchback.server.api;

import dev.switchback.api.activity.Activity;
import dev.switchback.api.activity.PrivacyZone;
import dev.switchback.api.activity.TrackImport;
import dev.switchback.api.activity.Visibility;
import dev.switchback.api.testing.TestTracks;
import dev.switchback.app.AppService;
import dev.switchback.athlete.Athlete;
import dev.switchback.ratelimit.RateLimits;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.TestServer;
import dev.switchback.store.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A server with two athletes and the activities every rule needs: Marianne has a privacy zone around
 * her home and an Everyone ride that starts there, a Followers ride and an Only Me ride; Pauline has a
 * ride of her own. Tokens for Marianne of any scope list, made once each, each through an app of its own
 * (a new authorization of one app replaces the scopes of the last, and revokes tokens that had more).
 */
final class ApiFixture implements AutoCloseable {
    /** Marianne's home: the Everyone ride starts at its centre. */
    static final PrivacyZone HOME = new PrivacyZone(45.0, 6.0, 400);

    static final Instant DAY = TestServer.START.minus(Duration.ofDays(3));

    final TestServer server;
    final Athlete marianne;
    final Athlete pauline;
    final AppService.CreatedApp app;
    final Activity everyone;
    final Activity followers;
    final Activity onlyMe;
    final Activity paulines;
    private final Map<String, String> tokens = new HashMap<>();
    private final Map<String, AppService.CreatedApp> apps = new HashMap<>();

    ApiFixture() {
        this(Map.of());
    }

    ApiFixture(Map<String, String> settings) {
        this(TestDatabase.Kind.SQLITE, settings);
    }

    ApiFixture(TestDatabase.Kind database) {
        this(database, Map.of());
    }

    ApiFixture(TestDatabase.Kind database, Map<String, String> settings) {
        server = TestServer.start(database, settings);
        marianne = server.createAthlete("marianne");
        pauline = server.createAthlete("pauline");
        app = app("Training Log");
        server.switchback().activities().addPrivacyZone(marianne.id(), HOME);
        everyone = ride(marianne, DAY, Visibility.EVERYONE);
        followers = ride(marianne, DAY.plus(Duration.ofHours(6)), Visibility.FOLLOWERS_ONLY);
        onlyMe = ride(marianne, DAY.plus(Duration.ofDays(1)), Visibility.ONLY_ME);
        paulines = ride(pauline, DAY, Visibility.EVERYONE);
    }

    Activity ride(Athlete athlete, Instant start, Visibility visibility) {
        return server.switchback()
                .activities()
                .importTrack(athlete.id(), TestTracks.ride(start), TrackImport.of(visibility));
    }

    /** An app whose rate limits no test reaches. */
    AppService.CreatedApp app(String name) {
        AppService.CreatedApp created = server.createApp(name, "example.com");
        server.switchback()
                .apps()
                .setRateLimits(created.app().clientId(), new RateLimits(100_000, 100_000, 100_000, 100_000));
        return created;
    }

    /** Marianne's bearer header value for a token of exactly these scopes. */
    String bearer(String scope) {
        return bearer("marianne", scope);
    }

    String bearer(String username, String scope) {
        return "Bearer "
                + tokens.computeIfAbsent(
                        username + " " + scope,
                        key -> Flows.tokens(
                                        server, apps.computeIfAbsent(scope, s -> app("App for " + s)), username, scope)
                                .get("access_token")
                                .asString());
    }

    Http.Response get(String path, String scope) {
        return server.http().get(path, "Authorization", bearer(scope));
    }

    Http.Response putForm(String path, String scope, Map<String, String> form) {
        return server.http()
                .send(
                        "PUT",
                        path,
                        "application/x-www-form-urlencoded",
                        Http.encode(form).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        "Authorization",
                        bearer(scope));
    }

    Http.Response putJson(String path, String scope, String json) {
        return server.http()
                .send(
                        "PUT",
                        path,
                        "application/json",
                        json.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        "Authorization",
                        bearer(scope));
    }

    Http.Response postForm(String path, String scope, Map<String, String> form) {
        return server.http().postForm(path, form, "Authorization", bearer(scope));
    }

    @Override
    public void close() {
        server.close();
    }
}
