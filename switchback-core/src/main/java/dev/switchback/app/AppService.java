package dev.switchback.app;

import dev.switchback.athlete.Athlete;
import dev.switchback.athlete.AthleteId;
import dev.switchback.athlete.AthleteStore;
import dev.switchback.ratelimit.RateLimits;
import dev.switchback.store.Database;
import dev.switchback.token.Secret;
import dev.switchback.token.TokenGenerator;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Creating and managing client applications. A secret is shown once, at creation or rotation. */
public final class AppService {
    public static final int DEFAULT_ATHLETE_CAPACITY = 10;
    private static final int MAX_NAME = 100;

    private final Database database;
    private final AppStore apps;
    private final AthleteStore athletes;
    private final TokenGenerator tokens;
    private final Clock clock;

    public AppService(Database database, AppStore apps, AthleteStore athletes, TokenGenerator tokens, Clock clock) {
        this.database = database;
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
        Secret secret = tokens.next();
        App app = database.write(tx -> {
            Optional<AthleteId> ownerId = Optional.empty();
            if (ownerUsername.isPresent()) {
                Athlete owner = athletes.findByUsername(
                                tx, ownerUsername.get().trim().toLowerCase(java.util.Locale.ROOT))
                        .orElseThrow(() ->
                                new IllegalArgumentException("no athlete with username '" + ownerUsername.get() + "'"));
                ownerId = Optional.of(owner.id());
            }
            return apps.insert(
                    tx, new AppStore.NewApp(trimmed, secret.digest(), domain, ownerId, capacity), clock.instant());
        });
        return new CreatedApp(app, secret);
    }

    public List<App> list() {
        return database.read(apps::list);
    }

    public Optional<App> find(AppId id) {
        return apps.find(id);
    }

    public boolean isEmpty() {
        return database.read(apps::isEmpty);
    }

    /** Replaces an app's secret; the old one stops working at once. */
    public CreatedApp rotateSecret(AppId id) {
        Secret secret = tokens.next();
        App app = database.write(tx -> {
            if (!apps.updateSecret(tx, id, secret.digest(), clock.instant())) {
                throw new IllegalArgumentException("no app with id " + id);
            }
            return apps.find(tx, id).orElseThrow();
        });
        return new CreatedApp(app, secret);
    }

    /** Sets an app's rate limits; they apply from the next request, on every node. */
    public App setRateLimits(AppId id, RateLimits limits) {
        return database.write(tx -> {
            if (!apps.updateRateLimits(tx, id, limits, clock.instant())) {
                throw new IllegalArgumentException("no app with id " + id);
            }
            return apps.find(tx, id).orElseThrow();
        });
    }

    public void delete(AppId id) {
        database.write(tx -> {
            if (!apps.delete(tx, id)) {
                throw new IllegalArgumentException("no app with id " + id);
            }
            return null;
        });
    }

    /** An app with its secret, which exists only in this object and is never stored. */
    public record CreatedApp(App app, Secret secret) {}
}
