package dev.switchback.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.switchback.telemetry.Metrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToLongFunction;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The connection pool, the schema, and the one way to run SQL: {@link #read} and {@link #write} each run
 * their work in one transaction ({@link Tx}), and the stores' methods take that transaction, so the service
 * that calls them marks where it begins and ends:
 *
 * <pre>{@code
 * database.write(tx -> grants.rotateRefresh(tx, presented, next, app.id(), now))
 * }</pre>
 *
 * SQLite runs in WAL mode with {@code synchronous=FULL}, so a commit that returned survives a power cut,
 * and every write goes through one writer that groups concurrent transactions into one commit
 * ({@link GroupCommit}). PostgreSQL runs the same SQL, each write transaction on its own connection.
 */
public final class Database implements AutoCloseable {
    private static final Duration SQLITE_BUSY_TIMEOUT = Duration.ofSeconds(10);
    /** How long a request waits for a connection (or PostgreSQL for a TCP connect) before it gets a 503. */
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    /** A PostgreSQL connection that answers nothing for this long is dropped (a dead peer, a cut cable). */
    private static final Duration POSTGRES_SOCKET_TIMEOUT = Duration.ofSeconds(60);
    /**
     * How long a write whose commit's answer was lost waits for the database to answer again and tell whether
     * it committed: the wait a request already accepts for a connection.
     */
    private static final Duration OUTCOME_WAIT = CONNECTION_TIMEOUT;
    /** Between two attempts to read a lost commit's outcome back. */
    private static final Duration OUTCOME_POLL = Duration.ofMillis(100);

    private final DatabaseUrl url;
    private final HikariDataSource pool;
    private final Connections connections;
    private final Writes writes;
    private final Optional<Checkpointer> checkpointer;
    private final Optional<CommitWatch> commits;

    private Database(DatabaseUrl url, HikariDataSource pool, Options options) {
        this.url = url;
        this.pool = pool;
        this.connections = new Connections(pool, url.dialect(), options.listener());
        this.commits = url.dialect() == Dialect.SQLITE && options.groupCommit()
                ? url.sqliteFile()
                        .flatMap(file -> WalIndex.open(sqliteDataSource(url)))
                        .map(CommitWatch::new)
                : Optional.empty();
        // Fair: the writer, back for its next group at once, cannot take the checkpointer's turn.
        Lock writerTurn = new ReentrantLock(true);
        this.writes = options.groupCommit() && url.dialect() == Dialect.SQLITE
                ? new GroupCommit(connections, commits, writerTurn, options.meters())
                : new DirectWrites(connections);
        this.checkpointer = url.dialect() == Dialect.SQLITE
                ? Optional.of(new Checkpointer(sqliteDataSource(url), writerTurn))
                : Optional.empty();
    }

    /**
     * How a database is opened. With {@code migrate}, pending migrations are applied (Flyway's lock makes
     * nodes that start together apply them once); without, a pending migration is refused, so several nodes
     * can be left to a separate {@code switchback migrate}. A schema newer than this build is always refused.
     * {@code groupCommit} chooses whether SQLite groups concurrent write transactions into one commit
     * ({@link GroupCommit}); {@code listener} hears of every statement run.
     */
    public record Options(
            int poolSize, boolean migrate, boolean groupCommit, StatementListener listener, MeterRegistry meters) {
        /** A pool of {@code poolSize}, migrating, with group commit, measured by no one. */
        public static Options of(int poolSize) {
            return new Options(poolSize, true, true, StatementListener.NONE, Metrics.none());
        }

        public Options withMigrate(boolean migrate) {
            return new Options(poolSize, migrate, groupCommit, listener, meters);
        }

        public Options withGroupCommit(boolean groupCommit) {
            return new Options(poolSize, migrate, groupCommit, listener, meters);
        }

        public Options withListener(StatementListener listener) {
            return new Options(poolSize, migrate, groupCommit, listener, meters);
        }

        /** The pool (HikariCP's own binding) and the group commit report to {@code meters}. */
        public Options withMeters(MeterRegistry meters) {
            return new Options(poolSize, migrate, groupCommit, listener, meters);
        }
    }

    /** Opens a pool of {@code poolSize} on {@code url} and brings the schema up to date. */
    public static Database open(DatabaseUrl url, int poolSize) {
        return open(url, Options.of(poolSize));
    }

    /** Opens a pool on {@code url} as {@code options} say. */
    public static Database open(DatabaseUrl url, Options options) {
        Database database = new Database(url, pool(url, options.poolSize(), options.meters()), options);
        try {
            database.prepareSchema(options.migrate());
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    private static HikariDataSource pool(DatabaseUrl url, int poolSize, MeterRegistry meters) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("switchback");
        config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
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
        config.setPragma(
                SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, Integer.toString(Checkpointer.WRITER_CHECKPOINT_PAGES));
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
                throw new SchemaException(
                        "the database at " + url + " needs migrations "
                                + versions(flyway.info().pending()) + "; run 'switchback migrate' first",
                        null);
            }
        } catch (FlywayException e) {
            throw new SchemaException("cannot migrate the database at " + url + ": " + e.getMessage(), e);
        }
    }

    /** Flyway on {@code url}'s database, with this build's migrations. */
    static Flyway flyway(DatabaseUrl url) {
        return Flyway.configure()
                .dataSource(
                        url.jdbcUrl(), url.user().orElse(null), url.password().orElse(null))
                .locations("classpath:" + Migrations.LOCATION)
                .placeholders(Map.of("identity", url.dialect().identityColumn()))
                .load();
    }

    /**
     * What a readiness check asks: whether the database answers a query now ({@link Readiness#UNREACHABLE} if
     * not), and whether its schema is exactly this build's ({@link Readiness#SCHEMA_NOT_CURRENT} when another
     * node migrated it further, or a migration is missing or failed).
     */
    public Readiness readiness() {
        try {
            connections.read(tx -> tx.sql("SELECT 1").number());
        } catch (RuntimeException e) {
            return Readiness.UNREACHABLE;
        }
        return schemaIsCurrent() ? Readiness.READY : Readiness.SCHEMA_NOT_CURRENT;
    }

    /** The answer of {@link #readiness()}. */
    public enum Readiness {
        READY,
        UNREACHABLE,
        SCHEMA_NOT_CURRENT
    }

    /** Whether every migration of this build, and no other, is applied already (see {@link Migrations}). */
    private boolean schemaIsCurrent() {
        try (Connection connection = pool.getConnection()) {
            return Migrations.allApplied(connection);
        } catch (SQLException e) {
            return false; // Flyway, next, reports what is wrong
        }
    }

    private void refuseFutureSchema(MigrationInfoService info) {
        List<MigrationInfo> future = Arrays.stream(info.applied())
                .filter(migration -> migration.getState().name().startsWith("FUTURE"))
                .toList();
        if (!future.isEmpty()) {
            String known = Arrays.stream(info.all())
                    .filter(m -> !m.getState().name().startsWith("FUTURE"))
                    .map(m -> m.getVersion() == null ? "" : m.getVersion().getVersion())
                    .reduce((first, second) -> second)
                    .orElse("none");
            throw new SchemaException(
                    "the database at " + url + " has schema version "
                            + future.get(future.size() - 1).getVersion() + ", newer than this Switchback knows ("
                            + known
                            + "); run a Switchback at least as new as the one that migrated it",
                    null);
        }
    }

    private static String versions(MigrationInfo[] migrations) {
        return Arrays.stream(migrations)
                .map(m -> String.valueOf(m.getVersion()))
                .toList()
                .toString();
    }

    /**
     * Runs read work in one transaction: its statements all see one snapshot of what is committed (a write
     * that commits between two of them is seen by neither), and any write in it is refused (writes go through
     * {@link #write}, which keeps the caches exact). On PostgreSQL the work may run twice (the first time
     * stopped before its second statement), so it does database work only.
     */
    public <T> T read(Work<T> work) {
        return connections.read(work);
    }

    /**
     * Runs write work in one transaction, durably committed when this returns and rolled back if the work
     * throws. On SQLite it is grouped with the transactions waiting at the same moment into one commit, so
     * {@code work} may run more than once (when another in its group fails): it must do database work only.
     * The read caches then evict what its statements changed (see {@link Tx}).
     */
    public <T> T write(Work<T> work) {
        return writes.write(work);
    }

    /**
     * Runs write work as {@link #write(Work)} does, and never fails a transaction that committed. On PostgreSQL
     * the connection can break while COMMIT is under way (the server shutting down, a cut cable): the server
     * may have committed, and only its answer was lost. Then, as soon as the database answers again (within
     * the 5 s a request waits for a connection), {@code readBack} reads whether the work's result took effect:
     * if it did, this returns the result, as if the answer had come; if it provably did not, this throws the
     * usual {@link StatementFailedException} (a 503 that means nothing happened). If the database does not
     * answer in time, it throws {@link OutcomeUnknownException} (a 503 too): the caller's retry must then be
     * idempotent. SQLite's commit is a call in this process that answers yes or no, so it never gets here.
     */
    public <T> T write(Work<T> work, ReadBack<T> readBack) {
        try {
            return writes.write(work);
        } catch (OutcomeUnknownException unknown) {
            @SuppressWarnings("unchecked") // the result of this very work, carried through the exception
            T result = (T) unknown.result;
            return readBack(result, readBack, unknown);
        }
    }

    private <T> T readBack(T result, ReadBack<T> readBack, OutcomeUnknownException unknown) {
        long deadline = System.nanoTime() + OUTCOME_WAIT.toNanos();
        while (true) {
            boolean committed;
            try {
                committed = connections.read(tx -> readBack.committed(tx, result));
            } catch (StatementFailedException stillAway) {
                if (!StorageFaults.isUnavailable(stillAway) || System.nanoTime() - deadline > 0) {
                    throw unknown;
                }
                pause();
                continue;
            }
            if (committed) {
                return result;
            }
            throw new StatementFailedException((SQLException) unknown.getCause());
        }
    }

    private static void pause() {
        try {
            Thread.sleep(OUTCOME_POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading a commit's outcome back", e);
        }
    }

    /** Where writes run: the group-commit writer on SQLite (for the store's own tests). */
    Writes writes() {
        return writes;
    }

    /** A statement the database refused; {@link StorageFaults} tells an outage from a bug. */
    public static class StatementFailedException extends RuntimeException {
        StatementFailedException(SQLException cause) {
            this("database statement failed: " + cause.getMessage(), cause);
        }

        StatementFailedException(String message, SQLException cause) {
            super(message, cause);
        }
    }

    /**
     * A COMMIT whose answer was lost (the connection broke while it was under way), and whose outcome was not
     * read back (a plain {@link #write(Work)}) or could not be in time: the transaction may have committed or
     * not. A 503 like any outage; the caller's retry must be idempotent (see {@link #write(Work, ReadBack)}).
     */
    public static final class OutcomeUnknownException extends StatementFailedException {
        private final transient Object result;

        OutcomeUnknownException(SQLException cause, Object result) {
            super(
                    "the answer to COMMIT was lost; the transaction may or may not have committed: "
                            + cause.getMessage(),
                    cause);
            this.result = result;
        }
    }

    /**
     * A cache of at most {@code capacity} rows that is exact on a SQLite file (see {@link ReadCache}); on
     * PostgreSQL, or without group commit, it passes every read to the database. {@code tagOf} names the
     * grant a row belongs to, or {@link ReadCache#NO_TAG}. {@code tables} are the tables its rows are read
     * from: each must be one whose writes {@link Changes} accounts for, so no write can leave the cache behind.
     */
    public <K, V> ReadCache<K, V> readCache(int capacity, ToLongFunction<V> tagOf, String... tables) {
        for (String table : tables) {
            if (!Changes.GRANT_TABLES.contains(table) && !Changes.WHOLE_TABLES.contains(table)) {
                throw new IllegalArgumentException("a cache of " + table + " rows: writes to " + table
                        + " would not evict it; add the table to Changes first");
            }
        }
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
        commits.ifPresent(CommitWatch::close); // last: it holds the wal-index file open (see WalIndex)
    }

    /** One transaction per call, on a pooled connection. */
    private record DirectWrites(Connections connections) implements Writes {
        @Override
        public <T> T write(Work<T> work) {
            return connections.write(work);
        }
    }

    /**
     * The pool's connections, each with the statements it keeps ({@link ReusedStatements}), and the
     * transactions run on them.
     */
    static final class Connections {
        private final HikariDataSource pool;
        private final Dialect dialect;
        private final StatementListener listener;
        private final ReusedStatements statements = new ReusedStatements();

        Connections(HikariDataSource pool, Dialect dialect, StatementListener listener) {
            this.pool = pool;
            this.dialect = dialect;
            this.listener = listener;
        }

        /** A connection of the pool, with the statements it keeps. */
        Lease borrow() {
            try {
                Connection connection = pool.getConnection();
                return new Lease(connection, statements.of(connection));
            } catch (SQLException e) {
                throw new StatementFailedException(e);
            }
        }

        /**
         * Back to the pool, with the statements a failed caller left open closed; a connection that broke
         * is evicted, as HikariCP does for errors through its own statements (the kept ones are not its own).
         */
        void giveBack(Lease lease, boolean broken) {
            lease.statements().abandonInUse();
            if (broken && dialect == Dialect.POSTGRESQL) {
                pool.evictConnection(lease.connection());
            }
            try {
                lease.connection().close();
            } catch (SQLException ignored) {
                // Closing returns it to the pool; a pool that is closing closes it.
            }
        }

        Tx writeTx(Lease lease) {
            return new Tx(lease.connection(), lease.statements(), dialect, true, false, listener);
        }

        /**
         * Runs read work in one snapshot (see {@link Tx}). On PostgreSQL it first runs without a transaction,
         * and again in one if it turns out to run more than one statement; on SQLite, where BEGIN and ROLLBACK
         * cost a few microseconds in this process, in one from its first statement.
         */
        <T> T read(Work<T> work) {
            Lease lease = borrow();
            boolean broken = false;
            boolean ended = true;
            try {
                if (dialect == Dialect.POSTGRESQL) {
                    // The listener hears of the first statement once the work is done with it: when the work
                    // runs again, it hears of it from that run alone.
                    FirstStatement first = listener == StatementListener.NONE ? null : new FirstStatement();
                    Tx alone = new Tx(
                            lease.connection(),
                            lease.statements(),
                            dialect,
                            false,
                            false,
                            first == null ? listener : first);
                    boolean again = false;
                    try {
                        return work.run(alone);
                    } catch (Tx.NeedsSnapshot secondStatement) {
                        // Again on the same connection, where no transaction is open: read work does database
                        // work only, so running it again is safe.
                        again = true;
                    } finally {
                        broken = alone.connectionBroken();
                        if (first != null && first.sql != null && !again) {
                            listener.executed(first.sql);
                        }
                    }
                }
                Tx tx = new Tx(lease.connection(), lease.statements(), dialect, false, true, listener);
                try {
                    return work.run(tx);
                } finally {
                    broken |= tx.connectionBroken();
                    ended = tx.endSnapshot();
                }
            } finally {
                if (!ended && dialect != Dialect.POSTGRESQL) {
                    pool.evictConnection(lease.connection()); // giveBack evicts only PostgreSQL's
                }
                giveBack(lease, broken || !ended);
            }
        }

        /** Keeps the one statement read work runs before it may have to run again. */
        private static final class FirstStatement implements StatementListener {
            String sql;

            @Override
            public void executed(String text) {
                sql = text;
            }
        }

        <T> T write(Work<T> work) {
            Lease lease = borrow();
            Tx tx = writeTx(lease);
            boolean broken = false;
            try {
                T result = inTransaction(lease.connection(), tx, work);
                tx.committed();
                return result;
            } catch (OutcomeUnknownException e) {
                broken = true;
                throw e;
            } catch (SQLException e) {
                broken = StorageFaults.isUnavailable(e);
                throw new StatementFailedException(e);
            } finally {
                giveBack(lease, broken || tx.connectionBroken());
            }
        }

        /**
         * Runs the work in a transaction and commits it. A COMMIT that fails because the connection broke
         * under it may have committed: that is an {@link OutcomeUnknownException}, carrying the work's result,
         * never a rollback (there is nothing left to roll back on a broken connection).
         */
        private static <T> T inTransaction(Connection connection, Tx tx, Work<T> work) throws SQLException {
            connection.setAutoCommit(false);
            T result;
            try {
                result = work.run(tx);
            } catch (RuntimeException | Error e) {
                rollBack(connection);
                throw e;
            }
            try {
                connection.commit();
            } catch (SQLException e) {
                if (StorageFaults.isCommitOutcomeUnknown(e)) {
                    throw new OutcomeUnknownException(e, result);
                }
                rollBack(connection);
                throw e;
            }
            try {
                connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // Committed all the same; the pool resets the connection (or drops it) when it comes back.
            }
            return result;
        }

        /**
         * Rolls back and restores auto-commit, or finds the connection broken: the transaction died with it, and
         * the failure that got here is the one to report (HikariCP answers any call on a connection it found
         * broken with a "Connection is closed" that has no SQL state, which would turn an outage into a 500).
         */
        private static void rollBack(Connection connection) {
            try {
                connection.rollback();
                connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // The connection is broken; the pool gets it back as such.
            }
        }
    }

    /** A pooled connection while it is borrowed, with its kept statements. */
    record Lease(Connection connection, ReusedStatements.Prepared statements) {}

    /** The schema could not be brought to this version (newer than this build, or broken). */
    public static final class SchemaException extends RuntimeException {
        SchemaException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
