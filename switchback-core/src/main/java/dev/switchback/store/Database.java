package dev.switchback.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The connection pool and the schema. SQLite runs in WAL mode with {@code synchronous=FULL}, so a
 * commit that returned survives a power cut, and every write transaction begins IMMEDIATE, so two
 * writers queue instead of deadlocking on a lock upgrade. PostgreSQL runs the same SQL.
 */
public final class Database implements AutoCloseable {
    private static final Duration SQLITE_BUSY_TIMEOUT = Duration.ofSeconds(10);
    /** How long a request waits for a connection (or PostgreSQL for a TCP connect) before it gets a 503. */
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    /** A PostgreSQL connection that answers nothing for this long is dropped (a dead peer, a cut cable). */
    private static final Duration POSTGRES_SOCKET_TIMEOUT = Duration.ofSeconds(60);

    private final DatabaseUrl url;
    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final Writes writes;
    private final ReusedStatements statements = new ReusedStatements();
    private final Optional<Checkpointer> checkpointer;
    private final Optional<CommitWatch> commits;
    private volatile Consumer<String> executed = sql -> { };

    private Database(DatabaseUrl url, HikariDataSource pool, boolean groupCommit) {
        this.url = url;
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
        jdbi.setStatementBuilderFactory(statements);
        this.commits = url.dialect() == Dialect.SQLITE && groupCommit
                ? url.sqliteFile().flatMap(file -> WalIndex.open(sqliteDataSource(url))).map(CommitWatch::new)
                : Optional.empty();
        // Fair: the writer, back for its next group at once, cannot take the checkpointer's turn.
        Lock writerTurn = new ReentrantLock(true);
        this.writes = groupCommit && url.dialect() == Dialect.SQLITE ? new GroupCommit(jdbi, commits, writerTurn) : new DirectWrites(jdbi);
        this.checkpointer = url.dialect() == Dialect.SQLITE ? Optional.of(new Checkpointer(sqliteDataSource(url), writerTurn)) : Optional.empty();
    }

    /** Opens a pool on {@code url} and brings the schema up to date. */
    public static Database open(DatabaseUrl url, int poolSize) {
        return open(url, poolSize, true);
    }

    /**
     * Opens a pool on {@code url}. With {@code migrate}, pending migrations are applied (Flyway's lock
     * makes nodes that start together apply them once); without, a pending migration is refused, so
     * several nodes can be left to a separate {@code switchback migrate}. A schema newer than this
     * build is always refused.
     */
    public static Database open(DatabaseUrl url, int poolSize, boolean migrate) {
        return open(url, poolSize, migrate, true);
    }

    /** The same, choosing whether SQLite groups concurrent token transactions into one commit ({@link GroupCommit}). */
    public static Database open(DatabaseUrl url, int poolSize, boolean migrate, boolean groupCommit) {
        Database database = new Database(url, pool(url, poolSize), groupCommit);
        try {
            database.prepareSchema(migrate);
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
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        if (url.dialect() == Dialect.SQLITE) {
            url.sqliteFile().ifPresent(Database::createParentDirectory);
            config.setDataSource(sqliteDataSource(url));
        } else {
            config.setJdbcUrl(url.jdbcUrl());
            config.addDataSourceProperty("connectTimeout", (int) CONNECTION_TIMEOUT.toSeconds());
            config.addDataSourceProperty("socketTimeout", (int) POSTGRES_SOCKET_TIMEOUT.toSeconds());
            config.addDataSourceProperty("tcpKeepAlive", true);
            config.addDataSourceProperty("ApplicationName", "switchback");
            url.user().ifPresent(config::setUsername);
            url.password().ifPresent(config::setPassword);
        }
        return new HikariDataSource(config);
    }

    static DataSource sqliteDataSource(DatabaseUrl url) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout((int) SQLITE_BUSY_TIMEOUT.toMillis());
        config.enforceForeignKeys(true);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        // The driver otherwise asks SQLite for the last rowid after every write, a second statement the
        // token transactions never use; inserts that need their key say RETURNING id, on both databases.
        config.setGetGeneratedKeys(false);
        config.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, Integer.toString(Checkpointer.WRITER_CHECKPOINT_PAGES));
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

    private void prepareSchema(boolean migrate) {
        if (schemaIsCurrent()) {
            return;
        }
        try {
            // Flyway gets connections of its own: on PostgreSQL it holds one for its lock and uses
            // another to migrate, which a pool of one connection could never give it.
            Flyway flyway = flyway(url);
            refuseFutureSchema(flyway.info());
            if (migrate) {
                flyway.migrate();
            } else if (flyway.info().pending().length > 0) {
                throw new SchemaException("the database at " + url + " needs migrations "
                        + versions(flyway.info().pending()) + "; run 'switchback migrate' first", null);
            }
        } catch (FlywayException e) {
            throw new SchemaException("cannot migrate the database at " + url + ": " + e.getMessage(), e);
        }
    }

    /** Flyway on {@code url}'s database, with this build's migrations. */
    static Flyway flyway(DatabaseUrl url) {
        return Flyway.configure()
                .dataSource(url.jdbcUrl(), url.user().orElse(null), url.password().orElse(null))
                .locations("classpath:" + Migrations.LOCATION)
                .placeholders(Map.of("identity", url.dialect().identityColumn()))
                .load();
    }

    /** Whether every migration of this build, and no other, is applied already (see {@link Migrations}). */
    private boolean schemaIsCurrent() {
        try (Connection connection = pool.getConnection()) {
            return Migrations.allApplied(connection);
        } catch (SQLException e) {
            return false;   // Flyway, next, reports what is wrong
        }
    }

