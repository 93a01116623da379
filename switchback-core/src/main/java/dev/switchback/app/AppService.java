package dev.switchback.app;

import dev.switchback.athlete.Athlete;
import dev.switchback.athlete.AthleteId;
import dev.switchback.athlete.AthleteStore;
import dev.switchback.ratelimit.RateLimits;
import dev.switchback.store.Database;
import dev.switchback.telemetry.SecurityLog;
import dev.switchback.token.PageSeal;
import dev.switchback.token.Secret;
import dev.switchback.token.TokenGenerator;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
        return create(Optional.empty(), tokens.next(), name, callbackDomain, ownerUsername, capacity, redirectUris);
    }

    /**
     * Creates an app with the client id and secret given, for fixtures that hard-code them (the emulator's seed,
     * {@code apps create --client-id N --client-secret S}); otherwise as {@link #create}.
     *
     * @throws IllegalArgumentException naming the bad field, or the client id when it is taken
     */
    public CreatedApp createWithClientId(
            AppId clientId,
            Secret secret,
            String name,
            String callbackDomain,
            Optional<String> ownerUsername,
            int capacity,
            List<String> redirectUris) {
        if (clientId.value() < 1) {
            throw new IllegalArgumentException("client id must be a positive number (got " + clientId + ")");
        }
        return create(Optional.of(clientId), secret, name, callbackDomain, ownerUsername, capacity, redirectUris);
    }

    private CreatedApp create(
            Optional<AppId> clientId,
            Secret secret,
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
        App app = database.write(tx -> {
            Optional<AthleteId> ownerId = Optional.empty();
            if (ownerUsername.isPresent()) {
                Athlete owner = athletes.findByUsername(
                                tx, ownerUsername.get().trim().toLowerCase(java.util.Locale.ROOT))
                        .orElseThrow(() ->
                                new IllegalArgumentException("no athlete with username '" + ownerUsername.get() + "'"));
                ownerId = Optional.of(owner.id());
            }
            AppStore.NewApp newApp = new AppStore.NewApp(trimmed, secret.digest(), domain, ownerId, capacity);
            App created;
            if (clientId.isPresent()) {
                if (apps.find(tx, clientId.get()).isPresent()) {
                    throw new IllegalArgumentException("client id " + clientId.get() + " is taken");
                }
                created = apps.insertWithId(tx, clientId.get(), newApp, clock.instant());
            } else {
                created = apps.insert(tx, newApp, clock.instant());
            }
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

    /**
     * Replaces an app's secret; the old one stops working at once. The developer page can no longer show the
     * secret (it was not sealed for it).
     */
    public CreatedApp rotateSecret(AppId id) {
        return rotateSecret(id, Optional.empty());
    }

    /**
     * Replaces an app's secret; the old one stops working at once. With {@code seal}, the new secret is kept sealed
     * for the developer page to show (contract#developer-page-secrets); without, the page cannot show it.
     */
    public CreatedApp rotateSecret(AppId id, Optional<PageSeal> seal) {
        Secret secret = tokens.next();
        String sealed = seal.map(key -> key.seal(secret.value())).orElse(null);
        App app = database.write(tx -> {
            if (!apps.updateSecret(tx, id, secret.digest(), clock.instant())) {
                throw new IllegalArgumentException("no app with id " + id);
            }
            apps.updateSealedSecret(tx, id, sealed);
            return apps.find(tx, id).orElseThrow();
        });
        SecurityLog.secretRotated(id);
        return new CreatedApp(app, secret);
    }

    // --- the developer page (contract#developer-page) ------------------------------------------

    /** The app {@code owner} manages on the developer page: the first one they own. */
    public Optional<App> ownedBy(AthleteId owner) {
        return database.read(tx -> apps.ownedBy(tx, owner).stream().findFirst());
    }

    /** The page's fields of the app, and what it keeps sealed; empty for an unknown app. */
    public Optional<AppStore.PageRecord> pageRecord(AppId id) {
        return database.read(tx -> apps.pageRecord(tx, id));
    }

    /**
     * Creates {@code owner}'s app from the developer page, with the default capacity and no registered redirect
     * URI; its secret is kept sealed under {@code seal} for the page to show. As on Strava, the page gives an
     * athlete one app (the CLI gives any number).
     *
     * @throws AppProfile.InvalidAppException if {@code owner} already owns an app
     */
    public CreatedApp createOwned(AthleteId owner, AppProfile profile, Optional<AppIcon> icon, PageSeal seal) {
        Secret secret = tokens.next();
        String sealed = seal.seal(secret.value());
        Instant now = clock.instant();
        App app = database.write(tx -> {
            if (!apps.ownedBy(tx, owner).isEmpty()) {
                throw new AppProfile.InvalidAppException(
                        Map.of("form", "You already have an application; edit or delete it instead."));
            }
            App created = apps.insert(
                    tx,
                    new AppStore.NewApp(
                            profile.name(),
                            secret.digest(),
                            profile.callbackDomain(),
                            Optional.of(owner),
                            DEFAULT_ATHLETE_CAPACITY),
                    now);
            apps.updateProfile(tx, created.clientId(), profile, icon, now);
            apps.updateSealedSecret(tx, created.clientId(), sealed);
            return created;
        });
        return new CreatedApp(app, secret);
    }

    /**
     * Replaces the app's name, category, website, description and callback domain, and its icon when one is
     * given. A callback domain that would leave a registered redirect URI off it is refused, as
     * {@code apps update} refuses such a URI (contract#registered-redirect-uris).
     *
     * @throws AppProfile.InvalidAppException naming the callback domain
     * @throws IllegalArgumentException for an unknown app
     */
    public App updateProfile(AppId id, AppProfile profile, Optional<AppIcon> icon) {
        return database.write(tx -> {
            try {
                checkRedirectUris(apps.redirectUris(tx, id), profile.callbackDomain());
            } catch (IllegalArgumentException e) {
                throw new AppProfile.InvalidAppException(Map.of(
                        "callback_domain",
                        "A registered redirect URI is not on this domain; change the redirect URIs first ("
                                + e.getMessage() + ")."));
            }
            if (!apps.updateProfile(tx, id, profile, icon, clock.instant())) {
                throw new IllegalArgumentException("no app with id " + id);
            }
            return apps.find(tx, id).orElseThrow();
        });
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
