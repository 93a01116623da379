package dev.switchback.cli;

import dev.switchback.server.config.ServerConfig;
import dev.switchback.server.config.Settings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options every server command shares: where the settings and the database are. */
final class SettingsOptions {
    /** Whose variables are the environment layer of the settings. */
    private final CliEnvironment environment;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Settings file (properties). Default: $SWITCHBACK_CONFIG, else none.")
    Path configFile;

    @Option(
            names = "--database-url",
            paramLabel = "URL",
            description = {"SQLite file or PostgreSQL URL (database.url).", "Default: ${bundle:default.database.url}"})
    String databaseUrl;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = {"Any setting; repeatable. For example:", "--set oauth.refresh-retry-window=30s"})
    Map<String, String> settings = new LinkedHashMap<>();

    SettingsOptions(CliEnvironment environment) {
        this.environment = environment;
    }

    /** The flags as settings, with {@code extra} (a command's own flags) on top. */
    ServerConfig config(Map<String, String> extra) {
        Map<String, String> flags = new LinkedHashMap<>(settings);
        if (databaseUrl != null) {
            flags.put("database.url", databaseUrl);
        }
        flags.putAll(extra);
        return ServerConfig.from(Settings.load(Optional.ofNullable(configFile), environment.variables(), flags));
    }

    /**
     * The defaults with {@code flags} alone: no settings file, no {@code SWITCHBACK_*} variable, no other flag.
     * What {@code serve --training-run} starts with, so that a user's profile, Redis or management port never
     * changes what the archive is made of, nor fails the build that makes it.
     */
    static ServerConfig defaultsWith(Map<String, String> flags) {
        return ServerConfig.from(Settings.load(Optional.empty(), Map.of(), flags));
    }
}
