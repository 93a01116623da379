package dev.switchback.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The connection pool and the schema. SQLite runs in WAL mode with {@code synchronous=FULL}, so a
 * commit that returned survives a power cut, and every write transaction begins IMMEDIATE, so two
 * writers queue instead of deadlocking on a lock upgrade. PostgreSQL runs the same SQL.
 */
public final class Database implements AutoCloseable {
    private static final Duration SQLITE_BUSY_TIMEOUT = Duration.ofSeconds(10);

    private final DatabaseUrl url;
    private final HikariDataSource pool;
    private final Jdbi jdbi;

    private Database(DatabaseUrl url, HikariDataSource pool) {
        this.url = url;
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
    }

    /** Opens a pool on {@code url} and brings the schema up to date. */
    public static Database open(DatabaseUrl url, int poolSize) {
        Database database = new Database(url, pool(url, poolSize));
        try {
            database.migrate();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    private static HikariDataSource pool(DatabaseUrl url, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("switchback");
        config.setMaximumPoolSize(poolSize);
        config.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
        if (url.dialect() == Dialect.SQLITE) {
            url.sqliteFile().ifPresent(Database::createParentDirectory);
            config.setDataSource(sqliteDataSource(url));
        } else {
            config.setJdbcUrl(url.jdbcUrl());
            url.user().ifPresent(config::setUsername);
            url.password().ifPresent(config::setPassword);
        }
        return new HikariDataSource(config);
    }

    private static DataSource sqliteDataSource(DatabaseUrl url) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout((int) SQLITE_BUSY_TIMEOUT.toMillis());
        config.enforceForeignKeys(true);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl(url.jdbcUrl());
        return dataSource;
    }

    private static void createParentDirectory(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the database directory " + parent, e);
        }
    }

    private void migrate() {
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/migration")
                    .placeholders(Map.of("identity", url.dialect().identityColumn()))
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new SchemaException("cannot migrate the database at " + url + ": " + e.getMessage(), e);
        }
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public Dialect dialect() {
        return url.dialect();
    }

    public DatabaseUrl url() {
        return url;
    }

    @Override
    public void close() {
        pool.close();
    }

    /** The schema could not be brought to this version (newer than this build, or broken). */
    public static final class SchemaException extends RuntimeException {
        SchemaException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
