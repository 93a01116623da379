package dev.switchback.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The one loader of settings, layered: named defaults &lt; a properties file &lt; environment variables
 * ({@code SWITCHBACK_} + the key in upper case, dots and dashes as underscores) &lt; command-line flags.
 * Unknown keys are refused with the key named, so a typo never passes silently.
 */
public final class Settings {
    public static final String ENV_PREFIX = "SWITCHBACK_";
    /** The environment variable naming a settings file, when no {@code --config} flag does. */
    public static final String CONFIG_FILE_ENV = "SWITCHBACK_CONFIG";
    /** The {@code switchback} launcher's own variables (JVM options, the jar, the class-data archive): not settings. */
    static final Set<String> LAUNCHER_ENV = Set.of("SWITCHBACK_JAVA_OPTS", "SWITCHBACK_JAR", "SWITCHBACK_CDS");
    /** Variables of the test suite and the benchmarks (their PostgreSQL and Redis URLs): not settings either. */
    static final List<String> TOOLING_ENV_PREFIXES = List.of("SWITCHBACK_TEST_", "SWITCHBACK_BENCH_");

    private static final Map<String, String> DEFAULTS = defaults();
    /** Keys whose default depends on the profile; absent from {@link #DEFAULTS}. */
    static final Set<String> PROFILE_KEYS = Set.of(
            "oauth.redirect-requires-https",
            "oauth.redirect-allows-subdomains",
            "oauth.pkce-required",
            "oauth.code-reuse-revokes-tokens",
            "oauth.refresh-reuse-revokes-grant");

    private final Map<String, String> values;
    private final Map<String, String> sources;

    private Settings(Map<String, String> values, Map<String, String> sources) {
        this.values = values;
        this.sources = sources;
    }

    private static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("server.host", "127.0.0.1");
        defaults.put("server.port", "8080");
        defaults.put("server.public-url", "");
        defaults.put("server.max-request-size", "65536");
        defaults.put("database.url", "./data/switchback.db");
        defaults.put("database.pool-size", "8");
        defaults.put("database.auto-migrate", "true");
        defaults.put("database.group-commit", "true");
        defaults.put("profile", "strava");
        defaults.put("oauth.refresh-retry-window", "0s");
        defaults.put("oauth.access-token-slots", "5");
        defaults.put("login.free-failures-per-account", "5");
        defaults.put("login.free-failures-per-address", "20");
        defaults.put("login.max-block", "15m");
        defaults.put("session.ttl", "12h");
        defaults.put("demo", "true");
        defaults.put("ratelimit.store", "auto");
        defaults.put("ratelimit.redis-url", "redis://127.0.0.1:6379");
        defaults.put("housekeeping.interval", "5m");
        defaults.put("housekeeping.batch-size", "1000");
        defaults.put("housekeeping.retired-refresh-retention", "30d");
        defaults.put("upload.max-file-size", "26214400");
        return Map.copyOf(defaults);
    }

    /** Every key Switchback knows, with its default ("" where the profile decides). */
    public static Map<String, String> knownKeys() {
        Map<String, String> keys = new TreeMap<>(DEFAULTS);
        PROFILE_KEYS.forEach(key -> keys.put(key, ""));
        return keys;
    }

    /**
     * Layers the sources. {@code configFile} is the file named by a flag, else by
     * {@code SWITCHBACK_CONFIG}; without either, no file is read.
     */
    public static Settings load(Optional<Path> configFile, Map<String, String> environment, Map<String, String> flags) {
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        Map<String, String> sources = new LinkedHashMap<>();
        DEFAULTS.keySet().forEach(key -> sources.put(key, "default"));
        Optional<Path> file = configFile.or(() -> Optional.ofNullable(environment.get(CONFIG_FILE_ENV)).filter(s -> !s.isBlank()).map(Path::of));
        if (file.isPresent()) {
            readFile(file.get()).forEach((key, value) -> put(values, sources, key, value, "file " + file.get()));
        }
        environment.forEach((name, value) -> {
            if (isSetting(name)) {
                put(values, sources, keyOfEnv(name), value, "environment variable " + name);
            }
        });
        flags.forEach((key, value) -> put(values, sources, key, value, "flag"));
        return new Settings(values, sources);
    }

    private static boolean isSetting(String variable) {
        return variable.startsWith(ENV_PREFIX) && !variable.equals(CONFIG_FILE_ENV) && !LAUNCHER_ENV.contains(variable)
                && TOOLING_ENV_PREFIXES.stream().noneMatch(variable::startsWith);
    }

    private static Map<String, String> readFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new SettingsException("cannot read settings file " + file + ": " + e.getMessage());
        }
        Map<String, String> map = new TreeMap<>();
        properties.forEach((key, value) -> map.put(key.toString().trim(), value.toString().trim()));
        return map;
    }

    private static void put(Map<String, String> values, Map<String, String> sources, String key, String value, String source) {
        if (!DEFAULTS.containsKey(key) && !PROFILE_KEYS.contains(key)) {
            throw new SettingsException("unknown setting '" + key + "' from " + source + "; known settings: "
                    + String.join(", ", knownKeys().keySet()));
        }
        values.put(key, value);
        sources.put(key, source);
    }

    /** {@code SWITCHBACK_OAUTH_REFRESH_RETRY_WINDOW} to {@code oauth.refresh-retry-window}. */
    static String keyOfEnv(String name) {
        String rest = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
        for (String key : knownKeys().keySet()) {
            if (key.replace('.', '_').replace('-', '_').equals(rest)) {
                return key;
            }
        }
        return rest.replace('_', '.');
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key)).filter(value -> !value.isEmpty());
    }

    /** Where a key's value came from, for error messages. */
    public String sourceOf(String key) {
        return sources.getOrDefault(key, "default");
    }

    /** A setting was missing, unknown or invalid; the message names the key and the value seen. */
    public static final class SettingsException extends RuntimeException {
        public SettingsException(String message) {
            super(message);
        }
    }
}
