package dev.switchback.ratelimit;

import dev.switchback.app.AppId;
import java.util.List;

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

    /** Forgets the usage this process counts (the emulator's reset); shared stores are emptied with their data. */
    default void forgetLocalUsage() {}
    /** The usage of {@code appId} in {@code windows}, counting nothing (the developer page shows it). */
    Usage current(AppId appId, Windows windows);

    /**
     * The requests of {@code appId} in each quarter hour of the day of {@code windows}, counting nothing: the
     * 15-minute counters, which every store keeps until their day is over (the developer page's chart).
     */
    List<QuarterHourUsage> quarterHours(AppId appId, Windows windows);

    /**
     * Throws when the counters cannot be reached now (a readiness check): Redis's do a round trip; those in
     * memory or in the database (checked on its own) have nothing to check.
     */
    default void check() {}

    @Override
    default void close() {}
}
