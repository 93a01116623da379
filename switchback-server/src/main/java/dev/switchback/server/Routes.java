package dev.switchback.server;

import static dev.switchback.server.http.Guard.requires;

import dev.switchback.scope.Scope;
import dev.switchback.server.api.ActivitiesEndpoint;
import dev.switchback.server.api.AthleteEndpoint;
import dev.switchback.server.api.ClubEndpoint;
import dev.switchback.server.api.RouteEndpoint;
import dev.switchback.server.api.SegmentEndpoint;
import dev.switchback.server.api.UploadsEndpoint;
import dev.switchback.server.emulator.EmulatorEndpoint;
import dev.switchback.server.http.Guard;
import dev.switchback.server.oauth.AuthorizeEndpoint;
import dev.switchback.server.oauth.DeauthorizeEndpoint;
import dev.switchback.server.oauth.StandardEndpoints;
import dev.switchback.server.oauth.TokenEndpoint;
import dev.switchback.server.ops.Health;
import dev.switchback.server.pages.DeveloperEndpoint;
import dev.switchback.server.pages.LoginEndpoint;
import dev.switchback.server.pages.MyAppsEndpoint;
import dev.switchback.server.pages.Pages;
import dev.switchback.server.webhook.PushSubscriptionsEndpoint;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import io.javalin.security.RouteRole;

/** Every path, verb and required scope of Switchback, in one place. */
final class Routes {
    /** The one path that takes bodies up to {@code upload.max-file-size}. */
    static final String UPLOADS = "/api/v3/uploads";

    private Routes() {}

    static void register(
            RoutesConfig routes,
            AuthorizeEndpoint authorize,
            TokenEndpoint token,
            DeauthorizeEndpoint deauthorize,
            LoginEndpoint login,
            MyAppsEndpoint myApps,
            DeveloperEndpoint developer,
            Pages pages,
            AthleteEndpoint athlete,
            ActivitiesEndpoint activities,
            UploadsEndpoint uploads,
            RouteEndpoint route,
            SegmentEndpoint segment,
            ClubEndpoint club,
            PushSubscriptionsEndpoint pushSubscriptions,
            Health health,
            StandardEndpoints standard) {
        // OAuth, bare and under /api/v3 as on strava.com (contract#endpoint-map), with the standard endpoints beside
        // Strava's (contract#oauth-extensions), where the client authenticates itself
        for (String prefix : new String[] {"", "/api/v3"}) {
            get(routes, prefix + "/oauth/authorize", authorize::authorize);
            get(routes, prefix + "/oauth/mobile/authorize", authorize::authorize);
            routes.post(prefix + "/oauth/token", token::exchange);
            routes.post(prefix + "/oauth/deauthorize", deauthorize::deauthorize, Guard.anyToken());
            routes.post(prefix + "/oauth/revoke", standard::revoke);
            routes.post(prefix + "/oauth/introspect", standard::introspect);
        }
        routes.post("/oauth/accept_application", authorize::accept);
        get(routes, "/.well-known/oauth-authorization-server", standard::metadata);

        // Operations, beside Strava's surface: no token, no rate limit (contract#health)
        get(routes, "/health/live", health::live);
        get(routes, "/health/ready", health::ready);

        // Athlete pages
        get(routes, "/", ctx -> ctx.redirect("/settings/apps", HttpStatus.FOUND));
        get(routes, "/login", login::show);
        routes.post("/login", login::submit);
        routes.post("/logout", login::logout);
        get(routes, "/settings/apps", myApps::show);
        routes.post("/settings/apps/{clientId}/revoke", myApps::revoke);
        get(routes, "/settings/api", developer::show);
        routes.post("/settings/api", developer::create);
        routes.post("/settings/api/edit", developer::update);
        routes.post("/settings/api/secret", developer::showSecret);
        routes.post("/settings/api/secret/reset", developer::resetSecret);
        routes.post("/settings/api/delete", developer::delete);
        get(routes, "/favicon.svg", pages::favicon);
        get(routes, "/favicon.ico", pages::favicon);

        // Resource API (contract#scope-matrix)
        get(routes, "/api/v3/athlete", athlete::get, requires(Scope.READ));
        routes.put("/api/v3/athlete", athlete::update, requires(Scope.PROFILE_WRITE));
        get(routes, "/api/v3/athlete/zones", athlete::zones, requires(Scope.PROFILE_READ_ALL));
        get(routes, "/api/v3/athletes/{id}/stats", athlete::stats, requires(Scope.READ));

        // Activities: Only Me ones and privacy-zone data need activity:read_all (ActivityService)
        get(routes, "/api/v3/athlete/activities", activities::list, requires(Scope.ACTIVITY_READ));
        routes.post("/api/v3/activities", activities::create, requires(Scope.ACTIVITY_WRITE), Guard.Bucket.NOT_READ);
        get(routes, "/api/v3/activities/{id}", activities::get, requires(Scope.ACTIVITY_READ));
        routes.put("/api/v3/activities/{id}", activities::update, requires(Scope.ACTIVITY_WRITE));
        routes.delete("/api/v3/activities/{id}", activities::delete, requires(Scope.ACTIVITY_WRITE));
        get(routes, "/api/v3/activities/{id}/laps", activities::laps, requires(Scope.ACTIVITY_READ));
        get(routes, "/api/v3/activities/{id}/streams", activities::streams, requires(Scope.ACTIVITY_READ));
        get(routes, "/api/v3/activities/{id}/streams/{keys}", activities::streams, requires(Scope.ACTIVITY_READ));

        // Uploads: bodies up to upload.max-file-size on this path only
        routes.before(UPLOADS, uploads::allowFiles);
        routes.post(UPLOADS, uploads::create, requires(Scope.ACTIVITY_WRITE), Guard.Bucket.NOT_READ);
        get(routes, "/api/v3/uploads/{id}", uploads::get, requires(Scope.ACTIVITY_WRITE));

        // Routes, segments, clubs: private ones need read_all (checked by the services); literal paths before {id}
        get(routes, "/api/v3/routes/{id}", route::get, requires(Scope.READ));
        get(routes, "/api/v3/routes/{id}/export_gpx", route::exportGpx, requires(Scope.READ));
        get(routes, "/api/v3/routes/{id}/export_tcx", route::exportTcx, requires(Scope.READ));
        get(routes, "/api/v3/routes/{id}/streams", route::streams, requires(Scope.READ));
        get(routes, "/api/v3/athletes/{id}/routes", route::listByAthlete, requires(Scope.READ));
        get(routes, "/api/v3/segments/starred", segment::starred, requires(Scope.READ));
        get(routes, "/api/v3/segments/explore", segment::explore, requires(Scope.READ));
        get(routes, "/api/v3/segments/{id}", segment::get, requires(Scope.READ));
        routes.put("/api/v3/segments/{id}/starred", segment::star, requires(Scope.PROFILE_WRITE));
        get(routes, "/api/v3/athlete/clubs", club::listOwn, requires(Scope.READ));
        get(routes, "/api/v3/clubs/{id}", club::get, requires(Scope.READ));
        get(routes, "/api/v3/clubs/{id}/members", club::members, requires(Scope.READ));

        // Webhooks: the app authenticates with client_id and client_secret, no token (contract#webhooks)
        routes.post("/api/v3/push_subscriptions", pushSubscriptions::create);
        get(routes, "/api/v3/push_subscriptions", pushSubscriptions::list);
        routes.delete("/api/v3/push_subscriptions/{id}", pushSubscriptions::delete);
    }

