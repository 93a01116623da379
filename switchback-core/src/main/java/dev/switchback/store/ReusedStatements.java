package dev.switchback.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prepares each SQL text once per pooled connection and reuses the statement on every later borrow.
 * HikariCP leaves statement caching to the driver, and SQLite's driver has none, so without this every
 * bearer check and every refresh paid SQLite's parse and plan again. pgjdbc caches server-side plans
 * itself; reusing the statement object also saves its client-side parse.
 *
 * <p>The statements are prepared on the physical connection (HikariCP closes those made through its
 * proxy when the connection goes back to the pool), at most {@link #PER_CONNECTION} per connection,
 * least recently used closed first. A statement still open when the same text is asked for again (a
 * query run inside the iteration of its own results) gets a fresh statement of its own, closed after use.
 * The drivers reset a statement before each
 * execution, so an execution that failed leaves nothing behind for the next; parameters and batches are
 * cleared when a statement is put back, and one still in use when its connection goes back is closed. No code
 * sets a statement's fetch size, row limit or timeout, which would stay with the statement.
 */
final class ReusedStatements {
    static final int PER_CONNECTION = 128;

    private final Map<Connection, Prepared> byConnection = new ConcurrentHashMap<>();

    /** The statements kept for the physical connection behind {@code pooled}. */
    Prepared of(Connection pooled) {
        Connection physical = physical(pooled);
        Prepared prepared = byConnection.get(physical);
        if (prepared == null) {
            forgetClosedConnections();
            prepared = byConnection.computeIfAbsent(physical, Prepared::new);
        }
        return prepared;
    }

    /** Connections the pool retired: their statements closed with them. */
    private void forgetClosedConnections() {
        byConnection.keySet().removeIf(ReusedStatements::isClosed);
    }

    private static Connection physical(Connection pooled) {
        try {
            return pooled.isWrapperFor(Connection.class) ? pooled.unwrap(Connection.class) : pooled;
        } catch (SQLException e) {
            return pooled;
        }
    }

    private static boolean isClosed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /**
     * The statements of one physical connection. Only the thread that holds the connection touches
     * them; the pool's hand-over between threads orders the accesses.
     */
    static final class Prepared {
        private final Connection connection;
        private final Set<Statement> inUse = Collections.newSetFromMap(new IdentityHashMap<>());
        private final LinkedHashMap<String, PreparedStatement> bySql = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                if (size() <= PER_CONNECTION || inUse.contains(eldest.getValue())) {
                    return false;
                }
                closeQuietly(eldest.getValue());
                return true;
            }
        };

        Prepared(Connection connection) {
            this.connection = connection;
        }

        PreparedStatement take(String sql) throws SQLException {
            PreparedStatement kept = bySql.get(sql);
            if (kept != null && inUse.contains(kept)) {
                return connection.prepareStatement(sql);
            }
            if (kept == null || kept.isClosed()) {
                kept = connection.prepareStatement(sql);
                bySql.put(sql, kept);
            }
            inUse.add(kept);
            return kept;
        }

        /**
         * Puts a statement back, cleared for the next use; one that was never kept, or that cannot be
         * cleared, is closed. Never throws: it runs in {@code finally} blocks, after the real error.
         */
        void give(Statement statement) {
            if (!inUse.remove(statement)) {
                closeQuietly(statement);
                return;
            }
            try {
                PreparedStatement prepared = (PreparedStatement) statement;
                prepared.clearParameters();
                prepared.clearBatch();
            } catch (SQLException e) {
                bySql.values().remove(statement);
                closeQuietly(statement);
            }
        }

        /**
         * Closes and forgets every statement still in use: results a caller never closed. Run when the
         * connection goes back to the pool, as HikariCP does for the statements made through its proxy, so
         * an idle connection never holds a SQLite read snapshot open.
         */
        void abandonInUse() {
            for (Statement statement : inUse) {
                bySql.values().remove(statement);
                closeQuietly(statement);
            }
            inUse.clear();
        }

        private static void closeQuietly(Statement statement) {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // The connection is gone or going; its statements go with it.
            }
        }
    }
}
