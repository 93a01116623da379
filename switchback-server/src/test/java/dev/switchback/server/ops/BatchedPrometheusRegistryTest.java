package dev.switchback.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.testing.UnitTest;
import io.micrometer.core.instrument.Timer;
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
        timer.record(-1, TimeUnit.MILLISECONDS); // ignored, as the registry's own timers ignore it

        registry.sweep();
        String scrape = registry.scrape();
        scraped.countDown();
        alive.join();

        assertThat(scrape).contains("test_waits_seconds_count 3").contains("test_waits_seconds_sum 0.07");
        assertThat(scrape).contains("test_waits_seconds_max 0.04");
    }

    @Test
    void aTimersOwnReadings_countWhatWaitsInTheBatches() {
        Timer timer = Timer.builder("test.waits").register(registry);

        timer.record(Duration.ofMillis(5));
        timer.record(() -> {});
        String answer = timer.record(() -> "answered");

        assertThat(answer).isEqualTo("answered");
        assertThat(timer.count()).isEqualTo(3);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(5);
        assertThat(timer.max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(5);
        assertThat(timer.takeSnapshot().count()).isEqualTo(3);
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
