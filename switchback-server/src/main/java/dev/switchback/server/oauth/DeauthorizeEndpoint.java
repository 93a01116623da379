package dev.switchback.server.oauth;

import dev.switchback.oauth.AccessGrant;
import dev.switchback.oauth.TokenService;
import dev.switchback.server.http.Guard;
import dev.switchback.server.http.Credentials;
import dev.switchback.server.http.HttpParams;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;

/** {@code POST /oauth/deauthorize}: revoke the grant, echo the token submitted (spec §6). It counts toward rate limits. */
public final class DeauthorizeEndpoint {
    private final TokenService tokens;
    private final Guard guard;

    public DeauthorizeEndpoint(TokenService tokens, Guard guard) {
        this.tokens = tokens;
        this.guard = guard;
    }

    public void deauthorize(Context ctx) {
        Optional<String> token = Credentials.bearer(ctx, HttpParams.queryAndBody(ctx));
        AccessGrant grant = tokens.authenticate(token);
        guard.countRequest(ctx, grant, true);
        tokens.deauthorize(grant);
        ctx.json(Map.of("access_token", token.orElseThrow()));
    }
}
