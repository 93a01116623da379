package dev.switchback.server.ops;

import dev.switchback.server.config.ServerConfig;
import dev.switchback.telemetry.Metrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The process's meters (contract#metrics): a Prometheus registry when {@code management.port} is set, else
 * Micrometer's no-op, so a server without a management port pays nothing. The services register theirs on
 * {@link #registry()}; this adds the HTTP requests, the rate-limit rejections and the JVM and process.
 */
public final class ServerMetrics implements AutoCloseable {
    private final MeterRegistry registry;
    /** Its timers keep their recordings a batch per thread until a batch is full, or the scrape. */
    private final Optional<BatchedPrometheusRegistry> prometheus;
    /**
     * The request timers, each built once: building one per request (its tags sorted, its id made and looked up in
     * the registry) cost more than the recording. The keys are few (nine methods and OTHER × route templates ×
     * statuses).
     */
    private final Map<RequestKey, Timer> requests = new ConcurrentHashMap<>();
    /**
     * A request timer's key. Its equals and hash by hand: the record's, made by the JDK's method handles for any
     * record, came to about a tenth of a µs a request in a profile of the bearer peak. The method and route are
     * nearly always the very strings of the last lookup (the standard methods' names, the route's template).
     */
    private static final class RequestKey {
        private final String method;
        private final String route;
        private final int status;
        private final int hash;

        RequestKey(String method, String route, int status) {
            this.method = method;
            this.route = route;
            this.status = status;
            this.hash = (method.hashCode() * 31 + route.hashCode()) * 31 + status;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof RequestKey key
                    && status == key.status
                    && hash == key.hash
                    && (method == key.method || method.equals(key.method))
                    && (route == key.route || route.equals(key.route));
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private ServerMetrics(MeterRegistry registry, Optional<BatchedPrometheusRegistry> prometheus) {
        this.registry = registry;
        this.prometheus = prometheus;
        if (prometheus.isPresent()) {
            new ClassLoaderMetrics().bindTo(registry);
            new JvmMemoryMetrics().bindTo(registry);
            collections(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            new FileDescriptorMetrics().bindTo(registry);
        }
    }

    public static ServerMetrics create(ServerConfig config) {
        if (config.managementPort().isEmpty()) {
            return new ServerMetrics(Metrics.none(), Optional.empty());
        }
        BatchedPrometheusRegistry prometheus = new BatchedPrometheusRegistry();
        return new ServerMetrics(prometheus, Optional.of(prometheus));
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text of every meter, when metrics are on, with every request recorded before it counted. */
    public Optional<String> scrape() {
        return prometheus.map(PrometheusMeterRegistry::scrape); // which sweeps first
    }

    /**
     * One request, after its response: {@code switchback.http.server.requests} by method, route template and
     * status, with a latency histogram. {@code method} and {@code route} as {@link AccessLog#method} and
     * {@link AccessLog#route} give them, never as sent (a made-up method is {@code OTHER}; the route is the
     * template), so the series stay few.
     */
    public void request(String method, String route, int status, float millis) {
        if (prometheus.isEmpty()) {
            return;
        }
        RequestKey key = new RequestKey(method, route, status);
        // get first: computeIfAbsent takes the bin's lock when the key is not the first in its bin, even when present.
        Timer timer = requests.get(key);
        if (timer == null) {
            timer = requests.computeIfAbsent(key, this::requestTimer);
        }
        timer.record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
    }

    private Timer requestTimer(RequestKey key) {
        return Timer.builder("switchback.http.server.requests")
                .description("HTTP requests by method, route template and status")
                .tag("method", key.method)
                .tag("route", key.route)
                .tag("status", Integer.toString(key.status))
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    /**
     * {@code jvm_gc_collection_seconds}: each collector's collections and their time, read from its MXBean when
     * scraped (the Prometheus Java client's name for them). Not Micrometer's JvmGcMetrics: it listens for the
     * JDK's notification after every collection, which the JDK builds only when someone listens, with the
     * collection's details, on its service thread. At the bearer peak (about 25 young collections a second) that
     * cost 0.6-1.7% of the server's CPU in profiles (docs/performance.md#bench-ops).
     */
    private static void collections(MeterRegistry registry) {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            FunctionTimer.builder(
                            "jvm.gc.collection",
                            collector,
                            bean -> Math.max(0, bean.getCollectionCount()), // -1: a JVM that does not say
                            bean -> Math.max(0, bean.getCollectionTime()),
                            TimeUnit.MILLISECONDS)
                    .description("collections by this collector since the start, and their time")
                    .tag("gc", collector.getName())
                    .register(registry);
        }
    }

    /** A request refused with a 429, by the bucket whose limit it passed. */
    public void rateLimited(String bucket) {
        Counter.builder("switchback.ratelimit.rejections")
                .description("requests refused with a 429, by the rate-limit bucket exceeded")
                .tag("bucket", bucket)
                .register(registry)
                .increment();
    }

    @Override
    public void close() {
        prometheus.ifPresent(PrometheusMeterRegistry::close);
    }
}
