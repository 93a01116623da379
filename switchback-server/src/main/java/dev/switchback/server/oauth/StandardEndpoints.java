package dev.switchback.server.oauth;

import dev.switchback.oauth.Introspection;
import dev.switchback.oauth.IntrospectionService;
import dev.switchback.oauth.TokenQuery;
import dev.switchback.oauth.TokenService;
import dev.switchback.scope.Scope;
import dev.switchback.server.http.Credentials;
import dev.switchback.server.http.Headers;
import dev.switchback.server.http.HttpParams;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The standard OAuth endpoints beside Strava's (contract#oauth-extensions): server metadata (RFC 8414),
 * revocation (RFC 7009) and introspection (RFC 7662). Each is parse, call, map; bad input is a
 * {@code FaultException} that {@code FaultMapper} writes with the RFC 6749 {@code error}.
 */
public final class StandardEndpoints {
    /** The client authentication the token, revocation and introspection endpoints accept. */
    static final List<String> AUTH_METHODS = List.of("client_secret_post", "client_secret_basic");

    private final TokenService tokens;
    private final IntrospectionService introspection;
    private final Supplier<String> issuer;

    public StandardEndpoints(TokenService tokens, IntrospectionService introspection, Supplier<String> issuer) {
        this.tokens = tokens;
        this.introspection = introspection;
        this.issuer = issuer;
    }

    /** {@code GET /.well-known/oauth-authorization-server}. */
    public void metadata(Context ctx) {
        ctx.json(metadata(issuer.get()));
    }

    /** {@code POST /oauth/revoke}: 200 with an empty body, whether or not the token was live (RFC 7009 §2.2). */
    public void revoke(Context ctx) {
        tokens.revoke(TokenQuery.parse(HttpParams.queryAndBody(ctx), Credentials.basic(ctx)));
        Headers.noStore(ctx);
        ctx.status(200);
    }

    /** {@code POST /oauth/introspect}. */
    public void introspect(Context ctx) {
        Optional<Introspection> found =
                introspection.introspect(TokenQuery.parse(HttpParams.queryAndBody(ctx), Credentials.basic(ctx)));
        Headers.noStore(ctx);
        ctx.json(found.map(StandardEndpoints::active).orElseGet(() -> Map.of("active", false)));
    }

    /** RFC 8414 §2, true to what the server accepts: S256 only, the two client authentications it reads. */
    static Map<String, Object> metadata(String issuer) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("issuer", issuer);
        body.put("authorization_endpoint", issuer + "/oauth/authorize");
        body.put("token_endpoint", issuer + "/oauth/token");
        body.put("revocation_endpoint", issuer + "/oauth/revoke");
        body.put("introspection_endpoint", issuer + "/oauth/introspect");
        body.put(
                "scopes_supported",
                Arrays.stream(Scope.values()).map(Scope::wireName).toList());
        body.put("response_types_supported", List.of("code"));
        body.put("response_modes_supported", List.of("query"));
        body.put("grant_types_supported", List.of("authorization_code", "refresh_token"));
        body.put("code_challenge_methods_supported", List.of("S256"));
        body.put("token_endpoint_auth_methods_supported", AUTH_METHODS);
        body.put("revocation_endpoint_auth_methods_supported", AUTH_METHODS);
        body.put("introspection_endpoint_auth_methods_supported", AUTH_METHODS);
        return body;
    }

    /** RFC 7662 §2.2: {@code scope} space-separated, {@code sub} the athlete id. */
    private static Map<String, Object> active(Introspection token) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("active", true);
        body.put("scope", token.scopes().asList().stream().map(Scope::wireName).collect(Collectors.joining(" ")));
        body.put("client_id", token.app().toString());
        body.put("sub", token.athlete().toString());
        body.put("exp", token.expiresAt().getEpochSecond());
        body.put("iat", token.issuedAt().getEpochSecond());
        body.put("token_type", "Bearer");
        return body;
    }
}