    /**
     * A GET route and its HEAD, answered by the same handler behind the same roles, whose body Jetty drops (RFC 9110
     * §9.3.2). Without the HEAD route Javalin answers a HEAD of a GET path by itself with an empty 200, before the
     * guard: no bearer check, no rate limit, none of GET's headers.
     */
    private static void get(RoutesConfig routes, String path, Handler handler, RouteRole... roles) {
        routes.get(path, handler, roles);
        routes.head(path, handler, roles);
    }

    /**
     * The emulator's control API (contract#emulator), registered only with {@code --emulator}: without it every
     * {@code /_switchback/} path is the 404 of an unknown path. No guard role: it is for loopback test rigs.
     */
    static void registerEmulator(RoutesConfig routes, EmulatorEndpoint emulator) {
        routes.post("/_switchback/tokens", emulator::issueTokens);
        get(routes, "/_switchback/clock", emulator::clock);
        routes.post("/_switchback/clock", emulator::moveClock);
        routes.post("/_switchback/faults", emulator::addFault);
        get(routes, "/_switchback/faults", emulator::listFaults);
        routes.delete("/_switchback/faults", emulator::clearFaults);
        get(routes, "/_switchback/requests", emulator::requests);
        routes.delete("/_switchback/requests", emulator::clearRequests);
        get(routes, "/_switchback/webhooks", emulator::webhooks);
        routes.post("/_switchback/webhooks", emulator::triggerWebhook);
        routes.delete("/_switchback/webhooks", emulator::clearWebhooks);
        routes.post("/_switchback/reset", emulator::reset);
    }
}
