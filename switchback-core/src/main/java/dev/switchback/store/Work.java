package dev.switchback.store;

/** What runs in one transaction: see {@link Database#read} and {@link Database#write}. */
@FunctionalInterface
public interface Work<T> {
    T run(Tx tx);
}
