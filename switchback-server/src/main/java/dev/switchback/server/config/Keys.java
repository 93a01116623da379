package dev.switchback.server.config;

import static dev.switchback.server.config.Parsers.bool;
import static dev.switchback.server.config.Parsers.duration;
import static dev.switchback.server.config.Parsers.durations;
import static dev.switchback.server.config.Parsers.httpUrl;
import static dev.switchback.server.config.Parsers.integer;
import static dev.switchback.server.config.Parsers.oneOf;
import static dev.switchback.server.config.Parsers.optionalFile;
import static dev.switchback.server.config.Parsers.positiveDuration;
import static dev.switchback.server.config.Parsers.sealingKey;
import static dev.switchback.server.config.Parsers.text;
import static dev.switchback.server.config.Parsers.url;
import static dev.switchback.server.config.Setting.Default.byProfile;
import static dev.switchback.server.config.Setting.Default.fixed;

import ch.qos.logback.classic.Level;
import dev.switchback.oauth.OAuthPolicy;
import dev.switchback.server.config.ServerConfig.RateLimitStore;
import dev.switchback.server.config.Setting.Default;
import dev.switchback.server.config.Setting.Parser;
import dev.switchback.server.ops.Logging;
import dev.switchback.store.DatabaseUrl;
import dev.switchback.token.PageSeal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting Switchback knows, in the order the README's configuration table lists them: the one place a
 * setting's key, default, rules and description are written. {@link Settings} takes its known keys and
 * environment variables from here, {@link ServerConfig} reads its values through these constants, and a test
 * keeps the README's table equal to this list.
 *
 * <p>To add a setting: one {@code define} line here, a component of {@link ServerConfig} (or of the record it
 * belongs in) read with {@code settings.get(Keys.THE_KEY)}, and the README row that the failing
 * {@code ReadmeConfigurationTableTest} prints. A new kind of value gets its parser in {@link Parsers}.
 */
public final class Keys {
    private static final List<Setting<?>> ALL = new ArrayList<>();
    private static final OAuthPolicy STRAVA = OAuthPolicy.strava();
    private static final OAuthPolicy HARDENED = OAuthPolicy.hardened();

