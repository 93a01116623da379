package dev.switchback.app;

import dev.switchback.athlete.Athlete;
import dev.switchback.athlete.AthleteStore;
import dev.switchback.ratelimit.RateLimits;
import dev.switchback.token.Secret;
import dev.switchback.token.TokenGenerator;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Creating and managing client applications. A secret is shown once, at creation or rotation. */
public final class AppService {
    public static final int DEFAULT_ATHLETE_CAPACITY = 10;
    private static final int MAX_NAME = 100;

    private final AppStore apps;
    private final AthleteStore athletes;
    private final TokenGenerator tokens;
    private final Clock clock;

    public AppService(AppStore apps, AthleteStore athletes, TokenGenerator tokens, Clock clock) {
        this.apps = apps;
        this.athletes = athletes;
        this.tokens = tokens;
        this.clock = clock;
    }

    /**
     * Creates an app owned by {@code ownerUsername} if given.
     *
     * @throws IllegalArgumentException naming the bad field: name, callback domain, owner or capacity
     */
    public CreatedApp create(String name, String callbackDomain, Optional<String> ownerUsername, int capacity) {
        String trimmed = name == null ? "" : name.trim();
        if (trimmed.isEmpty() || trimmed.length() > MAX_NAME) {
            throw new IllegalArgumentException("name must be 1 to " + MAX_NAME + " characters (got '" + trimmed + "')");
        }
        CallbackDomain domain = new CallbackDomain(callbackDomain);
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1 (got " + capacity + ")");
        }
        Optional<Long> ownerId = Optional.empty();
        if (ownerUsername.isPresent()) {
            Athlete owner = athletes.findByUsername(ownerUsername.get().trim().toLowerCase(java.util.Locale.ROOT))
                    .orElseThrow(() -> new IllegalArgumentException("no athlete with username '" + ownerUsername.get() + "'"));
            ownerId = Optional.of(owner.id());
        }
        Secret secret = tokens.next();
        App app = apps.insert(trimmed, secret.digest(), domain, ownerId, capacity, clock.instant());
        return new CreatedApp(app, secret);
    }

    public List<App> list() {
        return apps.list();
    }

    public Optional<App> find(long clientId) {
        return apps.find(clientId);
    }

    /** Replaces an app's secret; the old one stops working at once. */
    public CreatedApp rotateSecret(long clientId) {
        Secret secret = tokens.next();
        if (!apps.updateSecret(clientId, secret.digest(), clock.instant())) {
            throw new IllegalArgumentException("no app with id " + clientId);
        }
        return new CreatedApp(apps.find(clientId).orElseThrow(), secret);
    }

    /** Sets an app's rate limits; they apply from the next request, on every node. */
    public App setRateLimits(long clientId, RateLimits limits) {
        if (!apps.updateRateLimits(clientId, limits, clock.instant())) {
            throw new IllegalArgumentException("no app with id " + clientId);
        }
        return apps.find(clientId).orElseThrow();
    }

    public void delete(long clientId) {
        if (!apps.delete(clientId)) {
            throw new IllegalArgumentException("no app with id " + clientId);
        }
    }

    /** An app with its secret, which exists only in this object and is never stored. */
    public record CreatedApp(App app, Secret secret) {}
}
