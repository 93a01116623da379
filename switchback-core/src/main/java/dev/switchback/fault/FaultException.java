package dev.switchback.fault;

import java.util.List;
import java.util.Optional;

/**
 * The one error type of Switchback: a client error that becomes a Strava {@code Fault} body
 * ({@code {"message":...,"errors":[{"resource","field","code"}]}}). On the OAuth endpoints the
 * mapper adds the RFC 6749 {@code error} code carried here.
 */
public final class FaultException extends RuntimeException {
    private final int status;
    private final String faultMessage;
    private final List<FaultError> errors;
    private final String oauthError;

    private FaultException(int status, String message, FaultError error, String oauthError) {
        super(message + ": " + error.resource() + "/" + error.field() + "/" + error.code(), null, false, false);
        this.status = status;
        this.faultMessage = message;
        this.errors = List.of(error);
        this.oauthError = oauthError;
    }

    /** 400 Bad Request, e.g. {@code Application/client_id/invalid}. */
    public static FaultException invalid(String resource, String field) {
        return new FaultException(400, "Bad Request", new FaultError(resource, field, "invalid"), "invalid_request");
    }

    /** 400 Bad Request with an explicit code. */
    public static FaultException badRequest(String resource, String field, String code) {
        return new FaultException(400, "Bad Request", new FaultError(resource, field, code), "invalid_request");
    }

    /** 401 Authorization Error, e.g. {@code Athlete/access_token/invalid}. */
    public static FaultException authorization(String resource, String field, String code) {
        return new FaultException(401, "Authorization Error", new FaultError(resource, field, code), "invalid_token");
    }

    /** 401 for a token that lacks a scope: {@code AccessToken/<scope>_permission/missing}. */
    public static FaultException missingScope(String scopeWireName) {
        return new FaultException(
                401,
                "Authorization Error",
                new FaultError("AccessToken", scopeWireName + "_permission", "missing"),
                "insufficient_scope");
    }

    /** 404 Record Not Found. */
    public static FaultException notFound(String resource, String field) {
        return new FaultException(404, "Record Not Found", new FaultError(resource, field, "invalid"), null);
    }

    /** A fault with every part given, for the rare bodies the factories above do not cover. */
    public static FaultException of(int status, String message, FaultError error) {
        return new FaultException(status, message, error, null);
    }

    /** The same fault, carrying the RFC 6749 error code the token endpoint reports beside it. */
    public FaultException withOAuthError(String code) {
        FaultException copy = new FaultException(status, faultMessage, errors.get(0), code);
        return copy;
    }

    public int status() {
        return status;
    }

    public String faultMessage() {
        return faultMessage;
    }

    public List<FaultError> errors() {
        return errors;
    }

    public Optional<String> oauthError() {
        return Optional.ofNullable(oauthError);
    }
}