    public static final Setting<String> SERVER_HOST =
            define("server.host", "127.0.0.1", text(), "address to listen on (`--host`)");
    public static final Setting<Integer> SERVER_PORT =
            define("server.port", "8080", integer(0, 65535), "port (`--port`; 0 picks a free one)");
    public static final Setting<Optional<URI>> SERVER_PUBLIC_URL = define(
            "server.public-url",
            "",
            httpUrl(),
            "the URL clients reach the server at, if not `http://host:port` (an https one makes cookies `Secure`)");
    public static final Setting<Integer> SERVER_MAX_REQUEST_SIZE = define(
            "server.max-request-size",
            "65536",
            integer(1024, 64 * 1024 * 1024),
            "largest request body accepted, in bytes; a larger one gets a 413 Fault, before a byte of it is read"
                    + " when its length is declared");
    public static final Setting<Integer> UPLOAD_MAX_FILE_SIZE = define(
            "upload.max-file-size",
            "26214400",
            integer(1024, 1024 * 1024 * 1024),
            "largest file `POST /api/v3/uploads` accepts (25 MiB, as Strava), in bytes;"
                    + " that path alone takes bodies this large");
    public static final Setting<Duration> SERVER_BODY_TIMEOUT = define(
            "server.body-timeout",
            "10s",
            positiveDuration(),
            "how long a request body may take to arrive, plus a second for every `server.min-body-rate` bytes of"
                    + " it; later gets a 408 Fault and the connection is closed");
    public static final Setting<Integer> SERVER_MIN_BODY_RATE = define(
            "server.min-body-rate",
            "8192",
            integer(1, 1024 * 1024 * 1024),
            "bytes a second a long body (an upload) must average beyond `server.body-timeout`");
    public static final Setting<Integer> SERVER_MAX_CONNECTIONS_PER_ADDRESS = define(
            "server.max-connections-per-address",
            "128",
            integer(0, 1_000_000),
            "open connections one client address may have; more are closed at once (`0`: no limit, for a server"
                    + " that every client reaches through one proxy)");
    public static final Setting<DatabaseUrl> DATABASE_URL = define(new Setting<>(
            "database.url",
            fixed("./data/switchback.db"),
            DatabaseUrl::parse,
            "a SQLite file (`jdbc:sqlite:FILE`, `sqlite:FILE` or a path) or a PostgreSQL URL"
                    + " (`postgresql://user:pass@host:5432/db` or `jdbc:postgresql://...`)",
            DatabaseUrl::redacted));
    public static final Setting<Integer> DATABASE_POOL_SIZE =
            define("database.pool-size", "8", integer(1, 200), "connections in the pool (per node)");
    public static final Setting<Boolean> DATABASE_GROUP_COMMIT = define(
            "database.group-commit",
            "true",
            bool(),
            "on SQLite, concurrent token transactions share one durable commit (see Performance);"
                    + " `false` commits each on its own");
    public static final Setting<Boolean> DATABASE_AUTO_MIGRATE = define(
            "database.auto-migrate",
            "true",
            bool(),
            "apply pending migrations at start; `false` refuses to start until `switchback migrate` has run."
                    + " A schema newer than the build is always refused");
    public static final Setting<String> PROFILE =
            define("profile", "strava", oneOf("strava", "hardened"), "`strava` or `hardened` (see Profiles)");
    public static final Setting<Boolean> OAUTH_REDIRECT_REQUIRES_HTTPS = define(
            "oauth.redirect-requires-https",
            byProfile(STRAVA.redirectRequiresHttps(), HARDENED.redirectRequiresHttps()),
            bool(),
            "redirect URIs must be https (to loopback, http is allowed too; no other scheme)");
    public static final Setting<Boolean> OAUTH_REDIRECT_ALLOWS_SUBDOMAINS = define(
            "oauth.redirect-allows-subdomains",
            byProfile(STRAVA.redirectAllowsSubdomains(), HARDENED.redirectAllowsSubdomains()),
            bool(),
            "a redirect host may be a subdomain of the callback domain");
    public static final Setting<Boolean> OAUTH_REDIRECT_EXACT_MATCH = define(
            "oauth.redirect-exact-match",
            byProfile(STRAVA.redirectExactMatch(), HARDENED.redirectExactMatch()),
            bool(),
            "a redirect URI must equal one the app registered (`apps create`/`update --redirect-uri`),"
                    + " a loopback port excepted");
    public static final Setting<Boolean> OAUTH_PKCE_REQUIRED = define(
            "oauth.pkce-required",
            byProfile(STRAVA.pkceRequired(), HARDENED.pkceRequired()),
            bool(),
            "every authorize request needs an S256 `code_challenge`");
    public static final Setting<Boolean> OAUTH_CODE_REUSE_REVOKES_TOKENS = define(
            "oauth.code-reuse-revokes-tokens",
            byProfile(STRAVA.codeReuseRevokesTokens(), HARDENED.codeReuseRevokesTokens()),
            bool(),
            "a second use of a code revokes the tokens issued from it");
    public static final Setting<Boolean> OAUTH_REFRESH_REUSE_REVOKES_GRANT = define(
            "oauth.refresh-reuse-revokes-grant",
            byProfile(STRAVA.refreshReuseRevokesGrant(), HARDENED.refreshReuseRevokesGrant()),
            bool(),
            "replaying a superseded refresh token revokes the grant");
    public static final Setting<Duration> OAUTH_REFRESH_RETRY_WINDOW = define(
            "oauth.refresh-retry-window",
            OAuthPolicy.DEFAULT_REFRESH_RETRY_WINDOW.toSeconds() + "s",
            duration(Duration.ZERO, OAuthPolicy.MAX_REFRESH_RETRY_WINDOW),
            "at most `60s`, in both profiles: a client that lost a refresh response (a 503 whose commit's outcome"
                    + " was unknown, a dropped connection) may present the refresh token it just rotated again, while"
                    + " the new one is unused, and gets the same answer again; `0s` turns it off");
    public static final Setting<Integer> OAUTH_ACCESS_TOKEN_SLOTS = define(
            "oauth.access-token-slots",
            String.valueOf(OAuthPolicy.DEFAULT_ACCESS_TOKEN_SLOTS),
            integer(1, 100),
            "most live access tokens per grant");
    public static final Setting<Integer> LOGIN_FREE_FAILURES_PER_ACCOUNT = define(
            "login.free-failures-per-account", "5", integer(1, 1000), "failed logins before an account is slowed down");
    public static final Setting<Integer> LOGIN_FREE_FAILURES_PER_ADDRESS = define(
            "login.free-failures-per-address",
            "20",
            integer(1, 100_000),
            "failed logins before an address is slowed down");
    public static final Setting<Duration> LOGIN_MAX_BLOCK =
            define("login.max-block", "15m", positiveDuration(), "the longest wait imposed");
    public static final Setting<Duration> SESSION_TTL =
            define("session.ttl", "12h", positiveDuration(), "how long an athlete stays logged in");
    public static final Setting<String> PAGES_PRODUCT_NAME = define(
            "pages.product-name", "Switchback", text(), "the product name every page shows (titles, header, consent)");
    public static final Setting<Optional<PageSeal>> PAGES_SEALING_KEY = define(new Setting<>(
            "pages.sealing-key",
            fixed(""),
            sealingKey(),
            "64 hex characters: the key under which the developer page keeps the client secret and the owner's"
                    + " tokens it shows again (the same on every node); empty: a new key at each start",
            value -> value.isEmpty() ? value : "(" + value.length() + " characters, hidden)"));
    public static final Setting<Boolean> DEMO =
            define("demo", "true", bool(), "create the demo athlete and app in an empty database (`--no-demo`)");
    public static final Setting<Boolean> EMULATOR = define(
            "emulator",
            "false",
            bool(),
            "serve the control API under `/_switchback/` for test rigs on loopback (`--emulator`; see Emulator);"
                    + " refused with `profile=hardened`");
    public static final Setting<Boolean> EMULATOR_ALLOW_REMOTE = define(
            "emulator.allow-remote",
            "false",
            bool(),
            "let `emulator` run on a `server.host` that is not loopback: whoever reaches the port controls the"
                    + " server's clock, faults and tokens");
    public static final Setting<Optional<Path>> EMULATOR_SEED = define(
            "emulator.seed",
            "",
            optionalFile(),
            "a JSON or YAML seed file loaded into the empty database at start, and again by"
                    + " `POST /_switchback/reset` (`--seed`; needs `emulator`)");
    /** Empty for {@code auto}: {@link ServerConfig} picks by the database. */
    public static final Setting<Optional<RateLimitStore>> RATELIMIT_STORE = define(
            "ratelimit.store",
            "auto",
            oneOf(rateLimitStores()),
            "where usage is counted: `memory` (one node), `database` (shared), `redis` (shared);"
                    + " `auto` is `memory` on SQLite and `database` on PostgreSQL");

