package dev.switchback.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code switchback}: the server and its administration, in one command. */
@Command(
        name = "switchback",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Strava's OAuth 2.0 authorization server and the API it guards.",
        subcommands = {ServeCommand.class, AppsCommand.class, AthletesCommand.class, MigrateCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with Switchback's error handling: one clear line and a non-zero exit. */
    public static CommandLine commandLine() {
        Errors errors = new Errors();
        CommandLine commandLine = new CommandLine(new Main());
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
