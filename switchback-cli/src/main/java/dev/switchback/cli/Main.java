package dev.switchback.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code switchback}: the server and its administration, in one command. */
@Command(
        name = "switchback",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Strava's OAuth 2.0 authorization server and the API it guards, and a client for it.")
public final class Main implements Runnable {
    /**
     * The SLF4J property naming its provider (since SLF4J 2.0.9): set, SLF4J makes that one instead of searching
     * the class path (and searches only when it cannot make it, saying so on standard error).
     */
    static final String SLF4J_PROVIDER = "slf4j.provider";
    /** The level of SLF4J's own notes on standard error. */
    static final String SLF4J_VERBOSITY = "slf4j.internal.verbosity";
    /** The subcommands, in the order {@code switchback --help} lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(
            ServeCommand.class,
            AppsCommand.class,
            ResourceServersCommand.class,
            AthletesCommand.class,
            ActivitiesCommand.class,
            RoutesCommand.class,
            WebhooksCommand.class,
            MigrateCommand.class,
            LoginCommand.class,
            TokenCommand.class,
            TokensCommand.class,
            LogoutCommand.class,
            CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The one place that reads the process's environment variables and home directory; every command gets them from here. */
    public static void main(String[] args) {
        if (System.getProperty(SLF4J_PROVIDER) == null) {
            System.setProperty(SLF4J_PROVIDER, CliLogProvider.class.getName());
            // without a note on standard error that it did so, which SLF4J writes at its default verbosity
            if (System.getProperty(SLF4J_VERBOSITY) == null) {
                System.setProperty(SLF4J_VERBOSITY, "WARN");
            }
        }
        CliEnvironment environment = CliEnvironment.of(System.getenv(), Path.of(System.getProperty("user.home")));
        String sqliteLibrary = System.getProperty(SqliteLibrary.FOLDER_PROPERTY);
        if (sqliteLibrary != null) {
            SqliteLibrary.useFolder(Path.of(sqliteLibrary));
        }
        if (args.length > 0 && args[0].equals("serve")) {
            // SLF4J first, on this thread: while it binds Logback, SLF4J gives other threads a stand-in factory,
            // and serve's Logging.apply, meeting one, would leave log.level and log.format unapplied.
            LoggerFactory.getILoggerFactory();
            ServePreload.start();
        }
        System.exit(commandLine(environment, args).execute(args));
    }

    /**
     * The command line to run {@code args}, with Switchback's error handling (one clear line and a non-zero
     * exit), and the clock, environment variables, home directory and browser of {@code environment} (tests
     * pass their own). When {@code args} begin with a subcommand's name (other than {@code help}), only that
     * subcommand is built: picocli builds the model of every command it is given by reflection, and every
     * subcommand's took about 150 ms of each start.
     * Anything else gets every subcommand, so the top-level usage and picocli's suggestions stay whole.
     */
    static CommandLine commandLine(CliEnvironment environment, String[] args) {
        Errors errors = new Errors();
        CliEnvironment.Factory factory = new CliEnvironment.Factory(environment);
        CommandLine commandLine = new CommandLine(new Main(), factory);
        List<Class<?>> named = args.length == 0
                ? List.of()
                : SUBCOMMANDS.stream()
                        .filter(command -> command != CommandLine.HelpCommand.class && isNamed(command, args[0]))
                        .toList();
        for (Class<?> command : named.isEmpty() ? SUBCOMMANDS : named) {
            commandLine.addSubcommand(new CommandLine(command, factory));
        }
        SettingDefaults.addTo(commandLine);
        commandLine.setExecutionExceptionHandler(errors);
        commandLine.setParameterExceptionHandler(errors);
        return commandLine;
    }

    /** Whether {@code word} is the subcommand's name or an alias, read from its annotation alone. */
    private static boolean isNamed(Class<?> command, String word) {
        Command annotation = command.getAnnotation(Command.class);
        return annotation.name().equals(word)
                || Arrays.asList(annotation.aliases()).contains(word);
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
