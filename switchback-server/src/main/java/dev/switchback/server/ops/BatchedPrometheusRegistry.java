package dev.switchback.server.ops;

import dev.switchback.telemetry.ThreadBatches;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The Prometheus registry, with every timer's recordings kept a batch per thread ({@link ThreadBatches}) and put in
 * the timer 32 at a time, and before each scrape ({@link #sweep}). A timer's count, sum, maximum and bucket are
 * written by every recording: written by the request threads of both cores, they moved between the cores on each
 * (docs/performance.md#bench-ops). The HTTP request timer, HikariCP's pool timers (a connection's wait and its use,
 * both on nearly every request that reads or writes) and the group commit's all go through here; a batch keeps
 * their writes on one core.
 *
 * <p>What a timer answers itself ({@link Timer#count}, {@link Timer#takeSnapshot}, ...) counts every recording made
 * before it: it sweeps first. A recording's moment, for the timer's decaying maximum, is when its batch is handed
 * over, at most a scrape later.
 */
final class BatchedPrometheusRegistry extends PrometheusMeterRegistry {
    static final int RECORDINGS_A_BATCH = 32;

    private final ThreadBatches<Timer> recordings = new ThreadBatches<>(Recordings::new);

    BatchedPrometheusRegistry() {
        super(PrometheusConfig.DEFAULT);
    }

    /** Puts every thread's recordings in their timers. */
    void sweep() {
        recordings.sweep();
    }

    /** Puts what is held in the timers, and from then on records at once. */
    @Override
    public void close() {
        recordings.close();
        super.close();
    }

    @Override
    protected Timer newTimer(
            Meter.Id id, DistributionStatisticConfig distributionStatisticConfig, PauseDetector pauseDetector) {
        return new BatchedTimer(super.newTimer(id, distributionStatisticConfig, pauseDetector));
    }

    /**
     * One thread's recordings not yet in their timers: two arrays it fills and empties again, made once by its
     * thread. In a list, each recording was an object (and the list an array) that every young collection while it
     * waited copied (docs/performance.md#bench-ops). A timer stays in the array after its hand-over: every timer lives
     * as long as the registry.
     */
    private static final class Recordings extends ThreadBatches.Batch<Timer> {
        private final Timer[] timers = new Timer[RECORDINGS_A_BATCH];
        private final long[] nanos = new long[RECORDINGS_A_BATCH];
        private int size;

        @SuppressWarnings("unused")
        private long q0, q1, q2, q3, q4, q5, q6, q7;

        @Override
        protected boolean put(Timer timer, long took) {
            timers[size] = timer;
            nanos[size] = took;
            return ++size == timers.length;
        }

        @Override
        protected void handOver() {
            for (int i = 0; i < size; i++) {
                timers[i].record(nanos[i], TimeUnit.NANOSECONDS);
            }
            size = 0;
        }

        @Override
        protected long held() {
            return size;
        }
    }

    /** The registry's own timer behind it: recordings go to this thread's batch, reads sweep first. */
    private final class BatchedTimer implements Timer {
        private final Timer timer;

        BatchedTimer(Timer timer) {
            this.timer = timer;
        }

        @Override
        public void record(long amount, TimeUnit unit) {
            long took = unit.toNanos(amount);
            if (took < 0) {
                return; // as the registry's timers ignore a negative time
            }
            if (recordings.add(timer, took) == ThreadBatches.Added.CLOSED) {
                timer.record(took, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public <T> T record(Supplier<T> f) {
            long start = clock().monotonicTime();
            try {
                return f.get();
            } finally {
                record(clock().monotonicTime() - start, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public <T> T recordCallable(Callable<T> f) throws Exception {
            long start = clock().monotonicTime();
            try {
                return f.call();
            } finally {
                record(clock().monotonicTime() - start, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public void record(Runnable f) {
            long start = clock().monotonicTime();
            try {
                f.run();
            } finally {
                record(clock().monotonicTime() - start, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public long count() {
            sweep();
            return timer.count();
        }

        @Override
        public double totalTime(TimeUnit unit) {
            sweep();
            return timer.totalTime(unit);
        }

        @Override
        public double max(TimeUnit unit) {
            sweep();
            return timer.max(unit);
        }

        @Override
        public HistogramSnapshot takeSnapshot() {
            sweep();
            return timer.takeSnapshot();
        }

        @Override
        public TimeUnit baseTimeUnit() {
            return timer.baseTimeUnit();
        }

        @Override
        public Meter.Id getId() {
            return timer.getId();
        }

        private Clock clock() {
            return config().clock();
        }
    }
}
