package dev.switchback.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

/** Strava Fault bodies as exact strings, for assertions on whole response bodies. */
public final class Faults {
    private Faults() {}

    /** {@code {"message":...,"errors":[{"resource":...,"field":...,"code":...}]}} */
    public static String fault(String message, String resource, String field, String code) {
        return "{\"message\":\"" + message + "\",\"errors\":[{\"resource\":\"" + resource + "\",\"field\":\"" + field
                + "\",\"code\":\"" + code + "\"}]}";
    }

    /**
     * A token endpoint error: the Strava Fault, then the RFC 6749 {@code error} and {@code error_description}
     * fields, in that order.
     */
    public static String tokenError(String resource, String field, String code, String oauthError, String description) {
        String fault = fault("Bad Request", resource, field, code);
        return fault.substring(0, fault.length() - 1) + ",\"error\":\"" + oauthError + "\",\"error_description\":\""
                + description + "\"}";
    }

    /** The 401 of a token that is missing or not 40 hex. */
    public static final String APPLICATION_INVALID = fault("Authorization Error", "Application", "", "invalid");

    /** The 401 of a well-formed token that is unknown, expired or revoked. */
    public static final String ACCESS_TOKEN_INVALID =
            fault("Authorization Error", "Athlete", "access_token", "invalid");

    /** The 400 of a refresh token that is unknown, superseded or revoked. */
    public static final String REFRESH_TOKEN_INVALID = tokenError(
            "RefreshToken",
            "refresh_token",
            "invalid",
            "invalid_grant",
            "refresh_token is unknown, revoked or superseded");

    /** The 400 of a code used twice, expired, or whose authorization was revoked. */
    public static final String CODE_EXPIRED = tokenError(
            "AuthorizationCode",
            "",
            "expired",
            "invalid_grant",
            "code is no longer valid: it has expired, was already used, or its authorization was revoked");

    /**
     * A Strava-shaped client error: 4xx, JSON with {@code message} and a non-empty {@code errors} list, and
     * nothing of the implementation (no stack trace, class or package name).
     */
    public static void assertStravaShaped4xx(Http.Response response) {
        assertThat(response.status()).as(response.body()).isBetween(400, 499);
        assertThat(response.header("Content-Type").orElse(""))
                .as(response.body())
                .startsWith("application/json");
        assertThat(response.json().path("message").isString())
                .as(response.body())
                .isTrue();
        assertThat(response.json().path("errors").isArray()).as(response.body()).isTrue();
        assertThat(response.json().path("errors").size()).as(response.body()).isPositive();
        assertThat(response.body())
                .doesNotContain(
                        "Exception",
                        "java.",
                        "javax.",
                        "jakarta.",
                        "dev.switchback",
                        "io.javalin",
                        "org.eclipse",
                        "\tat ",
                        "SQL");
    }
}
