package dev.switchback.client;

import java.net.http.HttpHeaders;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * A successful (2xx) API response: the raw JSON in {@link #body()}, or a record of
 * {@code dev.switchback.client.model} through {@link #as(Class)} and {@link #asList(Class)}.
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

    /**
     * Reads Strava's snake_case names into records; a property the record does not know is ignored, so a
     * newer server never breaks an older client, and an absent one leaves an {@code Optional} empty.
     */
    private static final JsonMapper MODELS = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /**
     * The body as {@code type}, such as {@code Activity.class}.
     *
     * @param <T>  the type
     * @param type a record of {@code dev.switchback.client.model}, or any type Jackson can read
     * @return the body as {@code type}
     * @throws StravaException of kind {@code INVALID_RESPONSE} when the body does not fit the type
     */
    public <T> T as(Class<T> type) {
        return read(MODELS.constructType(type), type.getSimpleName());
    }

    /**
     * The body, a JSON array, as a list of {@code type}.
     *
     * @param <T>  the type of an element
     * @param type a record of {@code dev.switchback.client.model}, or any type Jackson can read
     * @return the elements, unmodifiable
     * @throws StravaException of kind {@code INVALID_RESPONSE} when the body is not an array of the type
     */
    public <T> List<T> asList(Class<T> type) {
        List<T> list = read(
                MODELS.getTypeFactory().constructCollectionType(List.class, type), "a list of " + type.getSimpleName());
        return Collections.unmodifiableList(list);
    }

    private <T> T read(JavaType type, String what) {
        try {
            T value = MODELS.treeToValue(body, type);
            if (value == null) {
                throw new IllegalArgumentException("the body is empty or null");
            }
            return value;
        } catch (JacksonException | IllegalArgumentException e) {
            String problem = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
            throw invalid(what, problem, e);
        }
    }

    private StravaException invalid(String what, String problem, Exception cause) {
        return new StravaException(
                "HTTP " + status + " but the body is not " + what + ": " + problem,
                StravaException.Kind.INVALID_RESPONSE,
                status,
                null,
                rateLimit.orElse(null),
                body.toString(),
                cause);
    }
}
