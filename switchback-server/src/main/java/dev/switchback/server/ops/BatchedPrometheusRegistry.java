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
import java.io.IOException;
import java.io.OutputStream;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The Prometheus registry, with the recordings of its timers kept in a batch per thread ({@link ThreadBatches}): one
 * batch of {@link #RECORDINGS_A_BATCH} recordings for all of a thread's timers, put in their timers when it is full
 * and before every scrape. A timer's recording writes what every thread's do (its histogram's bucket, with a
 * percentile histogram as the HTTP timer has; the decaying maximum's slots on a new maximum; its count and sum, in
 * adders that spread only once threads contend): in a profile of the bearer peak these writes moved between the two
 * cores (docs/performance.md#bench-ops). The HTTP request timer, HikariCP's pool timers (a connection's wait and its
 * use, on every request that reads or writes), the group commit's and the others all go through here.
 *
 * <p>Every {@code scrape} sweeps first, and so does what a timer answers itself ({@link Timer#count}, {@link
 * Timer#takeSnapshot}, ...): each counts every recording made before it. A recording's moment, for the timer's
 * decaying maximum, is when its batch is put in, at most a scrape later. Only the Prometheus client's own registry
 * ({@link #getPrometheusRegistry}) reads the timers without a sweep. A recording still waiting when its timer is
 * removed (HikariCP removes its timers as its pool closes) is lost with the timer.
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

    @Override
    public String scrape() {
        sweep();
        return super.scrape();
    }

    @Override
    public String scrape(String contentType) {
        sweep();
        return super.scrape(contentType);
    }

    @Override
    public void scrape(OutputStream out) throws IOException {
        sweep();
        super.scrape(out);
    }

    @Override
    public void scrape(OutputStream out, String contentType) throws IOException {
        sweep();
        super.scrape(out, contentType);
    }

    @Override
    public String scrape(String contentType, Set<String> includedNames) {
        sweep();
        return super.scrape(contentType, includedNames);
    }

    @Override
    public void scrape(OutputStream out, String contentType, Set<String> includedNames) throws IOException {
        sweep();
        super.scrape(out, contentType, includedNames);
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
     * waited copied (docs/performance.md#bench-ops). A timer stays referenced from the array after its hand-over
     * until its slot is written again.
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
            int handed = size;
            size = 0; // first: a timer that throws loses its batch, and never has it recorded twice or the array full
            for (int i = 0; i < handed; i++) {
                timers[i].record(nanos[i], TimeUnit.NANOSECONDS);
            }
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

        /** The registry's timer's own close (its histogram's, its pause detector's), as the registry closes. */
        @Override
        public void close() {
            timer.close();
        }

        private Clock clock() {
            return config().clock();
        }
    }
}
