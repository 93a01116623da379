package dev.switchback.oauth;

import dev.switchback.fault.FaultException;
import dev.switchback.request.Params;
import java.util.Optional;

/** A {@code POST /oauth/token} request, parsed from whichever encoding the client used. */
public sealed interface TokenRequest {
    String clientId();

    Optional<String> clientSecret();

    record AuthorizationCodeGrant(
            String clientId, Optional<String> clientSecret, Optional<String> code, Optional<String> codeVerifier)
            implements TokenRequest {}

    record RefreshTokenGrant(String clientId, Optional<String> clientSecret, Optional<String> refreshToken)
            implements TokenRequest {}

    /**
     * Reads {@code grant_type} first, then the client; the secret may come from HTTP Basic instead of a
     * parameter, but not from both with different values. Unknown parameters are ignored, as on Strava.
     */
    static TokenRequest parse(Params params, Optional<ClientCredentials> basic) {
        String grantType = params.get("grant_type", "Application")
                .filter(value -> !value.isEmpty()) // RFC 6749 §3.2: a parameter without a value counts as omitted
                .orElseThrow(() ->
                        FaultException.invalid("Application", "grant_type").withOAuthError("invalid_request"));
        String clientId = clientId(params, basic);
        Optional<String> secret = clientSecret(params, basic);
        return switch (grantType) {
            case "authorization_code" ->
                new AuthorizationCodeGrant(
                        clientId,
                        secret,
                        params.get("code", "AuthorizationCode"),
                        params.get("code_verifier", "AuthorizationCode"));
            case "refresh_token" ->
                new RefreshTokenGrant(clientId, secret, params.get("refresh_token", "RefreshToken"));
            default ->
                throw FaultException.invalid("Application", "grant_type").withOAuthError("unsupported_grant_type");
        };
    }

    private static String clientId(Params params, Optional<ClientCredentials> basic) {
        Optional<String> fromParams = params.get("client_id", "Application");
        Optional<String> fromBasic = basic.map(ClientCredentials::clientId);
        if (fromParams.isPresent() && fromBasic.isPresent() && !fromParams.equals(fromBasic)) {
            throw FaultException.invalid("Application", "client_id").withOAuthError("invalid_request");
        }
        return fromParams
                .or(() -> fromBasic)
                .orElseThrow(
                        () -> FaultException.invalid("Application", "client_id").withOAuthError("invalid_client"));
    }

    private static Optional<String> clientSecret(Params params, Optional<ClientCredentials> basic) {
        Optional<String> fromParams = params.get("client_secret", "Application");
        Optional<String> fromBasic = basic.map(ClientCredentials::clientSecret);
        if (fromParams.isPresent() && fromBasic.isPresent() && !fromParams.equals(fromBasic)) {
            throw FaultException.invalid("Application", "client_secret").withOAuthError("invalid_request");
        }
        return fromParams.or(() -> fromBasic);
    }
}
