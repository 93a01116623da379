package dev.switchback.cli;

import dev.switchback.Switchback;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code switchback migrate}: create or update the schema and exit. */
@Command(name = "migrate", mixinStandardHelpOptions = true, description = "Create or update the database schema, then exit.")
final class MigrateCommand implements Runnable {
    @Mixin
    SettingsOptions options;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        var config = options.config(Map.of());
        try (Switchback ignored = Databases.open(config)) {
            if (json) {
                Output.json(spec.commandLine().getOut(), Map.of("database", config.databaseUrl().toString(), "migrated", true));
            } else {
                spec.commandLine().getOut().println("Database " + config.databaseUrl() + " is up to date.");
            }
        }
    }
}
