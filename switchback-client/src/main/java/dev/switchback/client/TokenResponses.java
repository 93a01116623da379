package dev.switchback.client;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads a {@code /oauth/token} response (contract#code-exchange, contract#refresh-grant). Every field the client relies on is
 * checked, so a body that lacks one is a {@link StravaException}, never a null or a parse crash.
 */
final class TokenResponses {
    /** A token goes into an {@code Authorization} header: visible ASCII only, and not absurdly long. */
    static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]{1,4096}");

    private static final long MAX_LIFETIME_SECONDS = 10L * 366 * 24 * 3600;

    private TokenResponses() {}

    static Tokens read(Transport.Received received, JsonNode json, Instant requestedAt, List<String> grantedScopes) {
        if (!json.isObject()) {
            throw Transport.invalid(received, "the token response is not a JSON object");
        }
        String access = token(received, json, "access_token");
        String refresh = token(received, json, "refresh_token");
        return new Tokens(
                access, refresh, expiresAt(received, json, requestedAt), athlete(json.path("athlete")), grantedScopes);
    }

    private static String token(Transport.Received received, JsonNode json, String field) {
        JsonNode value = json.path(field);
        if (!value.isString() || !TOKEN.matcher(value.asString()).matches()) {
            throw Transport.invalid(received, "the token response has no valid " + field);
        }
        return value.asString();
    }

    /**
     * {@code expires_in} counted from when the request was sent, by the client's clock (immune to clock
     * skew between client and server); {@code expires_at} when only that is present.
     */
    private static Instant expiresAt(Transport.Received received, JsonNode json, Instant requestedAt) {
        JsonNode expiresIn = json.path("expires_in");
        if (expiresIn.canConvertToLong()
                && expiresIn.isIntegralNumber()
                && expiresIn.asLong() >= 0
                && expiresIn.asLong() <= MAX_LIFETIME_SECONDS) {
            return requestedAt.plusSeconds(expiresIn.asLong());
        }
        JsonNode expiresAt = json.path("expires_at");
        if (expiresAt.isIntegralNumber()
                && expiresAt.canConvertToLong()
                && expiresAt.asLong() >= 0
                && expiresAt.asLong() <= requestedAt.getEpochSecond() + MAX_LIFETIME_SECONDS) {
            return Instant.ofEpochSecond(expiresAt.asLong());
        }
        throw Transport.invalid(received, "the token response has no valid expires_in or expires_at");
    }

    /** The athlete summary of a code exchange; a refresh response (or an odd one) has none. */
    private static Optional<Tokens.Athlete> athlete(JsonNode athlete) {
        JsonNode id = athlete.path("id");
        if (!athlete.isObject() || !id.isIntegralNumber() || !id.canConvertToLong()) {
            return Optional.empty();
        }
        JsonNode username = athlete.path("username");
        return Optional.of(new Tokens.Athlete(
                id.asLong(),
                username.isString() ? Optional.of(username.asString()) : Optional.empty(),
                text(athlete, "firstname"),
                text(athlete, "lastname")));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.asString() : "";
    }
}
