package dev.switchback.store;

/**
 * Where write transactions run (behind {@link Database#write}). On PostgreSQL each runs on its own
 * connection (the server already flushes concurrent commits together); on SQLite, where one writer at a
 * time flushes its own commit, concurrent transactions are grouped into one commit (see {@link GroupCommit}).
 */
interface Writes extends AutoCloseable {
    /**
     * Runs {@code work} in a transaction that is durably committed when this returns; rolled back if it
     * throws. {@code work} may run more than once (group commit runs a group again when one of its jobs
     * throws), so it must do database work only: no side effects outside the transaction.
     */
    <T> T write(Work<T> work);

    @Override
    default void close() {}
}
