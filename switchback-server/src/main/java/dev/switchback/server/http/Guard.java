package dev.switchback.server.http;

import dev.switchback.fault.FaultException;
import dev.switchback.oauth.AccessGrant;
import dev.switchback.oauth.TokenService;
import dev.switchback.scope.Scope;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import java.util.Optional;

/**
 * The one bearer check: a route declares the scope it needs as its role, and this guard, run before
 * every matched route, authenticates the token and checks the scope (spec §A6).
 */
public final class Guard {
    private static final String GRANT = "switchback.grant";

    private final TokenService tokens;

    public Guard(TokenService tokens) {
        this.tokens = tokens;
    }

    /** The route role that demands {@code scope} of the bearer token. */
    public record Requires(Scope scope) implements RouteRole {}

    public static Requires requires(Scope scope) {
        return new Requires(scope);
    }

    public void check(Context ctx) {
        Optional<Requires> required = ctx.routeRoles().stream()
                .filter(Requires.class::isInstance).map(Requires.class::cast).findFirst();
        if (required.isEmpty()) {
            return;
        }
        boolean bodyMayCarryToken = ctx.method() == HandlerType.POST || ctx.method() == HandlerType.PUT;
        HttpParams params = bodyMayCarryToken ? HttpParams.queryAndBody(ctx) : HttpParams.query(ctx);
        AccessGrant grant = tokens.authenticate(Credentials.bearer(ctx, params));
        Scope scope = required.get().scope();
        if (!grant.scopes().permits(scope)) {
            throw FaultException.missingScope(scope.wireName());
        }
        ctx.attribute(GRANT, grant);
    }

    /** The grant the guard authenticated for this request. */
    public static AccessGrant grant(Context ctx) {
        AccessGrant grant = ctx.attribute(GRANT);
        if (grant == null) {
            throw new IllegalStateException("route has no Guard.requires role");
        }
        return grant;
    }
}
