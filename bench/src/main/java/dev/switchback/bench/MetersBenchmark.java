package dev.switchback.bench;

import com.zaxxer.hikari.metrics.IMetricsTracker;
import com.zaxxer.hikari.metrics.PoolStats;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.switchback.server.config.ServerConfig;
import dev.switchback.server.config.Settings;
import dev.switchback.server.ops.ServerMetrics;
import dev.switchback.telemetry.TokenMetrics;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * What the meters of one bearer request cost (docs/performance.md#bench-ops): the request timer, the bearer
 * counter, and HikariCP's acquire and usage timers around the borrow of the connection that reads the athlete, on
 * the server's own registry ({@code metrics=on}: a management port set) or on the empty one a server without a
 * management port has ({@code off}). Once on one thread and once on two, as the bench's two cores run requests: the
 * difference is what two cores writing the same meters cost each other.
 * Run: {@code java -jar bench/target/benchmarks.jar Meters}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MetersBenchmark {
    @Param({"on", "off"})
    public String metrics;

    private ServerMetrics server;
    private TokenMetrics tokens;
    private IMetricsTracker pool;

    @Setup
    public void open() {
        Map<String, String> flags = "on".equals(metrics) ? Map.of("management.port", "9464") : Map.of();
        server = ServerMetrics.create(ServerConfig.from(Settings.load(Optional.empty(), Map.of(), flags)));
        tokens = new TokenMetrics(server.registry());
        pool = new MicrometerMetricsTrackerFactory(server.registry()).create("switchback", new IdlePool());
    }

    @TearDown
    public void close() throws Exception {
        pool.close();
        server.close();
    }

    @Benchmark
    @Threads(1)
    public void bearerRequestMetersOneThread() {
        bearerRequest();
    }

    @Benchmark
    @Threads(2)
    public void bearerRequestMetersTwoThreads() {
        bearerRequest();
    }

    /** What a bearer request records, in its order: the borrow, the check, the connection's return, the request. */
    private void bearerRequest() {
        pool.recordConnectionAcquiredNanos(2_400);
        tokens.bearer(true);
        pool.recordConnectionUsageMillis(0);
        server.request("GET", "/api/v3/athlete", 200, 1.37f);
    }

    /** HikariCP's gauges read these; nothing here scrapes them. */
    private static final class IdlePool extends PoolStats {
        IdlePool() {
            super(0);
        }

        @Override
        protected void update() {}
    }
}
