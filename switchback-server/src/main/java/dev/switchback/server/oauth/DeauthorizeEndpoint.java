package dev.switchback.server.oauth;

import dev.switchback.oauth.TokenService;
import dev.switchback.server.http.Guard;
import io.javalin.http.Context;
import java.util.Map;

/**
 * {@code POST /oauth/deauthorize}: revoke the grant, echo the token submitted (contract#deauthorize). The guard has
 * authenticated the token and counted the request (route role {@link Guard.AnyToken}).
 */
public final class DeauthorizeEndpoint {
    private final TokenService tokens;

    public DeauthorizeEndpoint(TokenService tokens) {
        this.tokens = tokens;
    }

    public void deauthorize(Context ctx) {
        tokens.deauthorize(Guard.grant(ctx));
        ctx.json(Map.of("access_token", Guard.presentedToken(ctx)));
    }
}
