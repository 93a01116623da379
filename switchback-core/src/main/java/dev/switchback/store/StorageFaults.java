package dev.switchback.store;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * What a failed statement means, the one place that reads the databases' error codes: a database (or
 * Redis) that is down or overloaded, or out of disk space, worth a 503 and a retry, rather than a bug, a 500;
 * or a row a unique index already holds.
 */
public final class StorageFaults {
    /** PostgreSQL states of a server shutting down, starting up or refusing connections. */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300", "40001", "40P01");
    /** PostgreSQL's {@code unique_violation}. */
    private static final String UNIQUE_VIOLATION_STATE = "23505";
    /** PostgreSQL's {@code disk_full}. */
    private static final String DISK_FULL_STATE = "53100";

    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_FULL = 13;

    private StorageFaults() {}

    /** Whether {@code error}, or any of its causes, says the database cannot be reached or is busy. */
    public static boolean isUnavailable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException
                    || cause instanceof java.net.ConnectException
                    || cause instanceof Database.OutcomeUnknownException) {
                return true;
            }
            if (cause instanceof SQLException sql && isUnavailable(sql)) {
                return true;
            }
            if (cause.getClass().getName().equals("redis.clients.jedis.exceptions.JedisConnectionException")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the request failed for a reason that passes by itself, so the client should get the storage 503
     * with {@code Retry-After} rather than a 500: the database unreachable or busy ({@link #isUnavailable}), or
     * its disk full ({@link #isOutOfSpace}).
     */
    public static boolean isTemporary(Throwable error) {
        return isUnavailable(error) || isOutOfSpace(error);
    }

    /**
     * Whether {@code error}, or any of its causes, is a write refused for want of disk space: SQLite's
     * {@code SQLITE_FULL} (also what a file at its {@code max_page_count} answers) or PostgreSQL's
     * {@code disk_full} ({@code 53100}). Nothing was written, and the connection is still good.
     */
    public static boolean isOutOfSpace(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && isOutOfSpace(sql)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isOutOfSpace(SQLException sql) {
        if (sql.getClass().getName().startsWith("org.sqlite")) {
            return (sql.getErrorCode() & 0xFF) == SQLITE_FULL;
        }
        return DISK_FULL_STATE.equals(sql.getSQLState());
    }

    private static boolean isUnavailable(SQLException sql) {
        String state = sql.getSQLState();
        if (state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state))) {
            return true;
        }
        boolean sqlite = sql.getClass().getName().startsWith("org.sqlite");
        int code = sql.getErrorCode() & 0xFF;
        return sqlite && (code == SQLITE_BUSY || code == SQLITE_LOCKED);
    }

    /**
     * Whether a COMMIT that failed with {@code commitFailure} may have committed all the same: the connection
     * broke, or the server shut it down, while the COMMIT was under way, so its answer was lost (PostgreSQL's
     * connection-exception states {@code 08...}, the shutdown states {@code 57P...}, or no state at all). A
     * serialization failure or a constraint checked at commit is an answer: rolled back. SQLite's commit is a
     * call into this process that answers yes or no, never this.
     */
    public static boolean isCommitOutcomeUnknown(SQLException commitFailure) {
        if (commitFailure.getClass().getName().startsWith("org.sqlite")) {
            return false;
        }
        String state = commitFailure.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("57P");
    }

    /**
     * Whether {@code error}, or any of its causes, is an insert or update refused because a unique index
     * (or primary key) already holds the value: PostgreSQL's {@code 23505}, SQLite's
     * {@code SQLITE_CONSTRAINT_UNIQUE} or {@code SQLITE_CONSTRAINT_PRIMARYKEY}.
     */
    public static boolean isUniqueViolation(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && isUniqueViolation(sql)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUniqueViolation(SQLException sql) {
        if (sql instanceof SQLiteException sqlite) {
            return sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                    || sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY;
        }
        return UNIQUE_VIOLATION_STATE.equals(sql.getSQLState());
    }
}
