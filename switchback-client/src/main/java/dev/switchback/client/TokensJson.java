package dev.switchback.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@link Tokens} as the JSON a {@link FileTokenStore} writes, and back. */
final class TokensJson {
    /** 9999-12-31T23:59:59Z: anything later is not an expiry. */
    private static final long LATEST_EPOCH_SECOND = 253_402_300_799L;

    private TokensJson() {}

    static void write(Tokens tokens, ObjectNode json) {
        json.put("access_token", tokens.accessToken());
        json.put("refresh_token", tokens.refreshToken());
        json.put("expires_at", tokens.expiresAt().getEpochSecond());
        tokens.athlete().ifPresent(athlete -> {
            ObjectNode node = json.putObject("athlete");
            node.put("id", athlete.id());
            athlete.username()
                    .ifPresentOrElse(username -> node.put("username", username), () -> node.putNull("username"));
            node.put("firstname", athlete.firstname());
            node.put("lastname", athlete.lastname());
        });
        tokens.grantedScopes().forEach(json.putArray("granted_scopes")::add);
    }

    /** The tokens in {@code json}; empty when the required fields are missing or of the wrong type. */
    static Optional<Tokens> read(JsonNode json) {
        JsonNode access = json.path("access_token");
        JsonNode refresh = json.path("refresh_token");
        JsonNode expiresAt = json.path("expires_at");
        if (!access.isString()
                || access.asString().isBlank()
                || !refresh.isString()
                || refresh.asString().isBlank()
                || !expiresAt.isIntegralNumber()
                || !expiresAt.canConvertToLong()
                || expiresAt.asLong() < 0
                || expiresAt.asLong() > LATEST_EPOCH_SECOND) {
            return Optional.empty();
        }
        List<String> scopes = new ArrayList<>();
        json.path("granted_scopes").forEach(scope -> {
            if (scope.isString()) {
                scopes.add(scope.asString());
            }
        });
        return Optional.of(new Tokens(
                access.asString(),
                refresh.asString(),
                Instant.ofEpochSecond(expiresAt.asLong()),
                athlete(json.path("athlete")),
                scopes));
    }

    private static Optional<Tokens.Athlete> athlete(JsonNode athlete) {
        if (!athlete.path("id").isIntegralNumber()) {
            return Optional.empty();
        }
        JsonNode username = athlete.path("username");
        return Optional.of(new Tokens.Athlete(
                athlete.path("id").asLong(),
                username.isString() ? Optional.of(username.asString()) : Optional.empty(),
                athlete.path("firstname").asString(""),
                athlete.path("lastname").asString("")));
    }
}
