package dev.switchback.telemetry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What many threads hand over, kept a batch per thread and handed over a batch at a time: the access lines
 * (StderrAppender) and the request timers' recordings (ServerMetrics) of every request. One queue, counter or meter
 * shared by every request thread is a cache line each request moves from the core that wrote it last, about 0.1 µs a
 * write: a profile of the bearer peak counted 1.3 µs a request of such writes in the ops code
 * (docs/performance.md#bench-ops). A thread adds to its own batch, whose lock no other thread takes but a sweep's, and
 * the shared writes come once a batch.
 *
 * <p>A batch is handed over when its items weigh {@code handOffWeight} (by the thread that fills it), and by {@link
 * #sweep}, which hands over every thread's batch: what was added before a sweep began is handed over before it
 * returns. One thread's items are handed over in the order it added them; between threads, in the order their batches
 * were. The hand-over runs under the batch's lock: it must be quick, and must not add or sweep.
 */
public final class ThreadBatches<T> {
    /** Where a batch goes: its items, in the order added, and their weight. */
    @FunctionalInterface
    public interface HandOff<T> {
        void accept(List<T> items, long weight);
    }

    /** What {@link #add} did with an item. */
    public enum Added {
        /** In the thread's batch. */
        KEPT,
        /** In the thread's batch, which has been handed over with it. */
        HANDED_OFF,
        /** Nothing: these batches are closed. */
        CLOSED
    }

    private final long handOffWeight;
    private final HandOff<T> handOff;
    /** Every live thread's batch, and an ended thread's until a sweep or a new thread hands it over; written rarely. */
    private final List<Batch<T>> batches = new CopyOnWriteArrayList<>();

    private final ThreadLocal<Batch<T>> mine = ThreadLocal.withInitial(this::register);
    private boolean closed; // guarded by batches

    public ThreadBatches(long handOffWeight, HandOff<T> handOff) {
        if (handOffWeight <= 0) {
            throw new IllegalArgumentException("handOffWeight must be > 0 (got " + handOffWeight + ")");
        }
        this.handOffWeight = handOffWeight;
        this.handOff = handOff;
    }

    /** Adds {@code item} to this thread's batch, handing the batch over once it weighs {@code handOffWeight}. */
    public Added add(T item, long weight) {
        Batch<T> batch = mine.get();
        synchronized (batch) {
            if (batch.closed) {
                return Added.CLOSED;
            }
            if (batch.items == null) { // allocated here, on the owner's thread, not by the sweep that emptied it
                batch.items = new ArrayList<>();
            }
            batch.items.add(item);
            batch.weight += weight;
            if (batch.weight < handOffWeight) {
                return Added.KEPT;
            }
            batch.handOver(handOff);
            return Added.HANDED_OFF;
        }
    }

    /** Hands over every thread's batch, and forgets those of threads that have ended. */
    public void sweep() {
        for (Batch<T> batch : batches) {
            // Read before the hand-over: a thread seen ended has added all it will, and all it added is seen
            boolean ended = !batch.owner.isAlive();
            synchronized (batch) {
                batch.handOver(handOff);
            }
            if (ended) {
                batches.remove(batch);
            }
        }
    }

    /** Hands over every batch, and from then on takes nothing ({@link Added#CLOSED}). */
    public void close() {
        synchronized (batches) {
            closed = true;
        }
        for (Batch<T> batch : batches) {
            synchronized (batch) {
                batch.handOver(handOff);
                batch.closed = true;
            }
        }
        batches.clear();
    }

    /** The weight of what the threads hold, not yet handed over. */
    public long held() {
        long held = 0;
        for (Batch<T> batch : batches) {
            synchronized (batch) {
                held += batch.weight;
            }
        }
        return held;
    }

    /**
     * A new thread's batch; the batches of threads that have ended are handed over and forgotten here too, so that a
     * pool's threads coming and going leave nothing behind when nothing sweeps.
     */
    private Batch<T> register() {
        for (Batch<T> batch : batches) {
            if (!batch.owner.isAlive()) {
                synchronized (batch) {
                    batch.handOver(handOff);
                }
                batches.remove(batch);
            }
        }
        Batch<T> batch = new Batch<>(Thread.currentThread());
        synchronized (batches) {
            if (closed) {
                batch.closed = true;
            } else {
                batches.add(batch);
            }
        }
        return batch;
    }

    /**
     * One thread's items; every field guarded by the batch itself. Padded to two cache lines of its own ({@link
     * Padding}): its owner writes it on every add.
     */
    private static final class Batch<T> extends BatchFields<T> {
        @SuppressWarnings("unused")
        private long q0, q1, q2, q3, q4, q5, q6, q7;

        Batch(Thread owner) {
            super(owner);
        }

        void handOver(HandOff<T> to) {
            if (items == null || items.isEmpty()) {
                return;
            }
            List<T> full = items;
            long handed = weight;
            items = null;
            weight = 0;
            to.accept(full, handed);
        }
    }

    private static class BatchFields<T> extends Padding {
        final Thread owner;
        List<T> items;
        long weight;
        boolean closed;

        BatchFields(Thread owner) {
            this.owner = owner;
        }
    }

    /**
     * 64 bytes before a per-thread object's fields (a subclass adds 64 after): the collector copies such objects next
     * to each other, and two threads' fields on one cache line would pass it between the cores as a shared field does.
     * The JVM lays a superclass's fields out before its subclass's.
     */
    static class Padding {
        @SuppressWarnings("unused")
        private long p0, p1, p2, p3, p4, p5, p6, p7;
    }
}
