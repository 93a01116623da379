package dev.switchback.app;

import dev.switchback.athlete.AthleteId;
import dev.switchback.ratelimit.RateLimits;
import dev.switchback.token.TokenDigest;
import java.time.Instant;
import java.util.Optional;

/** A client application: its integer {@code client_id}, its one callback domain and its athlete capacity. */
public record App(
        AppId clientId,
        String name,
        TokenDigest secretDigest,
        CallbackDomain callbackDomain,
        Optional<AthleteId> ownerId,
        int athleteCapacity,
        RateLimits rateLimits,
        Instant createdAt) {

    @Override
    public String toString() {
        return "App[clientId=" + clientId + ", name=" + name + "]";
    }
}
