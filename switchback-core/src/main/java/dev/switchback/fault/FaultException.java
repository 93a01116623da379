package dev.switchback.fault;

import java.util.List;
import java.util.Optional;

/**
 * The one error type of Switchback: a client error that becomes a Strava {@code Fault} body
 * ({@code {"message":...,"errors":[{"resource","field","code"}]}}). On the token endpoint the mapper adds the
 * RFC 6749 {@code error} code carried here and its {@code error_description} (contract#token-errors).
 */
public final class FaultException extends RuntimeException {
    private final int status;
    private final String faultMessage;
    private final List<FaultError> errors;
    private final String oauthError;
    private final String description;

    private FaultException(int status, String message, FaultError error, String oauthError, String description) {
        super(message + ": " + error.resource() + "/" + error.field() + "/" + error.code(), null, false, false);
        this.status = status;
        this.faultMessage = message;
        this.errors = List.of(error);
        this.oauthError = oauthError;
        this.description = description;
    }

    /** 400 Bad Request, e.g. {@code Application/client_id/invalid}. */
    public static FaultException invalid(String resource, String field) {
        return invalid(resource, field, null);
    }

    /** 400 Bad Request, e.g. {@code Application/client_id/invalid}, saying why in words that name the field. */
    public static FaultException invalid(String resource, String field, String description) {
        return new FaultException(
                400, "Bad Request", new FaultError(resource, field, "invalid"), "invalid_request", description);
    }

    /** 400 Bad Request with an explicit code. */
    public static FaultException badRequest(String resource, String field, String code) {
        return new FaultException(400, "Bad Request", new FaultError(resource, field, code), "invalid_request", null);
    }

    /** 401 Authorization Error, e.g. {@code Athlete/access_token/invalid}. */
    public static FaultException authorization(String resource, String field, String code) {
        return new FaultException(
                401, "Authorization Error", new FaultError(resource, field, code), "invalid_token", null);
    }

    /** 401 for a token that lacks a scope: {@code AccessToken/<scope>_permission/missing}. */
    public static FaultException missingScope(String scopeWireName) {
        return new FaultException(
                401,
                "Authorization Error",
                new FaultError("AccessToken", scopeWireName + "_permission", "missing"),
                "insufficient_scope",
                null);
    }

    /** 404 Record Not Found. */
    public static FaultException notFound(String resource, String field) {
        return new FaultException(404, "Record Not Found", new FaultError(resource, field, "invalid"), null, null);
    }

    /** 413, a request body over its size limit: {@code Request/body/too large} (contract#input-limits). */
    public static FaultException bodyTooLarge() {
        return new FaultException(
                413,
                "Bad Request",
                new FaultError("Request", "body", "too large"),
                "invalid_request",
                "body is larger than the server accepts");
    }

    /** 408, a request body that did not arrive in its time: {@code Request/body/too slow} (contract#input-limits). */
    public static FaultException bodyTooSlow() {
        return new FaultException(
                408,
                "Bad Request",
                new FaultError("Request", "body", "too slow"),
                "invalid_request",
                "body did not arrive in the time allowed");
    }

    /** 400, a request body that could not be read: malformed, cut off, or abandoned by the client. */
    public static FaultException bodyUnreadable() {
        return invalid("Request", "body", "body could not be read: malformed, cut off or abandoned");
    }

    /**
     * 415, a {@code Content-Type} naming a charset that cannot be read: {@code Request/Content-Type/invalid}
     * (contract#input-limits).
     */
    public static FaultException unknownCharset() {
        return new FaultException(
                415,
                "Bad Request",
                new FaultError("Request", "Content-Type", "invalid"),
                "invalid_request",
                "Content-Type names a charset that cannot be read");
    }

    /** A fault with every part given, for the rare bodies the factories above do not cover. */
    public static FaultException of(int status, String message, FaultError error) {
        return new FaultException(status, message, error, null, null);
    }

    /**
     * The same fault, carrying the RFC 6749 {@code error} code the token endpoint reports beside it and its
     * {@code error_description}: plain ASCII that names the field, without double quote or backslash (RFC 6749 §5.2).
     */
    public FaultException withOAuthError(String code, String description) {
        return new FaultException(status, faultMessage, errors.get(0), code, description);
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

    /** What went wrong, in words that name the field: the one given, else {@code "<field> is <code>"}. */
    public String description() {
        if (description != null) {
            return description;
        }
        FaultError error = errors.get(0);
        return (error.field().isEmpty() ? error.resource() : error.field()) + " is " + error.code();
    }
}