    public static final Setting<String> RATELIMIT_REDIS_URL = define(
            "ratelimit.redis-url",
            "redis://127.0.0.1:6379",
            url("redis://", "rediss://"),
            "the Redis server, with `ratelimit.store=redis`");
    public static final Setting<Duration> HOUSEKEEPING_INTERVAL = define(
            "housekeeping.interval", "5m", duration(), "how often a node deletes what has expired (`0s` turns it off)");
    public static final Setting<Integer> HOUSEKEEPING_BATCH_SIZE = define(
            "housekeeping.batch-size",
            "1000",
            integer(1, 100_000),
            "rows per delete statement, each in its own short transaction");
    public static final Setting<Duration> HOUSEKEEPING_RETIRED_REFRESH_RETENTION = define(
            "housekeeping.retired-refresh-retention",
            "30d",
            positiveDuration(),
            "how long a rotated-away refresh token is remembered (for the retry window and replay detection)");
    public static final Setting<List<Duration>> WEBHOOKS_RETRY_DELAYS = define(
            "webhooks.retry-delays",
            "1s,2s",
            durations(Duration.ZERO, Duration.ofHours(1), 0, 9),
            "the wait before each retry of an event the callback did not take; attempts in all are one more"
                    + " (Strava: 3, minutes apart)");
    public static final Setting<Boolean> WEBHOOKS_ALLOW_PRIVATE_CALLBACKS = define(
            "webhooks.allow-private-callbacks",
            byProfile(true, false),
            bool(),
            "a callback URL may resolve to a loopback, private, link-local or metadata address");
    public static final Setting<Integer> WEBHOOKS_WORKERS = define(
            "webhooks.workers",
            "8",
            integer(0, 256),
            "deliveries in flight at once on a node; `0`: this node delivers none (another node on the same"
                    + " database does)");
    public static final Setting<Duration> WEBHOOKS_LEASE = define(
            "webhooks.lease",
            "30s",
            duration(Duration.ofSeconds(4), Duration.ofHours(1)),
            "how long a node holds an event it is delivering; after that another node may send it");
    public static final Setting<Duration> WEBHOOKS_RETENTION = define(
            "webhooks.retention",
            "7d",
            positiveDuration(),
            "how long delivered and failed events are kept (for `switchback webhooks deliveries`)");
    public static final Setting<Duration> WEBHOOKS_POLL = define(
            "webhooks.poll",
            "100ms",
            duration(Duration.ofMillis(10), Duration.ofHours(1)),
            "how often a node looks for events it was not woken for (queued by another node, or a retry coming"
                    + " due); an event this node queues is sent at once");
    public static final Setting<Level> LOG_LEVEL = define(
            "log.level",
            "info",
            oneOf(logLevels()),
            "`error`, `warn`, `info` (one access-log line per request, and security events), `debug` or `trace`");
    public static final Setting<Logging.Format> LOG_FORMAT = define(
            "log.format",
            "text",
            oneOf(Map.of("text", Logging.Format.TEXT, "json", Logging.Format.JSON)),
            "`text`, or `json`: one JSON object a line, for a log collector (see Running in production)");
    public static final Setting<Duration> SERVER_STOP_TIMEOUT = define(
            "server.stop-timeout",
            "30s",
            duration(),
            "on SIGTERM, how long requests in flight may take to finish once the server stops accepting new ones");
    public static final Setting<Optional<Integer>> MANAGEMENT_PORT = define(
            "management.port",
            "",
            Parsers.optionalPort(0),
            "port of the management server: Prometheus metrics at `/metrics`, and `/health/live` and `/health/ready`"
                    + " (empty: off; 0 picks a free one)");
    public static final Setting<String> MANAGEMENT_HOST = define(
            "management.host",
            "127.0.0.1",
            text(),
            "address the management server listens on; keep it off the public network");

