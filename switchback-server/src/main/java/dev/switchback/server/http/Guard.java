package dev.switchback.server.http;

import dev.switchback.api.Viewer;
import dev.switchback.app.App;
import dev.switchback.app.AppId;
import dev.switchback.fault.FaultError;
import dev.switchback.fault.FaultException;
import dev.switchback.oauth.AccessGrant;
import dev.switchback.oauth.TokenService;
import dev.switchback.ratelimit.RateLimiter;
import dev.switchback.ratelimit.RateLimits;
import dev.switchback.ratelimit.Usage;
import dev.switchback.scope.Scope;
import dev.switchback.server.ops.AccessLog;
import dev.switchback.server.ops.ServerMetrics;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import java.util.Optional;
import java.util.Set;

/**
 * The one bearer check: a route declares the scope it needs as its role, and this guard, run before
 * every matched route, authenticates the token, counts the request against the app's rate limits
 * (contract#rate-limits; rejected requests count too) and checks the scope (contract#bearer-check).
 */
public final class Guard {
    private static final String GRANT = "switchback.grant";
    private static final String VIEWER = "switchback.viewer";
    private static final String TOKEN = "switchback.token";

    private final TokenService tokens;
    private final RateLimiter rateLimiter;
    private final ServerMetrics metrics;

    public Guard(TokenService tokens, RateLimiter rateLimiter, ServerMetrics metrics) {
        this.metrics = metrics;
        this.tokens = tokens;
        this.rateLimiter = rateLimiter;
    }

    /** The route role that demands {@code scope} of the bearer token. */
    public record Requires(Scope scope) implements RouteRole {}

    /** The role of the routes outside the read bucket: uploads and manual activities (contract#rate-limit-buckets). */
    public enum Bucket implements RouteRole {
        NOT_READ
    }

    /** The role of a route that takes any live token, whatever its scopes: {@code /oauth/deauthorize}. */
    public enum AnyToken implements RouteRole {
        ANY_SCOPE
    }

    public static Requires requires(Scope scope) {
        return new Requires(scope);
    }

    public static AnyToken anyToken() {
        return AnyToken.ANY_SCOPE;
    }

    public void check(Context ctx) {
        Optional<Requires> required = required(ctx.routeRoles());
        if (required.isEmpty() && !ctx.routeRoles().contains(AnyToken.ANY_SCOPE)) {
            return;
        }
        Optional<String> presented = tokenOf(ctx);
        AccessGrant grant = tokens.authenticate(presented);
        AccessLog.client(ctx, grant.appId());
        AccessLog.athlete(ctx, grant.athleteId());
        countRequest(ctx, grant.appId(), grant.appLimits(), !ctx.routeRoles().contains(Bucket.NOT_READ));
        if (required.isPresent() && !grant.scopes().permits(required.get().scope())) {
            throw FaultException.missingScope(required.get().scope().wireName());
        }
        ctx.attribute(GRANT, grant);
        ctx.attribute(TOKEN, presented.orElseThrow());
        ctx.attribute(VIEWER, new Viewer(grant.athleteId(), grant.scopes()));
    }

    /**
     * The token of the {@code Authorization: Bearer} header, checked before anything reads the body: a client
     * that sends one cannot make the server wait for a body it is not allowed to send (contract#slow-bodies).
     * Without the header, the {@code access_token} parameter of the query string, or of the body on a POST or
     * PUT, read within the body's limits (contract#bearer-token-sources).
     */
    private static Optional<String> tokenOf(Context ctx) {
        Optional<String> header = Credentials.bearerHeader(ctx);
        if (header.isPresent()) {
            return header;
        }
        boolean bodyMayCarryToken = ctx.method() == HandlerType.POST || ctx.method() == HandlerType.PUT;
        HttpParams params = bodyMayCarryToken ? HttpParams.queryAndBody(ctx) : HttpParams.query(ctx);
        return params.get("access_token", "Application");
    }

    /**
     * The scope a route's roles require, if any. A loop, not a stream: it runs on every request, and the streams'
     * shared pipeline code is compiled for every kind of stream the process runs (0.1-0.4 µs a bearer request in
     * profiles, docs/performance.md#bench-ops).
     */
    private static Optional<Requires> required(Set<? extends RouteRole> roles) {
        for (RouteRole role : roles) {
            if (role instanceof Requires requires) {
                return Optional.of(requires);
            }
        }
        return Optional.empty();
    }

    /** Whether a route with {@code roles} is one this guard checks: it needs a scope, or any live token. */
    public static boolean checks(Set<? extends RouteRole> roles) {
        return roles.contains(AnyToken.ANY_SCOPE) || roles.stream().anyMatch(Requires.class::isInstance);
    }

    /**
     * Counts a request of the grant's app and writes the four rate-limit headers; over a limit, the
     * request ends here with Strava's 429.
     */
    private void countRequest(Context ctx, AppId app, RateLimits appLimits, boolean read) {
        RateLimiter.Decision decision = rateLimiter.count(app, appLimits, read);
        RateLimits limits = decision.limits();
        Usage usage = decision.usage();
        ctx.header("X-RateLimit-Limit", limits.overall15Min() + "," + limits.overallDaily());
        ctx.header("X-RateLimit-Usage", usage.overall15Min() + "," + usage.overallDaily());
        ctx.header("X-ReadRateLimit-Limit", limits.read15Min() + "," + limits.readDaily());
        ctx.header("X-ReadRateLimit-Usage", usage.read15Min() + "," + usage.readDaily());
        if (decision.exceeded().isPresent()) {
            metrics.rateLimited(decision.exceeded().get().startsWith("read") ? "read" : "overall");
            throw FaultException.of(
                    429,
                    "Rate Limit Exceeded",
                    new FaultError("Application", decision.exceeded().get(), "exceeded"));
        }
    }

    /**
     * Counts a request an app made with its {@code client_id} and {@code client_secret} (the push subscription
     * endpoints, contract#webhook-view-delete) in its read bucket, with the four headers; a 429 over a limit.
     */
    public void countAppRequest(Context ctx, App app) {
        AccessLog.client(ctx, app.clientId());
        countRequest(ctx, app.clientId(), app.rateLimits(), true);
    }

    /** The grant the guard authenticated for this request. */
    public static AccessGrant grant(Context ctx) {
        AccessGrant grant = ctx.attribute(GRANT);
        if (grant == null) {
            throw new IllegalStateException("route has no Guard.requires role");
        }
        return grant;
    }

    /** The grant the guard authenticated, if this request passed it (for the emulator's request journal). */
    public static Optional<AccessGrant> authenticated(Context ctx) {
        return Optional.ofNullable(ctx.attribute(GRANT));
    }

    /** The access token the request presented, as it was sent (what {@code /oauth/deauthorize} echoes). */
    public static String presentedToken(Context ctx) {
        String token = ctx.attribute(TOKEN);
        if (token == null) {
            throw new IllegalStateException("route has no Guard role");
        }
        return token;
    }

    /** Who the guard let in, as the resource services ask: the grant's athlete and scopes. */
    public static Viewer viewer(Context ctx) {
        Viewer viewer = ctx.attribute(VIEWER);
        if (viewer == null) {
            throw new IllegalStateException("route has no Guard.requires role");
        }
        return viewer;
    }
}
