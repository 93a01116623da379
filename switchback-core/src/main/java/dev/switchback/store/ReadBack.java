package dev.switchback.store;

/**
 * How a write tells, after the fact, whether it took effect: see {@link Database#write(Work, ReadBack)}. Given
 * the result the work returned before its commit's answer was lost, it reads (in a new transaction) whether
 * what that result reports is in the database now.
 */
@FunctionalInterface
public interface ReadBack<T> {
    /** Whether the transaction that returned {@code result} committed. */
    boolean committed(Tx tx, T result);
}
