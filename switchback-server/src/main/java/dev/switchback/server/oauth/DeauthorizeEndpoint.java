package dev.switchback.server.oauth;

import dev.switchback.oauth.TokenService;
import dev.switchback.server.http.Credentials;
import dev.switchback.server.http.HttpParams;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;

/** {@code POST /oauth/deauthorize}: revoke the grant, echo the token submitted (spec §6). */
public final class DeauthorizeEndpoint {
    private final TokenService tokens;

    public DeauthorizeEndpoint(TokenService tokens) {
        this.tokens = tokens;
    }

    public void deauthorize(Context ctx) {
        Optional<String> token = Credentials.bearer(ctx, HttpParams.queryAndBody(ctx));
        tokens.deauthorize(token);
        ctx.json(Map.of("access_token", token.orElseThrow()));
    }
}
