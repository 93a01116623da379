package dev.switchback.ratelimit;

import dev.switchback.app.AppId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;

/**
 * Counters in Redis, shared by every node: one pipelined round trip of {@code INCRBY} and
 * {@code EXPIRE} per request. Each key lives until its window's day is over. Keys carry a namespace
 * (each database has its own), so two Switchback deployments sharing one Redis never mix their counts.
 */
public final class RedisCounters implements UsageCounters {
    private static final String PREFIX = "switchback:ratelimit:";

    private final RedisClient redis;
    private final String prefix;

    public RedisCounters(String url, String namespace) {
        this.redis = RedisClient.create(java.net.URI.create(url));
        this.prefix = PREFIX + namespace + ":";
    }

    @Override
    public Usage increment(AppId appId, Windows windows, boolean read) {
        long ttl = Windows.retentionSeconds();
        List<Response<Long>> counts = new ArrayList<>(4);
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (Bucket bucket : Bucket.values()) {
                String key = prefix + appId + ":" + bucket.key() + ":" + window(bucket, windows);
                boolean counted = read || bucket == Bucket.OVERALL_15MIN || bucket == Bucket.OVERALL_DAILY;
                counts.add(pipeline.incrBy(key, counted ? 1 : 0));
                pipeline.expire(key, ttl);
            }
            pipeline.sync();
        }
        return new Usage(
                counts.get(0).get(),
                counts.get(1).get(),
                counts.get(2).get(),
                counts.get(3).get());
    }

    @Override
    public Usage current(AppId appId, Windows windows) {
        long[] counts = new long[4];
        for (Bucket bucket : Bucket.values()) {
            String value = redis.get(prefix + appId + ":" + bucket.key() + ":" + window(bucket, windows));
            counts[bucket.ordinal()] = value == null ? 0 : Long.parseLong(value);
        }
        return new Usage(counts[0], counts[1], counts[2], counts[3]);
    }

    /** One {@code MGET} of the day's 15-minute keys, overall then read. */
    @Override
    public List<QuarterHourUsage> quarterHours(AppId appId, Windows windows) {
        long[] starts = windows.quarterHoursOfDay();
        String[] keys = new String[2 * starts.length];
        for (int i = 0; i < starts.length; i++) {
            keys[i] = prefix + appId + ":" + Bucket.OVERALL_15MIN.key() + ":" + starts[i];
            keys[starts.length + i] = prefix + appId + ":" + Bucket.READ_15MIN.key() + ":" + starts[i];
        }
        List<String> values = redis.mget(keys);
        Map<Long, Long> overall = new HashMap<>();
        Map<Long, Long> read = new HashMap<>();
        for (int i = 0; i < starts.length; i++) {
            overall.put(starts[i], count(values.get(i)));
            read.put(starts[i], count(values.get(starts.length + i)));
        }
        return QuarterHourUsage.of(windows, overall, read);
    }

    private static long count(String value) {
        return value == null ? 0 : Long.parseLong(value);
    }

    private static long window(Bucket bucket, Windows windows) {
        return bucket == Bucket.OVERALL_15MIN || bucket == Bucket.READ_15MIN
                ? windows.quarterHourStart()
                : windows.dayStart();
    }

    @Override
    public void check() {
        redis.ping();
    }

    @Override
    public void close() {
        redis.close();
    }
}
