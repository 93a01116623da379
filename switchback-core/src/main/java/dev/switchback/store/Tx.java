package dev.switchback.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transaction, and the only way to run SQL: {@link Database#read} hands one to read work,
 * {@link Database#write} to write work, and the stores' methods take it as their first parameter, so the
 * service that calls them decides where the transaction begins and ends.
 *
 * <p>A write transaction keeps track of what its statements changed (see {@link Changes}), so the caches
 * evict exactly that when it commits, whatever the work remembers to say.
 */
public final class Tx {
    private static final Logger LOG = LoggerFactory.getLogger(Tx.class);
    private static final String BEGIN_SQLITE = "BEGIN DEFERRED";
    private static final String BEGIN_POSTGRESQL = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";

    private final Connection connection;
    private final ReusedStatements.Prepared statements;
    private final Dialect dialect;
    private final boolean writable;
    private final StatementListener listener;
    private final Set<Long> changedGrants = new HashSet<>(4);
    private int undeclaredGrantWrites;
    private boolean changedEverything;
    private boolean connectionBroken;
    /** Read work: whether its transaction begins at its first statement, or (PostgreSQL's first try) never. */
    private final boolean snapshotFromFirst;
    /** Whether read work's transaction has begun: at its first statement, so work that runs none costs none. */
    private boolean snapshotBegun;
    /** Whether read work has run a statement outside a transaction. */
    private boolean ranAlone;
    /** What to run once this transaction has committed; null until something asks. */
    private List<Runnable> afterCommit;

    Tx(
            Connection connection,
            ReusedStatements.Prepared statements,
            Dialect dialect,
            boolean writable,
            boolean snapshotFromFirst,
            StatementListener listener) {
        this.connection = connection;
        this.statements = statements;
        this.dialect = dialect;
        this.writable = writable;
        this.snapshotFromFirst = snapshotFromFirst;
        this.listener = listener;
    }

    /** A statement with {@code :name} parameters, to bind and run once. */
    public Sql sql(String text) {
        NamedSql named = NamedSql.of(text);
        if (named.writes() && !writable) {
            throw new IllegalStateException("a write in read work (use Database.write): " + named.jdbc());
        }
        return new Sql(this, named);
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * Declares the grant that the last write to {@code grants} or {@code access_tokens} changed, for a write
     * that found its grant itself ({@code ... RETURNING id}) rather than being given it as {@code :grant}.
     */
    public void changedGrant(Id grant) {
        changedGrants.add(grant.value());
        if (undeclaredGrantWrites > 0) {
            undeclaredGrantWrites--;
        }
    }

    /**
     * Runs {@code action} once this transaction has committed, and never if it rolls back (a wake-up for whoever
     * waits for what it wrote, say). The same action asked for twice runs once. It runs on the thread that
     * committed, so it must be quick and must not touch the database; what it throws is logged and dropped.
     */
    public void afterCommit(Runnable action) {
        if (afterCommit == null) {
            afterCommit = new ArrayList<>(2);
        }
        if (!afterCommit.contains(action)) {
            afterCommit.add(action);
        }
    }

    /** Runs what {@link #afterCommit} was asked: for the one that commits, once it has. */
    void committed() {
        if (afterCommit == null) {
            return;
        }
        for (Runnable action : afterCommit) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.warn("an action after a commit failed: {}", e.toString());
            }
        }
    }

    /** Runs {@code call} on the connection's kept statement for {@code sql}, with its parameters set. */
    <T> T run(Sql sql, StatementCall<T> call) {
        String text = sql.named().jdbc();
        try {
            if (!writable && !snapshotBegun) {
                if (snapshotFromFirst) {
                    beginSnapshot();
                } else if (ranAlone) {
                    throw NeedsSnapshot.INSTANCE;
                } else {
                    ranAlone = true;
                }
            }
            PreparedStatement statement = statements.take(text);
            try {
                sql.bindTo(statement);
                T result = call.run(statement);
                listener.executed(text);
                return result;
            } finally {
                statements.give(statement);
            }
        } catch (SQLException e) {
            if (StorageFaults.isUnavailable(e)) {
                connectionBroken = true;
            }
            throw new Database.StatementFailedException(e);
        }
    }

    /**
     * Opens read work's transaction, so that all its statements see one snapshot: on SQLite a deferred
     * transaction (its snapshot is taken by the first read, and it takes no lock, where the pool's own
     * transactions begin IMMEDIATE for writes); on PostgreSQL a read-only one at REPEATABLE READ, since at READ
     * COMMITTED each statement would see what committed since the last. Without it an event read with its
     * attempts could come back as the event before an attempt and the attempts after it.
     *
     * <p>On PostgreSQL, BEGIN and its end are a round trip each, where a read of one statement is one in all:
     * read work first runs without a transaction, and its second statement, if it comes, stops it with
     * {@link NeedsSnapshot}, to run again from the start in one (see {@code Database.read}).
     */
    private void beginSnapshot() throws SQLException {
        execute(dialect == Dialect.POSTGRESQL ? BEGIN_POSTGRESQL : BEGIN_SQLITE);
        snapshotBegun = true;
    }

    /**
     * Ends read work's transaction, if a statement began one. It wrote nothing, so ROLLBACK ends it as well as
     * COMMIT would, and, unlike COMMIT, without an error when a failed statement aborted it on PostgreSQL. A
     * connection on which it cannot be ended (or that broke) must not go back to the pool, where it would keep its
     * old snapshot: answers false then.
     */
    boolean endSnapshot() {
        if (!snapshotBegun) {
            return true;
        }
        snapshotBegun = false;
        if (connectionBroken) {
            return false;
        }
        try {
            execute("ROLLBACK");
            return true;
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    private void execute(String text) throws SQLException {
        PreparedStatement statement = statements.take(text);
        try {
            statement.execute();
        } finally {
            statements.give(statement);
        }
    }

    /**
     * Read work run without a transaction came to its second statement: it runs again in one. Thrown before that
     * statement runs; no stack trace, since it is no error.
     */
    static final class NeedsSnapshot extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final NeedsSnapshot INSTANCE = new NeedsSnapshot();

        private NeedsSnapshot() {
            super("read work runs a second statement: again, in one transaction", null, false, false);
        }
    }

    /** Notes a write that changed {@code rows} rows, for {@link #changes()}. */
    void wrote(Sql sql, int rows) {
        if (rows <= 0) {
            return;
        }
        Optional<String> table = sql.named().target();
        if (table.isEmpty() || Changes.WHOLE_TABLES.contains(table.get())) {
            changedEverything = true;
        } else if (Changes.GRANT_TABLES.contains(table.get())) {
            Optional<Object> grant = sql.valueOf("grant");
            if (grant.isPresent() && grant.get() instanceof Long id) {
                changedGrants.add(id);
            } else {
                undeclaredGrantWrites++;
            }
        }
    }

    /** What this transaction changed of what the caches hold: every write accounted for, or everything. */
    Changes changes() {
        if (changedEverything || undeclaredGrantWrites > 0) {
            return Changes.EVERYTHING;
        }
        return Changes.ofGrants(changedGrants);
    }

    Connection connection() {
        return connection;
    }

    /** Whether a statement failed in a way that says the connection is gone (PostgreSQL down, say). */
    boolean connectionBroken() {
        return connectionBroken;
    }

    /** A JDBC call on a prepared statement. */
    @FunctionalInterface
    interface StatementCall<T> {
        T run(PreparedStatement statement) throws SQLException;
    }
}
