package dev.switchback.ratelimit;

import dev.switchback.app.AppId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counters in this process: exact and fast, for one node (the embedded SQLite default). */
public final class MemoryCounters implements UsageCounters {
    private final ConcurrentMap<Key, AtomicLong> counters = new ConcurrentHashMap<>();
    private volatile long newestDay;

    private record Key(AppId appId, Bucket bucket, long windowStart) {}

    @Override
    public Usage increment(AppId appId, Windows windows, boolean read) {
        forgetOldDays(windows.dayStart());
        long overall15 = add(appId, Bucket.OVERALL_15MIN, windows.quarterHourStart(), 1);
        long overallDay = add(appId, Bucket.OVERALL_DAILY, windows.dayStart(), 1);
        int readDelta = read ? 1 : 0;
        long read15 = add(appId, Bucket.READ_15MIN, windows.quarterHourStart(), readDelta);
        long readDay = add(appId, Bucket.READ_DAILY, windows.dayStart(), readDelta);
        return new Usage(overall15, overallDay, read15, readDay);
    }

    @Override
    public Usage current(AppId appId, Windows windows) {
        return new Usage(
                get(appId, Bucket.OVERALL_15MIN, windows.quarterHourStart()),
                get(appId, Bucket.OVERALL_DAILY, windows.dayStart()),
                get(appId, Bucket.READ_15MIN, windows.quarterHourStart()),
                get(appId, Bucket.READ_DAILY, windows.dayStart()));
    }

    @Override
    public List<QuarterHourUsage> quarterHours(AppId appId, Windows windows) {
        Map<Long, Long> overall = new HashMap<>();
        Map<Long, Long> read = new HashMap<>();
        for (long start : windows.quarterHoursOfDay()) {
            overall.put(start, get(appId, Bucket.OVERALL_15MIN, start));
            read.put(start, get(appId, Bucket.READ_15MIN, start));
        }
        return QuarterHourUsage.of(windows, overall, read);
    }

    private long get(AppId appId, Bucket bucket, long windowStart) {
        AtomicLong count = counters.get(new Key(appId, bucket, windowStart));
        return count == null ? 0 : count.get();
    }

    private long add(AppId appId, Bucket bucket, long windowStart, int delta) {
        return counters.computeIfAbsent(new Key(appId, bucket, windowStart), key -> new AtomicLong())
                .addAndGet(delta);
    }

    /** Drops counters of windows before the current day, once a day. */
    private void forgetOldDays(long dayStart) {
        if (dayStart > newestDay) {
            newestDay = dayStart;
            counters.keySet().removeIf(key -> key.windowStart() < dayStart);
        }
    }

    @Override
    public void forgetLocalUsage() {
        counters.clear();
    }
}
