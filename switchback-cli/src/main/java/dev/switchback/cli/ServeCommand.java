package dev.switchback.cli;

import dev.switchback.fault.Causes;
import dev.switchback.server.DemoData;
import dev.switchback.server.SwitchbackServer;
import dev.switchback.server.config.ServerConfig;
import dev.switchback.server.ops.Logging;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code switchback serve}: run the server until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the Switchback server.")
final class ServeCommand implements Runnable {
    /**
     * The file this start creates once it listens, when the launcher names one: the launcher adopts the class-data
     * archive the JVM writes as it exits only from a start that served (see the switchback script).
     */
    static final String SERVED_PROPERTY = "switchback.cds-served";

    @Mixin
    SettingsOptions options;

    @Option(
            names = "--host",
            paramLabel = "HOST",
            description = "Address to listen on. Default: ${bundle:default.server.host}.")
    String host;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            description = "Port to listen on (0 picks a free one). Default: ${bundle:default.server.port}.")
    Integer port;

    @Option(
            names = "--profile",
            paramLabel = "strava|hardened",
            description =
                    "strava: faithful to strava.com. hardened: the OAuth 2.0 Security BCP. Default: ${bundle:default.profile}.")
    String profile;

    @Option(names = "--no-demo", description = "Do not create the demo app and athlete in an empty database.")
    boolean noDemo;

    @Option(
            names = "--emulator",
            description = "Serve the control API under /_switchback/ (tokens, clock, faults, request journal) for"
                    + " test rigs on loopback (emulator).")
    boolean emulator;

    @Option(
            names = "--seed",
            paramLabel = "FILE",
            description = "With --emulator: load this JSON or YAML seed into the empty database (emulator.seed);"
                    + " POST /_switchback/reset returns to it.")
    String seed;

    @Option(
            names = "--training-run",
            hidden = true,
            description = "Start on a new database in a temporary folder, send a first token request and API calls"
                    + " to itself, and stop: what ./switchback archive runs to make the class-data archive.")
    boolean trainingRun;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        Map<String, String> flags = new LinkedHashMap<>();
        if (host != null) {
            flags.put("server.host", host);
        }
        if (port != null) {
            flags.put("server.port", port.toString());
        }
        if (profile != null) {
            flags.put("profile", profile);
        }
        if (emulator) {
            flags.put("emulator", "true");
        }
        if (seed != null) {
            flags.put("emulator.seed", seed);
        }
        if (noDemo) {
            flags.put("demo", "false");
        }
        if (trainingRun) {
            train();
            return;
        }
        ServerConfig config = options.config(flags);
        Logging.apply(config.log());
        long started = System.nanoTime();
        SwitchbackServer server = SwitchbackServer.create(config, Clock.systemUTC());
        Optional<DemoData.Created> demo = config.demo() && config.seed().isEmpty()
                ? DemoData.createIfEmpty(server.switchback())
                : Optional.empty();
        try {
            server.start();
        } catch (RuntimeException e) {
            server.close();
            throw new IllegalStateException(
                    "cannot listen on " + config.host() + ":" + config.port() + ": " + Causes.rootMessage(e), e);
        }
        markServed();
        PrintWriter out = spec.commandLine().getOut();
        demo.ifPresent(created -> printDemo(out, created, server.baseUrl()));
        out.printf(
                "Switchback listening on %s (profile %s, database %s%s), ready in %d ms%n",
                server.baseUrl(),
                config.profile(),
                config.databaseUrl(),
                config.emulator() ? ", emulator: control API at " + server.baseUrl() + "/_switchback/" : "",
                (System.nanoTime() - started) / 1_000_000);
        out.flush();
        awaitShutdown(server);
    }

    private static void markServed() {
        String marker = System.getProperty(SERVED_PROPERTY);
        if (marker == null) {
            return;
        }
        try {
            Files.createFile(Path.of(marker));
        } catch (IOException e) {
            // the launcher discards this start's archive, and a later start makes one
        }
    }

    /**
     * {@code --training-run}: the start above on a database of its own in a temporary folder, with the defaults
     * alone (none of the user's settings), then {@link TrainingRun}, then a stop.
     */
    private void train() {
        Path folder;
        try {
            folder = Files.createTempDirectory("switchback-training");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServerConfig config = SettingsOptions.defaultsWith(Map.of(
                "database.url", folder.resolve("training.db").toString(),
                "server.host", "127.0.0.1",
                "server.port", "0"));
        Logging.apply(config.log());
        try (SwitchbackServer server = SwitchbackServer.create(config, Clock.systemUTC())) {
            DemoData.Created demo = DemoData.createIfEmpty(server.switchback()).orElseThrow();
            server.start();
            new TrainingRun(server).run(demo);
        } finally {
            deleteTree(folder);
        }
    }

    private static void deleteTree(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a temporary folder left behind
        }
    }

    private static void printDemo(PrintWriter out, DemoData.Created demo, String baseUrl) {
        out.println("Created demo data in the empty database (the password and secret are shown only now):");
        if (demo.password().isPresent()) {
            out.printf(
                    "  athlete   username %s  password %s%n",
                    demo.athlete().username(), demo.password().get());
        } else {
            out.printf(
                    "  athlete   username %s, made by an earlier start that stopped before the app; its password was"
                            + " never shown: set one with ./switchback athletes set-password %s --password-stdin%n",
                    demo.athlete().username(), demo.athlete().username());
        }
        out.printf(
                "  app       client_id %d  client_secret %s  callback domain %s%n",
                demo.app().app().clientId().value(),
                demo.app().secret().value(),
                demo.app().app().callbackDomain());
        out.printf("  authorize %s%n", demo.authorizeUrl(baseUrl));
    }

    private static void awaitShutdown(SwitchbackServer server) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            Logging.stop();
                            stopped.countDown();
                        },
                        "switchback-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
