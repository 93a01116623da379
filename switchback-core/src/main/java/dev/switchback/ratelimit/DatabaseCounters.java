package dev.switchback.ratelimit;

import dev.switchback.app.AppId;
import dev.switchback.store.Database;
import dev.switchback.store.Dialect;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counters in the shared database: one upsert of the request's rows, returning the new counts. On
 * PostgreSQL the transaction skips the wait for the commit's flush ({@code synchronous_commit=off}):
 * a crash may forget the last few counts, never a token.
 */
public final class DatabaseCounters implements UsageCounters {
    private static final String INCREMENT = """
            INSERT INTO rate_counters (app_id, bucket, window_start, hits) VALUES
                (:app, 'overall15', :quarter, 1), (:app, 'overallDay', :day, 1),
                (:app, 'read15', :quarter, :read), (:app, 'readDay', :day, :read)
            ON CONFLICT (app_id, bucket, window_start) DO UPDATE SET hits = rate_counters.hits + excluded.hits
            RETURNING bucket, hits""";

    private final Database database;

    public DatabaseCounters(Database database) {
        this.database = database;
    }

    @Override
    public Usage increment(AppId appId, Windows windows, boolean read) {
        Map<Bucket, Long> hits = database.write(tx -> {
            if (tx.dialect() == Dialect.POSTGRESQL) {
                tx.sql("SET LOCAL synchronous_commit TO OFF").update();
            }
            Map<Bucket, Long> counts = new EnumMap<>(Bucket.class);
            tx.sql(INCREMENT)
                    .bind("app", appId)
                    .bind("quarter", windows.quarterHourStart())
                    .bind("day", windows.dayStart())
                    .bind("read", read ? 1 : 0)
                    .list(row -> Map.entry(Bucket.fromKey(row.getString(1)), row.getLong(2)))
                    .forEach(entry -> counts.put(entry.getKey(), entry.getValue()));
            return counts;
        });
        return new Usage(
                hits.get(Bucket.OVERALL_15MIN),
                hits.get(Bucket.OVERALL_DAILY),
                hits.get(Bucket.READ_15MIN),
                hits.get(Bucket.READ_DAILY));
    }

    @Override
    public Usage current(AppId appId, Windows windows) {
        Map<Bucket, Long> hits = new EnumMap<>(Bucket.class);
        database.read(tx -> tx.sql("""
                        SELECT bucket, hits FROM rate_counters
                        WHERE app_id = :app AND ((bucket IN ('overall15', 'read15') AND window_start = :quarter)
                            OR (bucket IN ('overallDay', 'readDay') AND window_start = :day))""")
                        .bind("app", appId)
                        .bind("quarter", windows.quarterHourStart())
                        .bind("day", windows.dayStart())
                        .list(row -> Map.entry(Bucket.fromKey(row.getString(1)), row.getLong(2))))
                .forEach(entry -> hits.put(entry.getKey(), entry.getValue()));
        return new Usage(
                hits.getOrDefault(Bucket.OVERALL_15MIN, 0L),
                hits.getOrDefault(Bucket.OVERALL_DAILY, 0L),
                hits.getOrDefault(Bucket.READ_15MIN, 0L),
                hits.getOrDefault(Bucket.READ_DAILY, 0L));
    }

    /** One range of the primary key: the app's two 15-minute buckets, from the day's start to the next day's. */
    @Override
    public List<QuarterHourUsage> quarterHours(AppId appId, Windows windows) {
        Map<Long, Long> overall = new HashMap<>();
        Map<Long, Long> read = new HashMap<>();
        database.read(tx -> tx.sql("""
                        SELECT bucket, window_start, hits FROM rate_counters
                        WHERE app_id = :app AND bucket IN ('overall15', 'read15')
                          AND window_start >= :day AND window_start < :next""")
                        .bind("app", appId)
                        .bind("day", windows.dayStart())
                        .bind("next", windows.nextDayStart())
                        .list(row -> new Count(Bucket.fromKey(row.getString(1)), row.getLong(2), row.getLong(3))))
                .forEach(count ->
                        (count.bucket() == Bucket.READ_15MIN ? read : overall).put(count.start(), count.hits()));
        return QuarterHourUsage.of(windows, overall, read);
    }

    private record Count(Bucket bucket, long start, long hits) {}
}
