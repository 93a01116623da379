package dev.switchback.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The one loader of settings, layered: named defaults &lt; a properties file &lt; environment variables
 * ({@code SWITCHBACK_} + the key in upper case, dots and dashes as underscores) &lt; command-line flags.
 * Unknown keys are refused with the key named, so a typo never passes silently. The keys, their defaults
 * and their rules are {@link Keys}'s; {@link #get(Setting)} reads one typed and checked.
 */
public final class Settings {
    public static final String ENV_PREFIX = "SWITCHBACK_";
    /** The environment variable naming a settings file, when no {@code --config} flag does. */
    public static final String CONFIG_FILE_ENV = "SWITCHBACK_CONFIG";
    /** The {@code switchback} launcher's own variables (JVM options, the jar, the class-data archive): not settings. */
    static final Set<String> LAUNCHER_ENV = Set.of("SWITCHBACK_JAVA_OPTS", "SWITCHBACK_JAR", "SWITCHBACK_CDS");
    /** Variables of the test suite and the benchmarks (their PostgreSQL and Redis URLs): not settings either. */
    static final List<String> TOOLING_ENV_PREFIXES = List.of("SWITCHBACK_TEST_", "SWITCHBACK_BENCH_");

    /** Every key, with its default text; empty for the keys whose default depends on the profile. */
    private static final Map<String, String> DEFAULTS = defaults();
    /** Keys whose default depends on the profile. */
    static final Set<String> PROFILE_KEYS = profileKeys();
    /** The setting each environment variable sets. */
    private static final Map<String, String> KEYS_BY_VARIABLE = keysByVariable();

    private final Map<String, String> values;
    private final Map<String, String> sources;

    private Settings(Map<String, String> values, Map<String, String> sources) {
        this.values = values;
        this.sources = sources;
    }

    private static Map<String, String> defaults() {
        Map<String, String> defaults = new TreeMap<>();
        for (Setting<?> setting : Keys.all()) {
            defaults.put(setting.key(), setting.fallback() instanceof Setting.Default.Fixed fixed ? fixed.text() : "");
        }
        return Collections.unmodifiableMap(defaults);
    }

    private static Set<String> profileKeys() {
        Set<String> keys = new TreeSet<>();
        for (Setting<?> setting : Keys.all()) {
            if (byProfile(setting)) {
                keys.add(setting.key());
            }
        }
        return Collections.unmodifiableSet(keys);
    }

    private static Map<String, String> keysByVariable() {
        Map<String, String> keys = new HashMap<>();
        for (Setting<?> setting : Keys.all()) {
            keys.put(setting.environmentVariable(), setting.key());
        }
        return Collections.unmodifiableMap(keys);
    }

    private static boolean byProfile(Setting<?> setting) {
        return setting.fallback() instanceof Setting.Default.ByProfile;
    }

    /** Every key Switchback knows, with its default ("" where the profile decides). */
    public static Map<String, String> knownKeys() {
        return DEFAULTS;
    }

    /**
     * Layers the sources. {@code configFile} is the file named by a flag, else by
     * {@code SWITCHBACK_CONFIG}; without either, no file is read.
     */
    public static Settings load(Optional<Path> configFile, Map<String, String> environment, Map<String, String> flags) {
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        Map<String, String> sources = new LinkedHashMap<>();
        DEFAULTS.keySet().forEach(key -> sources.put(key, "default"));
        Optional<Path> file = configFile.or(() -> Optional.ofNullable(environment.get(CONFIG_FILE_ENV))
                .filter(s -> !s.isBlank())
                .map(Path::of));
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
        return variable.startsWith(ENV_PREFIX)
                && !variable.equals(CONFIG_FILE_ENV)
                && !LAUNCHER_ENV.contains(variable)
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
        properties.forEach(
                (key, value) -> map.put(key.toString().trim(), value.toString().trim()));
        return map;
    }

    private static void put(
            Map<String, String> values, Map<String, String> sources, String key, String value, String source) {
        if (!DEFAULTS.containsKey(key)) {
            throw new SettingsException("unknown setting '" + key + "' from " + source + "; known settings: "
                    + String.join(", ", DEFAULTS.keySet()));
        }
        values.put(key, value);
        sources.put(key, source);
    }

    /** {@code SWITCHBACK_OAUTH_REFRESH_RETRY_WINDOW} to {@code oauth.refresh-retry-window}. */
    static String keyOfEnv(String name) {
        String key = KEYS_BY_VARIABLE.get(name);
        return key != null
                ? key
                : name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /**
     * The setting's value: the text of the last layer that set it, else its default (an empty text means the
     * profile's value for the keys that have one), parsed. A refusal names the key, the value seen (a secret
     * redacted) and where it came from.
     */
    public <T> T get(Setting<T> setting) {
        String key = setting.key();
        String seen = values.get(key);
        boolean fromProfile = seen.isBlank() && byProfile(setting);
        String text = fromProfile ? setting.fallback().forProfile(get(Keys.PROFILE)) : seen.trim();
        try {
            return setting.parser().parse(text);
        } catch (Setting.Invalid e) {
            String shown = setting.shown().apply(fromProfile ? text : seen);
            throw new SettingsException(
                    key + " " + e.getMessage() + " (got '" + shown + "' from " + sourceOf(key) + ")");
        } catch (IllegalArgumentException e) {
            throw new SettingsException(e.getMessage() + " (from " + sourceOf(key) + ")");
        }
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
