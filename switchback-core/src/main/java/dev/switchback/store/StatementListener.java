package dev.switchback.store;

/**
 * Told the SQL (with {@code ?} for each parameter) of every statement a {@link Database} runs, once it ran:
 * for counting what a request costs the database (the statement-count tests, metrics).
 */
@FunctionalInterface
public interface StatementListener {
    StatementListener NONE = sql -> {};

    void executed(String sql);
}
