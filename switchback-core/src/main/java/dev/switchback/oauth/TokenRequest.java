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
     * parameter, but not from both with different values. Unknown parameters are ignored, as on Strava, and a
     * parameter without a value counts as omitted (RFC 6749 §3.2, contract#token-encodings).
     */
    static TokenRequest parse(Params params, Optional<ClientCredentials> basic) {
        String grantType = given(params, "grant_type", "Application")
                .orElseThrow(() -> FaultException.invalid("Application", "grant_type")
                        .withOAuthError("invalid_request", "grant_type is missing"));
        String clientId = clientId(params, basic);
        Optional<String> secret = clientSecret(params, basic);
        return switch (grantType) {
            case "authorization_code" ->
                new AuthorizationCodeGrant(
                        clientId,
                        secret,
                        given(params, "code", "AuthorizationCode"),
                        given(params, "code_verifier", "AuthorizationCode"));
            case "refresh_token" ->
                new RefreshTokenGrant(clientId, secret, given(params, "refresh_token", "RefreshToken"));
            default ->
                throw FaultException.invalid("Application", "grant_type")
                        .withOAuthError(
                                "unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
        };
    }

    /** The {@code client_id}, from the parameters or HTTP Basic, not from both with different values. */
    static String clientId(Params params, Optional<ClientCredentials> basic) {
        Optional<String> fromParams = given(params, "client_id", "Application");
        Optional<String> fromBasic = basic.map(ClientCredentials::clientId).filter(value -> !value.isEmpty());
        if (fromParams.isPresent() && fromBasic.isPresent() && !fromParams.equals(fromBasic)) {
            throw FaultException.invalid("Application", "client_id")
                    .withOAuthError(
                            "invalid_request",
                            "client_id differs between the request parameters and the Basic Authorization header");
        }
        return fromParams
                .or(() -> fromBasic)
                .orElseThrow(() -> FaultException.invalid("Application", "client_id")
                        .withOAuthError("invalid_client", "client_id is missing"));
    }

    /** The {@code client_secret}, from the parameters or HTTP Basic, not from both with different values. */
    static Optional<String> clientSecret(Params params, Optional<ClientCredentials> basic) {
        Optional<String> fromParams = given(params, "client_secret", "Application");
        Optional<String> fromBasic = basic.map(ClientCredentials::clientSecret).filter(value -> !value.isEmpty());
        if (fromParams.isPresent() && fromBasic.isPresent() && !fromParams.equals(fromBasic)) {
            throw FaultException.invalid("Application", "client_secret")
                    .withOAuthError(
                            "invalid_request",
                            "client_secret differs between the request parameters and the Basic Authorization header");
        }
        return fromParams.or(() -> fromBasic);
    }

    /** The parameter's value; empty if it is absent or has no value. */
    static Optional<String> given(Params params, String name, String resource) {
        return params.get(name, resource).filter(value -> !value.isEmpty());
    }
}
