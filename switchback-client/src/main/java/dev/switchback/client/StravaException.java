package dev.switchback.client;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Every failure of a call to the server, as one type: an error status (with Strava's Fault body when
 * the server sent one), a response the client cannot use (an HTML page, truncated or non-JSON content,
 * a missing field), or no response at all (the server is down, the connection broke, the call timed
 * out). The message names the call and what went wrong, never a token or secret.
 */
public class StravaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of failure this is. */
    public enum Kind {
        /** The server answered with a non-2xx status. */
        ERROR_STATUS,
        /** The server answered 2xx, but with something other than the expected JSON. */
        INVALID_RESPONSE,
        /** No usable answer: connection refused or broken, timeout, interruption. */
        NETWORK
    }

    /**
     * Strava's error body (contract#fault-envelope): {@code {"message":"Bad Request","errors":[{...}]}}.
     *
     * @param message the top-level message, e.g. {@code Bad Request}, {@code Authorization Error}
     * @param errors  the individual errors, possibly empty
     */
    public record Fault(String message, List<FaultError> errors) {
        /** Checks every component; the list is copied. */
        public Fault {
            Objects.requireNonNull(message, "message");
            errors = List.copyOf(errors);
        }
    }

    /**
     * One error of a {@link Fault}, e.g. {@code RefreshToken} / {@code refresh_token} / {@code invalid}.
     *
     * @param resource the kind of object at fault
     * @param field    the field at fault, possibly empty
     * @param code     what is wrong: {@code invalid}, {@code missing}, {@code expired}, {@code exceeded}...
     */
    public record FaultError(String resource, String field, String code) {
        /** Checks every component. */
        public FaultError {
            Objects.requireNonNull(resource, "resource");
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(code, "code");
        }
    }

    private final Kind kind;
    private final int status;
    private final transient Fault fault;
    private final transient RateLimitUsage rateLimit;
    private final String body;

    /**
     * @param message   what failed, for a person to read
     * @param kind      the kind of failure
     * @param status    the HTTP status, or 0 when there was no response
     * @param fault     the Fault body, or null
     * @param rateLimit the rate-limit usage from the response headers, or null
     * @param body      the response body as text, or {@code ""}
     * @param cause     the underlying exception, or null
     */
    public StravaException(
            String message,
            Kind kind,
            int status,
            Fault fault,
            RateLimitUsage rateLimit,
            String body,
            Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.status = status;
        this.fault = fault;
        this.rateLimit = rateLimit;
        this.body = body == null ? "" : body;
    }

    /** {@return the kind of failure} */
    public Kind kind() {
        return kind;
    }

    /** {@return the HTTP status, or 0 when no response arrived} */
    public int status() {
        return status;
    }

    /** {@return Strava's Fault body, when the response carried one} */
    public Optional<Fault> fault() {
        return Optional.ofNullable(fault);
    }

    /** {@return the rate-limit usage from the response headers, when present (a 429 carries it)} */
    public Optional<RateLimitUsage> rateLimit() {
        return Optional.ofNullable(rateLimit);
    }

    /** {@return the response body as text ({@code ""} when there was none); may be long} */
    public String body() {
        return body;
    }

    /**
     * Whether the Fault lists this error.
     *
     * @param resource e.g. {@code RefreshToken}
     * @param field    e.g. {@code refresh_token}
     * @param code     e.g. {@code invalid}
     * @return true when one error matches all three
     */
    public boolean hasError(String resource, String field, String code) {
        return fault != null && fault.errors().contains(new FaultError(resource, field, code));
    }

    /** {@return whether the server refused a refresh token: revoked, superseded by a rotation, or unknown} */
    public boolean isRefreshTokenInvalid() {
        return hasError("RefreshToken", "refresh_token", "invalid");
    }

    /** {@return whether the server refused an access token (401): expired, revoked or unknown} */
    public boolean isAccessTokenInvalid() {
        return status == 401 && hasError("Athlete", "access_token", "invalid");
    }

    /** {@return whether the app went over a rate limit (429)} */
    public boolean isRateLimited() {
        return status == 429;
    }
}
