package dev.switchback.app;

import dev.switchback.athlete.Athlete;
import dev.switchback.athlete.AthleteId;
import dev.switchback.athlete.AthleteStore;
import dev.switchback.ratelimit.RateLimits;
import dev.switchback.store.Database;
import dev.switchback.telemetry.SecurityLog;
import dev.switchback.token.Secret;
import dev.switchback.token.TokenGenerator;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Creating and managing client applications. A secret is shown once, at creation or rotation. */
public final class AppService {
    public static final int DEFAULT_ATHLETE_CAPACITY = 10;
    public static final int MAX_REDIRECT_URIS = 20;
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

    /** Creates an app owned by {@code ownerUsername} if given, with no registered redirect URI. */
    public CreatedApp create(String name, String callbackDomain, Optional<String> ownerUsername, int capacity) {
        return create(name, callbackDomain, ownerUsername, capacity, List.of());
    }

    /**
     * Creates an app owned by {@code ownerUsername} if given, with these registered redirect URIs
     * (contract#registered-redirect-uris).
     *
     * @throws IllegalArgumentException naming the bad field: name, callback domain, owner, capacity or redirect URI
     */
    public CreatedApp create(
            String name,
            String callbackDomain,
            Optional<String> ownerUsername,
            int capacity,
            List<String> redirectUris) {
        String trimmed = name == null ? "" : name.trim();
        if (trimmed.isEmpty() || trimmed.length() > MAX_NAME) {
            throw new IllegalArgumentException("name must be 1 to " + MAX_NAME + " characters (got '" + trimmed + "')");
        }
        CallbackDomain domain = new CallbackDomain(callbackDomain);
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1 (got " + capacity + ")");
        }
        List<String> registered = checkRedirectUris(redirectUris, domain);
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
            App created = apps.insert(
                    tx, new AppStore.NewApp(trimmed, secret.digest(), domain, ownerId, capacity), clock.instant());
            apps.replaceRedirectUris(tx, created.clientId(), registered);
            return created;
        });
        return new CreatedApp(app, secret);
    }

    /** The app's registered redirect URIs, in the order given; empty for an unknown app. */
    public List<String> redirectUris(AppId id) {
        return database.read(tx -> apps.redirectUris(tx, id));
    }

    /**
     * Replaces the app's registered redirect URIs; an empty list removes them all. They apply from the next
     * authorize request.
     *
     * @throws IllegalArgumentException for an unknown app, or naming the redirect URI that cannot be registered
     */
    public List<String> setRedirectUris(AppId id, List<String> redirectUris) {
        App app = find(id).orElseThrow(() -> new IllegalArgumentException("no app with id " + id));
        List<String> registered = checkRedirectUris(redirectUris, app.callbackDomain());
        database.write(tx -> {
            if (apps.find(tx, id).isEmpty()) {
                throw new IllegalArgumentException("no app with id " + id);
            }
            apps.replaceRedirectUris(tx, id, registered);
            return null;
        });
        return registered;
    }

    /**
     * What may be registered (contract#registered-redirect-uris): a redirect URI at all ({@link RedirectUriSyntax}),
     * on the callback domain, a subdomain of it or loopback, without a {@code code} or {@code state} parameter of its
     * own; at most {@link #MAX_REDIRECT_URIS}, a repeated one kept once.
     */
    private static List<String> checkRedirectUris(List<String> values, CallbackDomain domain) {
        Set<String> unique = new LinkedHashSet<>();
        for (String value : values) {
            URI uri = RedirectUriSyntax.parse(value);
            if (!RedirectUriSyntax.isLoopback(uri) && !domain.admits(uri.getHost(), true)) {
                throw new IllegalArgumentException("redirect URI host " + uri.getHost() + " is not the callback domain "
                        + domain + ", a subdomain of it, localhost or 127.0.0.1 (got '" + value + "')");
            }
            if (RedirectUriSyntax.carriesCodeOrState(uri)) {
                throw new IllegalArgumentException(
                        "redirect URI must not carry a code or state parameter of its own (got '" + value + "')");
            }
            unique.add(value);
        }
        if (unique.size() > MAX_REDIRECT_URIS) {
            throw new IllegalArgumentException(
                    "an app may register at most " + MAX_REDIRECT_URIS + " redirect URIs (got " + unique.size() + ")");
        }
        return List.copyOf(unique);
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
        SecurityLog.secretRotated(id);
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
        SecurityLog.appDeleted(id);
    }

    /** An app with its secret, which exists only in this object and is never stored. */
    public record CreatedApp(App app, Secret secret) {}
}