    private void refuseFutureSchema(MigrationInfoService info) {
        List<MigrationInfo> future = Arrays.stream(info.applied())
                .filter(migration -> migration.getState().name().startsWith("FUTURE"))
                .toList();
        if (!future.isEmpty()) {
            String known = Arrays.stream(info.all()).filter(m -> !m.getState().name().startsWith("FUTURE"))
                    .map(m -> m.getVersion() == null ? "" : m.getVersion().getVersion())
                    .reduce((first, second) -> second).orElse("none");
            throw new SchemaException("the database at " + url + " has schema version "
                    + future.get(future.size() - 1).getVersion() + ", newer than this Switchback knows (" + known
                    + "); run a Switchback at least as new as the one that migrated it", null);
        }
    }

    private static String versions(MigrationInfo[] migrations) {
        return Arrays.stream(migrations).map(m -> String.valueOf(m.getVersion())).toList().toString();
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /**
     * A read of at most one row on the hot path (the bearer check, the app of a token request, the
     * athlete of {@code GET /athlete}), in plain JDBC on a statement the connection keeps. JDBI spent
     * more on copying its configuration for each handle and statement, and SQLite's driver on looking
     * up columns by name, than SQLite spent on the read: {@code reader} reads columns by position.
     */
    public <T> Optional<T> readOne(String sql, Binder binder, RowReader<T> reader) {
        try (Connection connection = pool.getConnection()) {
            try {
                return readOne(connection, sql, binder, reader);
            } catch (SQLException e) {
                if (url.dialect() == Dialect.POSTGRESQL && StorageFaults.isUnavailable(e)) {
                    pool.evictConnection(connection);   // as HikariCP does for errors through its own statements
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new StatementFailedException(e);
        }
    }

    /**
     * The same inside {@code handle}'s transaction, for the statements of a grant: a query, or an
     * {@code UPDATE ... RETURNING} of at most one row.
     */
    public <T> Optional<T> readOne(Handle handle, String sql, Binder binder, RowReader<T> reader) {
        try {
            return readOne(handle.getConnection(), sql, binder, reader);
        } catch (SQLException e) {
            throw new StatementFailedException(e);
        }
    }

    /** A write inside {@code handle}'s transaction, on a kept statement; answers the rows it changed. */
    public int update(Handle handle, String sql, Binder binder) {
        try {
            ReusedStatements.Prepared prepared = statements.of(handle.getConnection());
            PreparedStatement statement = prepared.take(sql);
            try {
                binder.bind(statement);
                int changed = statement.executeUpdate();
                executed.accept(sql);
                return changed;
            } finally {
                prepared.give(statement);
            }
        } catch (SQLException e) {
            throw new StatementFailedException(e);
        }
    }

    private <T> Optional<T> readOne(Connection connection, String sql, Binder binder, RowReader<T> reader) throws SQLException {
        ReusedStatements.Prepared prepared = statements.of(connection);
        PreparedStatement statement = prepared.take(sql);
        try {
            binder.bind(statement);
            try (ResultSet row = statement.executeQuery()) {
                executed.accept(sql);
                return row.next() ? Optional.of(reader.read(row)) : Optional.empty();
            }
        } finally {
            prepared.give(statement);
        }
    }

    /** Sets the parameters of a {@link #readOne} or {@link #update} statement. */
    @FunctionalInterface
    public interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Reads the row of a {@link #readOne} statement, by column position. */
    @FunctionalInterface
    public interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** A statement the database refused; {@link StorageFaults} tells an outage from a bug. */
    public static final class StatementFailedException extends RuntimeException {
        StatementFailedException(SQLException cause) {
            super("database statement failed: " + cause.getMessage(), cause);
        }
    }

    /**
     * Tells {@code listener} the SQL of every statement executed from now on, through JDBI or
     * {@link #readOne}, with {@code ?} for each parameter: how the tests count what a grant costs and
     * ask SQLite for the plan of each lookup.
     */
    public void observeStatements(Consumer<String> listener) {
        executed = listener;
        jdbi.getConfig(SqlStatements.class).setSqlLogger(new SqlLogger() {
            @Override
            public void logAfterExecution(StatementContext context) {
                listener.accept(context.getParsedSql().getSql());
            }
        });
    }

    /** The token endpoint's write transactions: grouped into one commit on SQLite, one each on PostgreSQL. */
    public Writes writes() {
        return writes;
    }

    /**
     * A cache of at most {@code capacity} rows that is exact on a SQLite file (see {@link ReadCache}); on
     * PostgreSQL, or without group commit, it passes every read to the database.
     */
    public <K, V> ReadCache<K, V> readCache(int capacity, ToLongFunction<V> tagOf) {
        return new ReadCache<>(commits, capacity, tagOf);
    }

    public Dialect dialect() {
        return url.dialect();
    }

    public DatabaseUrl url() {
        return url;
    }

    @Override
    public void close() {
        writes.close();
        checkpointer.ifPresent(Checkpointer::close);
        pool.close();
        commits.ifPresent(CommitWatch::close);   // last: it holds the wal-index file open (see WalIndex)
    }

    /** One transaction per call, on a pooled connection. */
    private record DirectWrites(Jdbi jdbi) implements Writes {
        @Override
        public <T> T inTransaction(org.jdbi.v3.core.HandleCallback<T, RuntimeException> work) {
            return jdbi.inTransaction(work);
        }

        @Override
        public <T> T inTransaction(Work<T> work) {
            return jdbi.inTransaction(handle -> work.run(handle, new Stale()));
        }
    }

    /** The schema could not be brought to this version (newer than this build, or broken). */
    public static final class SchemaException extends RuntimeException {
        SchemaException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
