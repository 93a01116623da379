package dev.switchback.store.testing;

import dev.switchback.store.DatabaseUrl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh, empty database for one test: a SQLite file in a temp directory, or a PostgreSQL database
 * created on the server at {@code SWITCHBACK_TEST_POSTGRES_URL} (default
 * {@code postgresql://postgres@127.0.0.1:5432/test}) and dropped on close. Without a reachable
 * PostgreSQL the test is skipped with a message, except under {@code CI=true}, where it fails.
 */
public final class TestDatabase implements AutoCloseable {
    public enum Kind {
        SQLITE,
        POSTGRESQL
    }

    private static final String DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/test";

    private final Kind kind;
    private final String name;
    private final String url;
    private final Runnable cleanup;

    private TestDatabase(Kind kind, String name, String url, Runnable cleanup) {
        this.kind = kind;
        this.name = name;
        this.url = url;
        this.cleanup = cleanup;
    }

    public static TestDatabase create(Kind kind) {
        return kind == Kind.SQLITE ? sqlite() : postgres();
    }

    public static TestDatabase sqlite() {
        try {
            Path directory = Files.createTempDirectory("switchback-db");
            String file = directory.resolve("switchback.db").toString();
            return new TestDatabase(Kind.SQLITE, file, file, () -> delete(directory));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TestDatabase postgres() {
        return postgres("");
    }

    /**
     * A fresh PostgreSQL database copied from {@code template} (a PostgreSQL one that nothing is connected
     * to), such as one already migrated: half a second faster than migrating an empty one.
     */
    public static TestDatabase postgresCopyOf(TestDatabase template) {
        if (template.kind != Kind.POSTGRESQL) {
            throw new IllegalArgumentException("a template must be a PostgreSQL database (got " + template.kind + ")");
        }
        return postgres(" TEMPLATE " + template.name);
    }

    private static TestDatabase postgres(String template) {
        DatabaseUrl admin = DatabaseUrl.parse(adminUrl());
        String name = "sbtest_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection connection = connect(admin);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name + template);
        } catch (SQLException e) {
            if (!template.isEmpty()) { // the template was made, so PostgreSQL is there: this is a failure
                throw new IllegalStateException(
                        "cannot create test database " + name + template + ": " + e.getMessage(), e);
            }
            unavailable(e);
        }
        String url = admin.jdbcUrl().replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1");
        String withUser = admin.user()
                .map(user -> url + (url.contains("?") ? "&" : "?") + "user=" + user)
                .orElse(url);
        return new TestDatabase(Kind.POSTGRESQL, name, withUser, () -> drop(admin, name));
    }

    /** The URL to pass as {@code database.url}. */
    public String url() {
        return url;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public void close() {
        cleanup.run();
    }

    private static String adminUrl() {
        String configured = System.getenv("SWITCHBACK_TEST_POSTGRES_URL");
        return configured == null || configured.isBlank() ? DEFAULT_ADMIN_URL : configured;
    }

    private static Connection connect(DatabaseUrl url) throws SQLException {
        return DriverManager.getConnection(
                url.jdbcUrl(), url.user().orElse(null), url.password().orElse(null));
    }

    private static void unavailable(SQLException e) {
        String message = "PostgreSQL is not reachable at " + DatabaseUrl.redacted(adminUrl()) + " (" + e.getMessage()
                + "); set SWITCHBACK_TEST_POSTGRES_URL or start PostgreSQL";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message, e);
        }
        Assumptions.abort(message);
    }

    private static void drop(DatabaseUrl admin, String name) {
        try (Connection connection = connect(admin);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + name + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path directory) {
        try (var files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }
}
