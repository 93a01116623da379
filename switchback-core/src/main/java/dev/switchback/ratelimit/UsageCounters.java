package dev.switchback.ratelimit;

import dev.switchback.app.AppId;

/**
 * Where usage is counted. Every implementation is exact under concurrency; the database and Redis
 * ones are shared by every node.
 */
public interface UsageCounters extends AutoCloseable {
    /**
     * Counts one request of {@code appId} in {@code windows}: in the overall bucket always, in the read
     * bucket when {@code read}. Returns the usage after counting.
     */
    Usage increment(AppId appId, Windows windows, boolean read);

    /**
     * Throws when the counters cannot be reached now (a readiness check): Redis's do a round trip; those in
     * memory or in the database (checked on its own) have nothing to check.
     */
    default void check() {}

    @Override
    default void close() {}
}
