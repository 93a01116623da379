package dev.switchback.bench;

import dev.switchback.app.AppId;
import dev.switchback.ratelimit.DatabaseCounters;
import dev.switchback.ratelimit.MemoryCounters;
import dev.switchback.ratelimit.RedisCounters;
import dev.switchback.ratelimit.UsageCounters;
import dev.switchback.ratelimit.Windows;
import dev.switchback.store.Database;
import dev.switchback.store.DatabaseUrl;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What counting one API request costs in each shared store (the choice of issue 5): run with
 * {@code -t 8} to see contention on one app's counters. Needs PostgreSQL and Redis at their usual
 * addresses ({@code SWITCHBACK_BENCH_POSTGRES_URL}, {@code SWITCHBACK_BENCH_REDIS_URL}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class UsageCountersBenchmark {
    @Param({"memory", "postgresql", "redis"})
    public String store;

    /** How many apps the requests spread over: 1 is the worst case, every request on the same rows. */
    @Param({"1", "100"})
    public int apps;

    private UsageCounters counters;
    private Database database;
    private final Windows windows = Windows.at(Instant.now());

    @Setup(Level.Trial)
    public void open() {
        counters = switch (store) {
            case "memory" -> new MemoryCounters();
            case "postgresql" -> {
                database = Database.open(
                        DatabaseUrl.parse(env(
                                "SWITCHBACK_BENCH_POSTGRES_URL",
                                "postgresql://postgres@127.0.0.1:5432/switchback_bench")),
                        16);
                database.write(tx -> tx.sql("DELETE FROM rate_counters").update());
                yield new DatabaseCounters(database);
            }
            case "redis" ->
                new RedisCounters(
                        env("SWITCHBACK_BENCH_REDIS_URL", "redis://127.0.0.1:6379"),
                        Long.toHexString(System.nanoTime()));
            default -> throw new IllegalArgumentException(store);
        };
    }

    @TearDown(Level.Trial)
    public void close() {
        counters.close();
        if (database != null) {
            database.close();
        }
    }

    @Benchmark
    public Object countOneReadRequest() {
        AppId app = new AppId(apps == 1 ? 1 : ThreadLocalRandom.current().nextLong(apps) + 1);
        return counters.increment(app, windows, true);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
