package dev.switchback.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.testing.UnitTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Batches a thread hands over: every item once, one thread's in its order, a batch when it weighs enough, every
 * thread's on a sweep, and nothing after the close.
 */
@UnitTest
class ThreadBatchesTest {
    private final ConcurrentLinkedQueue<List<String>> handed = new ConcurrentLinkedQueue<>();
    private final List<Long> weights = new ArrayList<>();

    private ThreadBatches<String> batches(long handOffWeight) {
        return new ThreadBatches<>(handOffWeight, (items, weight) -> {
            handed.add(items);
            synchronized (weights) {
                weights.add(weight);
            }
        });
    }

    @Test
    void aBatch_isHandedOver_byTheAddThatMakesItWeighEnough() {
        ThreadBatches<String> batches = batches(10);

        assertThat(batches.add("a", 4)).isEqualTo(ThreadBatches.Added.KEPT);
        assertThat(batches.add("b", 5)).isEqualTo(ThreadBatches.Added.KEPT);
        assertThat(handed).isEmpty();
        assertThat(batches.held()).isEqualTo(9);

        assertThat(batches.add("c", 1)).isEqualTo(ThreadBatches.Added.HANDED_OFF);
        assertThat(handed).containsExactly(List.of("a", "b", "c"));
        assertThat(weights).containsExactly(10L);
        assertThat(batches.held()).isZero();
    }

    @Test
    void aSweep_handsOverWhatEveryThreadHolds_evenAThreadThatHasEnded() throws Exception {
        ThreadBatches<String> batches = batches(1_000);
        CountDownLatch added = new CountDownLatch(1);
        CountDownLatch sweptWhileAlive = new CountDownLatch(1);
        Thread alive = new Thread(() -> {
            batches.add("alive", 1);
            added.countDown();
            await(sweptWhileAlive);
        });
        Thread ended = new Thread(() -> batches.add("ended", 1));
        alive.start();
        ended.start();
        ended.join();
        added.await();
        batches.add("mine", 1);

        batches.sweep();
        sweptWhileAlive.countDown();
        alive.join();

        assertThat(handed).containsExactlyInAnyOrder(List.of("alive"), List.of("ended"), List.of("mine"));
        assertThat(batches.held()).isZero();
    }

    @Test
    void whatAnEndedThreadHeld_isHandedOver_byTheNextNewThread_withoutASweep() throws Exception {
        ThreadBatches<String> batches = batches(1_000);
        Thread ended = new Thread(() -> batches.add("ended", 1));
        ended.start();
        ended.join();

        Thread next = new Thread(() -> batches.add("next", 1));
        next.start();
        next.join();

        assertThat(handed).containsExactly(List.of("ended"));
        assertThat(batches.held()).isEqualTo(1);
    }

    @Test
    void itemsOfManyThreads_areHandedOverOnceEach_eachThreadsInItsOrder() throws Exception {
        int threads = 8;
        int perThread = 20_000;
        ThreadBatches<String> batches = batches(37);
        List<Thread> adders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int adder = t;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    batches.add(adder + "-" + i, 1 + i % 3);
                    if (i % 1_000 == 0) {
                        batches.sweep(); // sweeps race with the other threads' adds and hand-overs
                    }
                }
            });
            thread.start();
            adders.add(thread);
        }
        for (Thread thread : adders) {
            thread.join();
        }
        batches.sweep();

        Map<Integer, Integer> next = new ConcurrentHashMap<>();
        int items = 0;
        for (List<String> batch : handed) {
            for (String item : batch) {
                String[] parts = item.split("-");
                int adder = Integer.parseInt(parts[0]);
                int i = Integer.parseInt(parts[1]);
                assertThat(i).as("thread %d's next item", adder).isEqualTo(next.getOrDefault(adder, 0));
                next.put(adder, i + 1);
                items++;
            }
        }
        assertThat(items).isEqualTo(threads * perThread);
        assertThat(batches.held()).isZero();
    }

    @Test
    void theClose_handsOverWhatIsHeld_andTakesNothingAfter() throws Exception {
        ThreadBatches<String> batches = batches(1_000);
        batches.add("before", 1);

        batches.close();
        ThreadBatches.Added mine = batches.add("after", 1);
        ThreadBatches.Added[] another = new ThreadBatches.Added[1];
        Thread thread = new Thread(() -> another[0] = batches.add("after, on a new thread", 1));
        thread.start();
        thread.join();
        batches.sweep();

        assertThat(handed).containsExactly(List.of("before"));
        assertThat(mine).isEqualTo(ThreadBatches.Added.CLOSED);
        assertThat(another[0]).isEqualTo(ThreadBatches.Added.CLOSED);
    }

    @Test
    void aBatchOfItsOwn_decidesWhenItIsHandedOver_andIsReusedByItsThread() throws Exception {
        List<String> made = new ArrayList<>();
        ThreadBatches<String> batches = new ThreadBatches<>(() -> {
            synchronized (made) {
                made.add(Thread.currentThread().getName());
            }
            return new Pairs();
        });

        assertThat(batches.add("a", 1)).isEqualTo(ThreadBatches.Added.KEPT);
        assertThat(batches.held()).isEqualTo(1);
        assertThat(batches.add("b", 2)).isEqualTo(ThreadBatches.Added.HANDED_OFF);
        assertThat(batches.add("c", 3)).isEqualTo(ThreadBatches.Added.KEPT);
        Thread other = new Thread(() -> batches.add("d", 4), "other");
        other.start();
        other.join();
        batches.sweep();

        assertThat(handed).containsExactly(List.of("a=1", "b=2"), List.of("c=3"), List.of("d=4"));
        assertThat(made).containsExactly(Thread.currentThread().getName(), "other");
        assertThat(batches.held()).isZero();
    }

    /** A batch of two items at most, kept in two arrays it empties on each hand-over. */
    private final class Pairs extends ThreadBatches.Batch<String> {
        private final String[] items = new String[2];
        private final long[] values = new long[2];
        private int size;

        @Override
        protected boolean put(String item, long value) {
            items[size] = item;
            values[size] = value;
            return ++size == items.length;
        }

        @Override
        protected void handOver() {
            if (size == 0) {
                return;
            }
            List<String> batch = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                batch.add(items[i] + "=" + values[i]);
            }
            size = 0;
            handed.add(batch);
        }

        @Override
        protected long held() {
            return size;
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
