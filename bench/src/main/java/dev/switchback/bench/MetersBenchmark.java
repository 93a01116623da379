package dev.switchback.bench;

import com.zaxxer.hikari.metrics.IMetricsTracker;
import com.zaxxer.hikari.metrics.PoolStats;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.switchback.server.config.ServerConfig;
import dev.switchback.server.config.Settings;
import dev.switchback.server.ops.ServerMetrics;
import dev.switchback.telemetry.TokenMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * What the meters of one bearer request cost (docs/performance.md#bench-ops): the request timer, the bearer
 * counter, and HikariCP's acquire and usage timers around the borrow of the connection that reads the athlete, on
 * the server's own registry ({@code metrics=on}: a management port set) or on the empty one a server without a
 * management port has ({@code off}). Once on one thread and once on two, as the bench's two cores run requests: the
 * difference is what two cores writing the same meters cost each other. With {@code between=request} each
 * request's meters come after a request's worth of other work (a JSON body written and read back, a route matched,
 * 256 KiB of other data read), so their code and data are no longer all in the core's caches, as in a server;
 * subtract the same row with metrics off. Run: {@code java -jar bench/target/benchmarks.jar Meters}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MetersBenchmark {
    @Param({"on", "off"})
    public String metrics;

    /** What happens between two requests' meters: nothing, or a request's worth of other code and data. */
    @Param({"none", "request"})
    public String between;

    private static final JsonMapper JSON = new JsonMapper();
    private static final Pattern ROUTE = Pattern.compile("/api/v3/(athlete|activities)/?([0-9]*)");
    private Map<String, Object> body;
    private long[] other;
    private ServerMetrics server;
    private TokenMetrics tokens;
    private IMetricsTracker pool;

    @Setup
    public void open() {
        Map<String, String> flags = "on".equals(metrics) ? Map.of("management.port", "9464") : Map.of();
        server = ServerMetrics.create(ServerConfig.from(Settings.load(Optional.empty(), Map.of(), flags)));
        tokens = new TokenMetrics(server.registry());
        pool = new MicrometerMetricsTrackerFactory(server.registry()).create("switchback", new IdlePool());
        body = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            body.put("field" + i, i % 3 == 0 ? "value " + i : i % 3 == 1 ? (Object) (i * 1.5) : List.of(i, i + 1));
        }
        other = new long[256 * 128];
    }

    @TearDown
    public void close() throws Exception {
        pool.close();
        server.close();
    }

    @Benchmark
    @Threads(1)
    public long bearerRequestMetersOneThread() {
        return bearerRequest();
    }

    @Benchmark
    @Threads(2)
    public long bearerRequestMetersTwoThreads() {
        return bearerRequest();
    }

    /**
     * What a bearer request records, in its order: the borrow, the check, the connection's return, the request;
     * after the other work {@link #between} asks for.
     */
    private long bearerRequest() {
        long work = between.equals("request") ? otherWork() : 0;
        pool.recordConnectionAcquiredNanos(2_400);
        tokens.bearer(true);
        pool.recordConnectionUsageMillis(0);
        server.request("GET", "/api/v3/athlete", 200, 1.37f);
        return work;
    }

    /**
     * A request's worth of other code and data: a JSON body written and read back, a route matched, and 256 KiB of
     * data read.
     */
    private long otherWork() {
        String written = JSON.writeValueAsString(body);
        Map<?, ?> read = JSON.readValue(written, Map.class);
        List<String> keys = new ArrayList<>();
        for (Object key : read.keySet()) {
            keys.add(String.valueOf(key).toUpperCase(java.util.Locale.ROOT));
        }
        long work = written.length() + String.join(",", keys).hashCode();
        if (ROUTE.matcher("/api/v3/athlete/" + work).matches()) {
            work++;
        }
        for (int i = 0; i < other.length; i += 8) {
            work += other[i];
        }
        return work;
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
