package dev.switchback.cli;

import dev.switchback.client.ReauthorizationRequiredException;
import dev.switchback.client.StravaException;
import dev.switchback.fault.Causes;
import dev.switchback.server.config.Settings;
import dev.switchback.store.Database;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Turns a failed command into one line on stderr and a non-zero exit; never a stack trace for a user
 * error. A failed command exits 1; a command line picocli cannot parse exits 2 and points to --help.
 */
final class Errors implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        String message = e instanceof IllegalArgumentException
                        || e instanceof Settings.SettingsException
                        || e instanceof Database.SchemaException
                        || e instanceof IllegalStateException
                        || e instanceof StravaException
                        || e instanceof ReauthorizationRequiredException
                        || e instanceof UncheckedIOException
                ? e.getMessage()
                : "unexpected error: " + Causes.rootMessage(e);
        commandLine.getErr().println("switchback: error: " + message);
        commandLine.getErr().flush();
        return 1;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        commandLine.getErr().println("switchback: error: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, commandLine.getErr());
        commandLine
                .getErr()
                .println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
        commandLine.getErr().flush();
        return commandLine.getCommandSpec().exitCodeOnInvalidInput();
    }
}
