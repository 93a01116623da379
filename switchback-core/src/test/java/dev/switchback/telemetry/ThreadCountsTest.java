package dev.switchback.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.testing.UnitTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A count kept a cell per thread: every increment counted once, those of threads that ended too. */
@UnitTest
class ThreadCountsTest {
    @Test
    void theSum_countsEveryIncrementOfEveryThread_andKeepsThoseOfThreadsThatEnded() throws Exception {
        ThreadCounts counts = new ThreadCounts();
        int threads = 8;
        int perThread = 50_000;
        List<Thread> adders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    counts.increment();
                    if (i % 10_000 == 0) {
                        counts.sum(); // sums race with the adds
                    }
                }
            });
            thread.start();
            adders.add(thread);
        }
        for (Thread thread : adders) {
            thread.join();
        }

        assertThat(counts.sum()).isEqualTo((long) threads * perThread);
        counts.increment();
        assertThat(counts.sum())
                .as("after the ended threads' cells were folded")
                .isEqualTo(threads * perThread + 1L);
    }
}