    private Keys() {}

    /** Every setting, in declaration order. */
    public static List<Setting<?>> all() {
        return Collections.unmodifiableList(ALL);
    }

    private static <T> Setting<T> define(String key, String defaultText, Parser<T> parser, String description) {
        return define(key, fixed(defaultText), parser, description);
    }

    private static <T> Setting<T> define(String key, Default fallback, Parser<T> parser, String description) {
        return define(new Setting<>(key, fallback, parser, description, Setting.AS_IS));
    }

    private static <T> Setting<T> define(Setting<T> setting) {
        for (Setting<?> known : ALL) {
            if (known.key().equals(setting.key())) {
                throw new IllegalStateException("setting " + setting.key() + " is defined twice");
            }
        }
        ALL.add(setting);
        return setting;
    }

    private static Map<String, Level> logLevels() {
        Map<String, Level> levels = new LinkedHashMap<>();
        for (Level level : List.of(Level.ERROR, Level.WARN, Level.INFO, Level.DEBUG, Level.TRACE)) {
            levels.put(level.levelStr.toLowerCase(java.util.Locale.ROOT), level);
        }
        return levels;
    }

    private static Map<String, Optional<RateLimitStore>> rateLimitStores() {
        Map<String, Optional<RateLimitStore>> stores = new LinkedHashMap<>();
        stores.put("auto", Optional.empty());
        stores.put("memory", Optional.of(RateLimitStore.MEMORY));
        stores.put("database", Optional.of(RateLimitStore.DATABASE));
        stores.put("redis", Optional.of(RateLimitStore.REDIS));
        return stores;
    }
}
