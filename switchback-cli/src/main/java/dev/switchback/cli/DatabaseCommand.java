package dev.switchback.cli;

import dev.switchback.Switchback;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What every command on the server's database shares: where the database is, {@code --json}, and the output. */
abstract class DatabaseCommand implements Runnable {
    @Mixin
    SettingsOptions options;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    /** Opens the configured database, creating or migrating it on first use. */
    Switchback open() {
        return Databases.open(options.config(Map.of()));
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
