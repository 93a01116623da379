package dev.switchback.server.config;

import dev.switchback.Switchback;
import dev.switchback.oauth.OAuthPolicy;
import dev.switchback.server.ops.Logging;
import dev.switchback.store.DatabaseUrl;
import dev.switchback.store.Dialect;
import dev.switchback.store.StatementListener;
import dev.switchback.telemetry.Metrics;
import dev.switchback.token.PageSeal;
import dev.switchback.webhook.WebhookPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Validated, immutable server configuration. Built once from {@link Settings}; every bad value is
 * reported with its key, the value seen and where it came from.
 */
public record ServerConfig(
        String host,
        int port,
        Optional<URI> publicUrl,
        long maxRequestSize,
        DatabaseUrl databaseUrl,
        int poolSize,
        String profile,
        OAuthPolicy oauth,
        int loginFreeFailuresPerAccount,
        int loginFreeFailuresPerAddress,
        Duration loginMaxBlock,
        Duration sessionTtl,
        String productName,
        Optional<PageSeal> sealingKey,
        boolean demo,
        boolean autoMigrate,
        boolean groupCommit,
        Duration housekeepingInterval,
        int housekeepingBatchSize,
        Duration retiredRefreshRetention,
        RateLimitStore rateLimitStore,
        String redisUrl,
        long uploadMaxFileSize,
        Duration bodyTimeout,
        long minBodyRate,
        int maxConnectionsPerAddress,
        WebhookPolicy webhooks,
        boolean emulator,
        Optional<Path> seed,

        Logging.Settings log,
        Optional<Integer> managementPort,
        String managementHost,
        Duration stopTimeout) {

    /** Where rate-limit usage is counted. */
    public enum RateLimitStore {
        /** In this process: exact for one node. */
        MEMORY,
        /** In the database: shared by every node on it. */
        DATABASE,
        /** In Redis: shared by every node that uses it. */
        REDIS
    }

    /** Reads every setting through {@link Keys}; the first bad value stops it, named with its key, value and source. */
    public static ServerConfig from(Settings settings) {
        DatabaseUrl databaseUrl = settings.get(Keys.DATABASE_URL);
        return new ServerConfig(
                settings.get(Keys.SERVER_HOST),
                settings.get(Keys.SERVER_PORT),
                settings.get(Keys.SERVER_PUBLIC_URL),
                settings.get(Keys.SERVER_MAX_REQUEST_SIZE),
                databaseUrl,
                settings.get(Keys.DATABASE_POOL_SIZE),
                settings.get(Keys.PROFILE),
                oauth(settings),
                settings.get(Keys.LOGIN_FREE_FAILURES_PER_ACCOUNT),
                settings.get(Keys.LOGIN_FREE_FAILURES_PER_ADDRESS),
                settings.get(Keys.LOGIN_MAX_BLOCK),
                settings.get(Keys.SESSION_TTL),
                settings.get(Keys.PAGES_PRODUCT_NAME),
                settings.get(Keys.PAGES_SEALING_KEY),
                settings.get(Keys.DEMO),
                settings.get(Keys.DATABASE_AUTO_MIGRATE),
                settings.get(Keys.DATABASE_GROUP_COMMIT),
                settings.get(Keys.HOUSEKEEPING_INTERVAL),
                settings.get(Keys.HOUSEKEEPING_BATCH_SIZE),
                settings.get(Keys.HOUSEKEEPING_RETIRED_REFRESH_RETENTION),
                settings.get(Keys.RATELIMIT_STORE).orElseGet(() -> automaticStore(databaseUrl)),
                settings.get(Keys.RATELIMIT_REDIS_URL),
                settings.get(Keys.UPLOAD_MAX_FILE_SIZE),
                settings.get(Keys.SERVER_BODY_TIMEOUT),
                settings.get(Keys.SERVER_MIN_BODY_RATE),
                settings.get(Keys.SERVER_MAX_CONNECTIONS_PER_ADDRESS),
                new WebhookPolicy(
                        settings.get(Keys.WEBHOOKS_RETRY_DELAYS),
                        settings.get(Keys.WEBHOOKS_ALLOW_PRIVATE_CALLBACKS),
                        settings.get(Keys.WEBHOOKS_WORKERS),
                        settings.get(Keys.WEBHOOKS_LEASE),
                        settings.get(Keys.WEBHOOKS_RETENTION),
                        settings.get(Keys.WEBHOOKS_POLL)),
                emulator(settings),
                seed(settings),
                new Logging.Settings(settings.get(Keys.LOG_FORMAT), settings.get(Keys.LOG_LEVEL)),
                settings.get(Keys.MANAGEMENT_PORT),
                settings.get(Keys.MANAGEMENT_HOST),
                settings.get(Keys.SERVER_STOP_TIMEOUT));
    }

    /** {@code emulator.seed}: a file, read at start; only with the emulator, whose reset returns to it. */
    private static Optional<Path> seed(Settings settings) {
        Optional<Path> file = settings.get(Keys.EMULATOR_SEED);
        if (file.isPresent() && !settings.get(Keys.EMULATOR)) {
            throw new Settings.SettingsException("emulator.seed (from " + settings.sourceOf(Keys.EMULATOR_SEED.key())
                    + ") needs emulator=true: a seed is known data for a test rig");
        }
        return file;
    }

    /**
     * {@code emulator}, refused where it would weaken a deployment (contract#emulator): never with the hardened
     * profile, and only on a loopback {@code server.host} unless {@code emulator.allow-remote} says otherwise.
     */
    private static boolean emulator(Settings settings) {
        if (!settings.get(Keys.EMULATOR)) {
            return false;
        }
        if (settings.get(Keys.PROFILE).equals("hardened")) {
            throw new Settings.SettingsException("emulator=true (from " + settings.sourceOf(Keys.EMULATOR.key())
                    + ") cannot be used with profile=hardened (from " + settings.sourceOf(Keys.PROFILE.key())
                    + "): the emulator's control API is for test rigs, the hardened profile for deployments");
        }
        String host = settings.get(Keys.SERVER_HOST);
        if (!isLoopback(host) && !settings.get(Keys.EMULATOR_ALLOW_REMOTE)) {
            throw new Settings.SettingsException("emulator=true needs a loopback server.host (got " + host + " from "
                    + settings.sourceOf(Keys.SERVER_HOST.key()) + "): whoever reaches the port controls the"
                    + " server; set emulator.allow-remote=true to allow it anyway");
        }
        return true;
    }

    /** {@code localhost} or a literal loopback address (127.0.0.0/8, ::1); a name is never looked up. */
    static boolean isLoopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!bare.matches("[0-9.]+") && !bare.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static OAuthPolicy oauth(Settings settings) {
        return new OAuthPolicy(
                settings.get(Keys.OAUTH_REDIRECT_REQUIRES_HTTPS),
                settings.get(Keys.OAUTH_REDIRECT_ALLOWS_SUBDOMAINS),
                settings.get(Keys.OAUTH_REDIRECT_EXACT_MATCH),
                settings.get(Keys.OAUTH_PKCE_REQUIRED),
                settings.get(Keys.OAUTH_CODE_REUSE_REVOKES_TOKENS),
                settings.get(Keys.OAUTH_REFRESH_REUSE_REVOKES_GRANT),
                settings.get(Keys.OAUTH_REFRESH_RETRY_WINDOW),
                settings.get(Keys.OAUTH_ACCESS_TOKEN_SLOTS));
    }

    /** {@code ratelimit.store=auto}: in memory on SQLite (one node), in the database on PostgreSQL (shared). */
    private static RateLimitStore automaticStore(DatabaseUrl databaseUrl) {
        return databaseUrl.dialect() == Dialect.POSTGRESQL ? RateLimitStore.DATABASE : RateLimitStore.MEMORY;
    }

    /** What the domain services need of this configuration. */
    public Switchback.Options switchbackOptions() {
        return switchbackOptions(Metrics.none());
    }

    /** The same, with the services' meters registered on {@code meters}. */
    public Switchback.Options switchbackOptions(MeterRegistry meters) {
        return new Switchback.Options(
                oauth,
                loginFreeFailuresPerAccount,
                loginFreeFailuresPerAddress,
                loginMaxBlock,
                autoMigrate,
                groupCommit,
                housekeepingBatchSize,
                retiredRefreshRetention,
                webhooks,
                StatementListener.NONE,
                meters);
    }

    /** The URL the server is reached at, for printed links. */
    public String baseUrl(int boundPort) {
        return publicUrl
                .map(URI::toString)
                .map(s -> s.replaceAll("/+$", ""))
                .orElse("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + boundPort);
    }

    /** Whether session cookies must carry {@code Secure}: when the public URL is https. */
    public boolean secureCookies() {
        return publicUrl.map(uri -> "https".equalsIgnoreCase(uri.getScheme())).orElse(false);
    }
}
