package dev.switchback.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.testing.UnitTest;
import io.micrometer.core.instrument.Timer;
import io.prometheus.metrics.model.snapshots.DistributionDataPointSnapshot;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Timers whose recordings wait in their thread's batch: counted by every scrape and by the timer itself, whichever
 * thread recorded them and whether it is still alive, and recorded at once after the close.
 */
@UnitTest
class BatchedPrometheusRegistryTest {
    private final BatchedPrometheusRegistry registry = new BatchedPrometheusRegistry();

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void aScrape_countsEveryRecordingMadeBeforeIt_onAnyThread_thoughNoBatchIsFull() throws Exception {
        Timer timer = Timer.builder("test.waits").register(registry);
        CountDownLatch recorded = new CountDownLatch(1);
        CountDownLatch scraped = new CountDownLatch(1);
        Thread alive = new Thread(() -> {
            timer.record(Duration.ofMillis(40));
            recorded.countDown();
            await(scraped);
        });
        Thread ended = new Thread(() -> timer.record(Duration.ofMillis(20)));
        alive.start();
        ended.start();
        ended.join();
        recorded.await();
        timer.record(10, TimeUnit.MILLISECONDS);

        String scrape = registry.scrape();
        scraped.countDown();
        alive.join();

        assertThat(scrape).contains("test_waits_seconds_count 3").contains("test_waits_seconds_sum 0.07");
        assertThat(scrape).contains("test_waits_seconds_max 0.04");
    }

    @Test
    void eachOfATimersOwnReadings_countsWhatWaitsInTheBatches() {
        Timer counted = Timer.builder("test.counted").register(registry);
        Timer summed = Timer.builder("test.summed").register(registry);
        Timer maximum = Timer.builder("test.maximum").register(registry);
        Timer snapshot = Timer.builder("test.snapshot").register(registry);

        for (Timer timer : new Timer[] {counted, summed, maximum, snapshot}) {
            timer.record(Duration.ofMillis(5));
            timer.record(() -> {});
        }
        String answer = counted.record(() -> "answered");

        assertThat(answer).isEqualTo("answered");
        assertThat(counted.count()).isEqualTo(3);
        assertThat(summed.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(5);
        assertThat(maximum.max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(5);
        assertThat(snapshot.takeSnapshot().count()).isEqualTo(2);
    }

    @Test
    void aFullBatch_isPutInItsTimers_withoutASweep() {
        Timer timer = Timer.builder("test.waits").register(registry);

        for (int i = 0; i < BatchedPrometheusRegistry.RECORDINGS_A_BATCH + 1; i++) {
            timer.record(Duration.ofMillis(1));
        }

        // The Prometheus client's own registry reads the timer as it is, without a sweep
        long counted = registry.getPrometheusRegistry().scrape().stream()
                .filter(metric -> metric.getMetadata().getPrometheusName().equals("test_waits_seconds"))
                .flatMap(metric -> metric.getDataPoints().stream())
                .mapToLong(point -> ((DistributionDataPointSnapshot) point).getCount())
                .sum();
        assertThat(counted).isEqualTo(BatchedPrometheusRegistry.RECORDINGS_A_BATCH);
    }

    @Test
    void afterTheClose_aRecordingGoesStraightIntoItsTimer() {
        Timer timer = Timer.builder("test.waits").register(registry);
        timer.record(Duration.ofMillis(5));

        registry.close();
        timer.record(Duration.ofMillis(7));

        assertThat(timer.count()).isEqualTo(2);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(12);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
