package dev.switchback.server.testing;

import dev.switchback.Switchback;
import dev.switchback.app.AppService;
import dev.switchback.athlete.Athlete;
import dev.switchback.athlete.NewAthlete;
import dev.switchback.server.SwitchbackServer;
import dev.switchback.server.config.ServerConfig;
import dev.switchback.server.config.Settings;
import dev.switchback.store.Database;
import dev.switchback.store.DatabaseUrl;
import dev.switchback.store.testing.TestDatabase;
import dev.switchback.time.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real server on a random port over a fresh SQLite file (or a fresh PostgreSQL database), with a
 * clock the test moves. Close it after the test (try-with-resources or {@code @AfterEach}).
 */
public final class TestServer implements AutoCloseable {
    public static final String PASSWORD = "correct horse battery";
    public static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    private static TestDatabase migratedPostgres;

    private final Path directory;
    private final MutableClock clock;
    private final SwitchbackServer server;
    private final Optional<TestDatabase> database;

    private TestServer(Path directory, MutableClock clock, SwitchbackServer server, Optional<TestDatabase> database) {
        this.directory = directory;
        this.clock = clock;
        this.server = server;
        this.database = database;
    }

    /** The strava profile, default settings. */
    public static TestServer start() {
        return start(Map.of());
    }

    /** With settings such as {@code profile=hardened} or {@code oauth.refresh-retry-window=30s}. */
    public static TestServer start(Map<String, String> settings) {
        return start(settings, Optional.empty());
    }

    private static TestServer start(Map<String, String> settings, Optional<TestDatabase> database) {
        try {
            Path directory = Files.createTempDirectory("switchback-test");
            Map<String, String> flags = new LinkedHashMap<>();
            flags.put(
                    "database.url",
                    database.map(TestDatabase::url)
                            .orElse(directory.resolve("switchback.db").toString()));
            flags.put("server.port", "0");
            flags.put("demo", "false");
            // Each Http of a test is a client of its own, whose connection stays open until Jetty's idle timeout;
            // a class of tests opens hundreds from 127.0.0.1. SlowBodyTest tests the limit, and with the default.
            flags.put("server.max-connections-per-address", "0");
            flags.putAll(settings);
            ServerConfig config = ServerConfig.from(Settings.load(Optional.empty(), Map.of(), flags));
            MutableClock clock = new MutableClock(START);
            SwitchbackServer server = SwitchbackServer.create(config, clock).start();
            return new TestServer(directory, clock, server, database);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * On {@code database}: a fresh SQLite file, or a fresh PostgreSQL database dropped on close (without a
     * reachable PostgreSQL the test is skipped with a message, or fails under {@code CI=true}).
     */
    public static TestServer start(TestDatabase.Kind database, Map<String, String> settings) {
        if (database == TestDatabase.Kind.SQLITE) {
            return start(settings);
        }
        TestDatabase postgres = TestDatabase.postgresCopyOf(migratedPostgres());
        try {
            return start(settings, Optional.of(postgres));
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
    }

    public static TestServer start(TestDatabase.Kind database) {
        return start(database, Map.of());
    }

    /** An empty, migrated PostgreSQL database, made once for this JVM and dropped as it exits, for tests to copy. */
    private static synchronized TestDatabase migratedPostgres() {
        if (migratedPostgres == null) {
            TestDatabase template = TestDatabase.postgres();
            try {
                Database.open(DatabaseUrl.parse(template.url()), 1).close();
            } catch (RuntimeException e) {
                template.close();
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(template::close, "drop-template-database"));
            migratedPostgres = template;
        }
        return migratedPostgres;
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    /** The port bound; with {@code server.public-url} set, {@link #baseUrl()} names that URL instead. */
    public int port() {
        return server.port();
    }

    /** The server itself (its management port, its health). */
    public SwitchbackServer server() {
        return server;
    }

    public MutableClock clock() {
        return clock;
    }

    public Switchback switchback() {
        return server.switchback();
    }

    public Path databaseFile() {
        return directory.resolve("switchback.db");
    }

    /** A fresh client with its own cookie jar (a new browser). */
    public Http http() {
        return new Http(baseUrl());
    }

    public Athlete createAthlete(String username) {
        return switchback()
                .athletes()
                .create(new NewAthlete(username, "First " + username, "Last", PASSWORD.toCharArray()));
    }

    /** An app that registered {@link Flows#REDIRECT_URI}, where {@link Flows} sends its authorizations. */
    public AppService.CreatedApp createApp(String name, String callbackDomain) {
        return createApp(name, callbackDomain, List.of(Flows.REDIRECT_URI));
    }

    /** An app that registered exactly {@code redirectUris} (what the hardened profile admits). */
    public AppService.CreatedApp createApp(String name, String callbackDomain, List<String> redirectUris) {
        return switchback()
                .apps()
                .create(name, callbackDomain, Optional.empty(), AppService.DEFAULT_ATHLETE_CAPACITY, redirectUris);
    }

    public AppService.CreatedApp createApp(String name, String callbackDomain, Optional<String> owner, int capacity) {
        return switchback().apps().create(name, callbackDomain, owner, capacity, List.of(Flows.REDIRECT_URI));
    }

    @Override
    public void close() {
        server.close();
        database.ifPresent(TestDatabase::close);
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }
}
