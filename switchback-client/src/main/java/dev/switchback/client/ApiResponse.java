package dev.switchback.client;

import java.net.http.HttpHeaders;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A successful (2xx) API response.
 *
 * @param status    the HTTP status
 * @param headers   the response headers
 * @param body      the JSON body; a {@code MissingNode} when the body was empty
 * @param rateLimit the rate-limit usage from the headers, when the server sent them
 */
public record ApiResponse(int status, HttpHeaders headers, JsonNode body, Optional<RateLimitUsage> rateLimit) {
    /** Checks every component. */
    public ApiResponse {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(rateLimit, "rateLimit");
    }
}
