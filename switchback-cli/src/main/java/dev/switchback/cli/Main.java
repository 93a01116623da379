package dev.switchback.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code switchback}: the server and its administration, in one command. */
@Command(
        name = "switchback",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Strava's OAuth 2.0 authorization server and the API it guards, and a client for it.",
        subcommands = {ServeCommand.class, AppsCommand.class, AthletesCommand.class, ActivitiesCommand.class, RoutesCommand.class, MigrateCommand.class,
                LoginCommand.class, TokenCommand.class, LogoutCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with Switchback's error handling: one clear line and a non-zero exit. */
    public static CommandLine commandLine() {
        return commandLine(CliEnvironment.system());
    }

    /** The same, with the clock, environment variables, home directory and browser given (tests pass their own). */
    static CommandLine commandLine(CliEnvironment environment) {
        Errors errors = new Errors();
        CommandLine commandLine = new CommandLine(new Main(), new CliEnvironment.Factory(environment));
        commandLine.setExecutionExceptionHandler(errors);
        commandLine.setParameterExceptionHandler(errors);
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"switchback " + (version == null ? "development build" : version)};
        }
    }
}
