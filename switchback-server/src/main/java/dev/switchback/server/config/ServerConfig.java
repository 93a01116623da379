package dev.switchback.server.config;

import dev.switchback.Switchback;
import dev.switchback.oauth.OAuthPolicy;
import dev.switchback.store.DatabaseUrl;
import dev.switchback.store.StatementListener;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        boolean demo,
        boolean autoMigrate,
        boolean groupCommit,
        Duration housekeepingInterval,
        int housekeepingBatchSize,
        Duration retiredRefreshRetention,
        RateLimitStore rateLimitStore,
        String redisUrl,
        long uploadMaxFileSize) {

    /** Where rate-limit usage is counted. */
    public enum RateLimitStore {
        /** In this process: exact for one node. */
        MEMORY,
        /** In the database: shared by every node on it. */
        DATABASE,
        /** In Redis: shared by every node that uses it. */
        REDIS
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    public static ServerConfig from(Settings settings) {
        Reader r = new Reader(settings);
        String profile = r.string("profile").toLowerCase(Locale.ROOT);
        OAuthPolicy base = switch (profile) {
            case "strava" -> OAuthPolicy.strava();
            case "hardened" -> OAuthPolicy.hardened();
            default -> throw r.invalid("profile", "must be strava or hardened");
        };
        OAuthPolicy oauth = r.wrap("oauth.refresh-retry-window", () -> new OAuthPolicy(
                r.bool("oauth.redirect-requires-https", base.redirectRequiresHttps()),
                r.bool("oauth.redirect-allows-subdomains", base.redirectAllowsSubdomains()),
                r.bool("oauth.pkce-required", base.pkceRequired()),
                r.bool("oauth.code-reuse-revokes-tokens", base.codeReuseRevokesTokens()),
                r.bool("oauth.refresh-reuse-revokes-grant", base.refreshReuseRevokesGrant()),
                r.duration("oauth.refresh-retry-window"),
                r.integer("oauth.access-token-slots", 1, 100)));
        return new ServerConfig(
                r.string("server.host"),
                r.integer("server.port", 0, 65535),
                r.url("server.public-url"),
                r.integer("server.max-request-size", 1024, 64 * 1024 * 1024),
                r.wrap("database.url", () -> DatabaseUrl.parse(r.string("database.url"))),
                r.integer("database.pool-size", 1, 200),
                profile,
                oauth,
                r.integer("login.free-failures-per-account", 1, 1000),
                r.integer("login.free-failures-per-address", 1, 100000),
                r.positiveDuration("login.max-block"),
                r.positiveDuration("session.ttl"),
                r.bool("demo", true),
                r.bool("database.auto-migrate", true),
                r.bool("database.group-commit", true),
                r.duration("housekeeping.interval"),
                r.integer("housekeeping.batch-size", 1, 100_000),
                r.positiveDuration("housekeeping.retired-refresh-retention"),
                r.rateLimitStore(),
                r.redisUrl(),
                r.integer("upload.max-file-size", 1024, 1024 * 1024 * 1024));
    }

    /** What the domain services need of this configuration. */
    public Switchback.Options switchbackOptions() {
        return new Switchback.Options(oauth, loginFreeFailuresPerAccount, loginFreeFailuresPerAddress, loginMaxBlock,
                autoMigrate, groupCommit, housekeepingBatchSize, retiredRefreshRetention, StatementListener.NONE);
    }

    /** The URL the server is reached at, for printed links. */
    public String baseUrl(int boundPort) {
        return publicUrl.map(URI::toString).map(s -> s.replaceAll("/+$", ""))
                .orElse("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + boundPort);
    }

    /** Whether session cookies must carry {@code Secure}: when the public URL is https. */
    public boolean secureCookies() {
        return publicUrl.map(uri -> "https".equalsIgnoreCase(uri.getScheme())).orElse(false);
    }

    static Duration parseDuration(String value) {
        String trimmed = value.trim().toLowerCase(Locale.ROOT);
        if (trimmed.startsWith("p")) {
            return Duration.parse(trimmed.toUpperCase(Locale.ROOT));
        }
        Matcher m = DURATION.matcher(trimmed);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** Reads typed values, turning every failure into a message with key, value and source. */
    private record Reader(Settings settings) {
        String string(String key) {
            return settings.get(key).orElseThrow(() -> new Settings.SettingsException(key + " must be set"));
        }

        int integer(String key, int min, int max) {
            String value = string(key);
            try {
                int n = Integer.parseInt(value.trim());
                if (n < min || n > max) {
                    throw invalid(key, "must be between " + min + " and " + max);
                }
                return n;
            } catch (NumberFormatException e) {
                throw invalid(key, "must be a whole number");
            }
        }

        boolean bool(String key, boolean fallback) {
            Optional<String> value = settings.get(key);
            if (value.isEmpty()) {
                return fallback;
            }
            return switch (value.get().trim().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "1" -> true;
                case "false", "no", "off", "0" -> false;
                default -> throw invalid(key, "must be true or false");
            };
        }

        Duration duration(String key) {
            try {
                return parseDuration(string(key));
            } catch (RuntimeException e) {
                throw invalid(key, "must be a duration such as 30s, 15m or 12h");
            }
        }

        Duration positiveDuration(String key) {
            Duration duration = duration(key);
            if (duration.isZero() || duration.isNegative()) {
                throw invalid(key, "must be longer than 0s");
            }
            return duration;
        }

        Optional<URI> url(String key) {
            Optional<String> value = settings.get(key);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            try {
                URI uri = URI.create(value.get().trim());
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw invalid(key, "must be an http or https URL");
                }
                return Optional.of(uri);
            } catch (IllegalArgumentException e) {
                throw invalid(key, "must be an http or https URL");
            }
        }

        /** {@code auto} counts in memory on SQLite (one node) and in the database on PostgreSQL (shared). */
        RateLimitStore rateLimitStore() {
            String value = string("ratelimit.store").trim().toLowerCase(Locale.ROOT);
            return switch (value) {
                case "auto" -> settings.get("database.url").map(DatabaseUrl::parse)
                        .filter(url -> url.dialect() == dev.switchback.store.Dialect.POSTGRESQL)
                        .map(url -> RateLimitStore.DATABASE).orElse(RateLimitStore.MEMORY);
                case "memory" -> RateLimitStore.MEMORY;
                case "database" -> RateLimitStore.DATABASE;
                case "redis" -> RateLimitStore.REDIS;
                default -> throw invalid("ratelimit.store", "must be auto, memory, database or redis");
            };
        }

        String redisUrl() {
            String value = string("ratelimit.redis-url").trim();
            if (!value.startsWith("redis://") && !value.startsWith("rediss://")) {
                throw invalid("ratelimit.redis-url", "must be a redis:// or rediss:// URL");
            }
            return value;
        }

        <T> T wrap(String key, java.util.function.Supplier<T> build) {
            try {
                return build.get();
            } catch (Settings.SettingsException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new Settings.SettingsException(e.getMessage() + " (from " + settings.sourceOf(key) + ")");
            }
        }

        Settings.SettingsException invalid(String key, String rule) {
            String seen = key.equals("database.url") ? DatabaseUrl.redacted(settings.get(key).orElse("")) : settings.get(key).orElse("");
            return new Settings.SettingsException(key + " " + rule + " (got '" + seen + "' from " + settings.sourceOf(key) + ")");
        }
    }
}
