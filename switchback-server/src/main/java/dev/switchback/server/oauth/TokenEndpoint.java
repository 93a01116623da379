package dev.switchback.server.oauth;

import dev.switchback.app.ClientId;
import dev.switchback.oauth.IssuedTokens;
import dev.switchback.oauth.TokenRequest;
import dev.switchback.oauth.TokenService;
import dev.switchback.server.api.AthleteJson;
import dev.switchback.server.http.Credentials;
import dev.switchback.server.http.Headers;
import dev.switchback.server.http.HttpParams;
import dev.switchback.server.ops.AccessLog;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code POST /oauth/token}: parse, exchange, write Strava's body (contract#code-exchange, contract#refresh-grant). */
public final class TokenEndpoint {
    private final TokenService tokens;

    public TokenEndpoint(TokenService tokens) {
        this.tokens = tokens;
    }

    public void exchange(Context ctx) {
        TokenRequest request = TokenRequest.parse(HttpParams.queryAndBody(ctx), Credentials.basic(ctx));
        ClientId.parse(request.clientId()).ifPresent(app -> AccessLog.client(ctx, app));
        IssuedTokens issued = tokens.exchange(request);
        issued.athlete().ifPresent(athlete -> AccessLog.athlete(ctx, athlete.id()));
        Headers.noStore(ctx);
        ctx.json(body(issued));
    }

    /** Strava's field order: a code exchange carries the athlete summary; a refresh does not. */
    public static Map<String, Object> body(IssuedTokens issued) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token_type", "Bearer");
        if (issued.athlete().isPresent()) {
            body.put("expires_at", issued.expiresAt().getEpochSecond());
            body.put("expires_in", issued.expiresIn());
            body.put("refresh_token", issued.refreshToken().value());
            body.put("access_token", issued.accessToken().value());
            body.put("athlete", AthleteJson.summary(issued.athlete().get()));
        } else {
            body.put("access_token", issued.accessToken().value());
            body.put("expires_at", issued.expiresAt().getEpochSecond());
            body.put("expires_in", issued.expiresIn());
            body.put("refresh_token", issued.refreshToken().value());
        }
        return body;
    }
}
