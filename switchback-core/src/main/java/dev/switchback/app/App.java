package dev.switchback.app;

import dev.switchback.ratelimit.RateLimits;
import java.time.Instant;
import java.util.Optional;

/** A client application: its integer {@code client_id}, its one callback domain and its athlete capacity. */
public record App(
        long clientId,
        String name,
        String secretDigest,
        CallbackDomain callbackDomain,
        Optional<Long> ownerId,
        int athleteCapacity,
        RateLimits rateLimits,
        Instant createdAt) {

    @Override
    public String toString() {
        return "App[clientId=" + clientId + ", name=" + name + "]";
    }
}
