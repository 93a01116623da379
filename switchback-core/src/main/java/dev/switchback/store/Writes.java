package dev.switchback.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;

/**
 * Where the token endpoint's write transactions run. On PostgreSQL each runs on its own connection (the
 * server already flushes concurrent commits together); on SQLite, where one writer at a time flushes its
 * own commit, concurrent transactions are grouped into one commit (see {@link GroupCommit}).
 */
public interface Writes extends AutoCloseable {
    /**
     * Runs {@code work} in a transaction that is durably committed when this returns; rolled back if it
     * throws. {@code work} may run more than once (group commit runs a group again when one of its jobs
     * throws), so it must do database work only: no side effects outside the transaction.
     */
    <T> T inTransaction(HandleCallback<T, RuntimeException> work);

    /**
     * The same for work that declares, in {@code stale}, which cached reads its commit may change (see
     * {@link ReadCache}); work through the other method empties the caches when it commits.
     */
    <T> T inTransaction(Work<T> work);

    /** Database work that says what it made {@link Stale}. */
    @FunctionalInterface
    interface Work<T> {
        T run(Handle handle, Stale stale);
    }

    @Override
    default void close() {}
}
