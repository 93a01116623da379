package dev.switchback.cli;

import java.util.Map;
import picocli.CommandLine.Command;

/** {@code switchback migrate}: create or update the schema and exit. */
@Command(
        name = "migrate",
        mixinStandardHelpOptions = true,
        description = "Create or update the database schema, then exit.")
final class MigrateCommand extends DatabaseCommand {
    @Override
    public void run() {
        var config = options.config(Map.of());
        Databases.open(config).close(); // opening the database migrates it
        if (json) {
            Output.json(
                    spec.commandLine().getOut(),
                    Map.of("database", config.databaseUrl().toString(), "migrated", true));
        } else {
            spec.commandLine().getOut().println("Database " + config.databaseUrl() + " is up to date.");
        }
    }
}
