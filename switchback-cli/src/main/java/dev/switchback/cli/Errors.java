package dev.switchback.cli;

import dev.switchback.client.ReauthorizationRequiredException;
import dev.switchback.client.StravaException;
import dev.switchback.server.config.Settings;
import dev.switchback.store.Database;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/** Turns a failed command into one line on stderr and exit code 1; never a stack trace for a user error. */
final class Errors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        String message = e instanceof IllegalArgumentException || e instanceof Settings.SettingsException
                || e instanceof Database.SchemaException || e instanceof IllegalStateException
                || e instanceof StravaException || e instanceof ReauthorizationRequiredException
                || e instanceof UncheckedIOException
                ? e.getMessage()
                : "unexpected error: " + e;
        commandLine.getErr().println("switchback: error: " + message);
        commandLine.getErr().flush();
        return 1;
    }
}
