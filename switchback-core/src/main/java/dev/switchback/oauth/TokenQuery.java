package dev.switchback.oauth;

import dev.switchback.fault.FaultException;
import dev.switchback.request.Params;
import java.util.Optional;

/**
 * A request about a token from its client or a resource server: revocation (RFC 7009 §2.1) or introspection
 * (RFC 7662 §2.1). The caller authenticates as at the token endpoint (parameters or HTTP Basic);
 * {@code token_type_hint} is read and only a hint: both kinds are looked up either way.
 */
public record TokenQuery(String clientId, Optional<String> clientSecret, String token) {
    @Override
    public String toString() {
        return "TokenQuery[clientId=" + clientId + "]";
    }

    public static TokenQuery parse(Params params, Optional<ClientCredentials> basic) {
        String clientId = TokenRequest.clientId(params, basic);
        Optional<String> secret = TokenRequest.clientSecret(params, basic);
        String token = TokenRequest.given(params, "token", "Token")
                .orElseThrow(() ->
                        FaultException.invalid("Token", "token").withOAuthError("invalid_request", "token is missing"));
        return new TokenQuery(clientId, secret, token);
    }
}
