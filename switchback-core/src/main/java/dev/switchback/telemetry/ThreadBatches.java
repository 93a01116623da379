package dev.switchback.telemetry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * What many threads hand over, kept a batch per thread and handed over a batch at a time: the access lines
 * (StderrAppender) and the timers' recordings (the server's Prometheus registry) of every request. One queue, counter or meter
 * shared by every request thread is a cache line each request moves from the core that wrote it last, about 0.1 µs a
 * write: a profile of the bearer peak counted 1.3 µs a request of such writes in the ops code
 * (docs/performance.md#bench-ops). A thread adds to its own batch, whose lock other threads take only to sweep, close,
 * add up what is held or hand over an ended thread's batch, and the shared writes come once a batch.
 *
 * <p>A batch is handed over when its items weigh {@code handOffWeight} (by the thread that fills it), and by {@link
 * #sweep}, which hands over every thread's batch: what was added before a sweep began is handed over before it
 * returns. One thread's items are handed over in the order it added them; between threads, in the order their batches
 * were. The hand-over runs under the batch's lock: it must be quick, and must not add or sweep.
 *
 * <p>A batch is a list of the items by default. A {@link Batch} of one's own can keep them in a form of its own: in
 * arrays it reuses, say, so that what a thread holds between two hand-overs is no object the collector copies. A
 * young collection copies every object still held: at the bearer peak the ops-on server's young collections took
 * 1.65 ms against the ops-off server's 1.36 ms, with 139 KB of survivors against 58 KB, at about the same
 * allocation a request (docs/performance.md#bench-ops; what the difference is made of is not established).
 */
public final class ThreadBatches<T> {
    /** Where a list batch goes: its items, in the order added, and their weight. */
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

    /**
     * One thread's batch, made on that thread by the supplier given to {@link #ThreadBatches(Supplier)}. Its methods
     * run under the batch's lock: {@link #put} on its thread, {@link #handOver} and {@link #held} on any (a sweep, the
     * close, {@link ThreadBatches#held}, a new thread handing over an ended one's batch).
     */
    public abstract static class Batch<T> extends Padding {
        final Thread owner = Thread.currentThread();
        boolean closed;

        /** Keeps {@code item}, with its {@code value} (its weight, say); true when the batch is to be handed over now. */
        protected abstract boolean put(T item, long value);

        /** Hands over what it holds, in the order put, and holds nothing after. */
        protected abstract void handOver();

        /** How much it holds, in its own measure: what {@link ThreadBatches#held} adds up. */
        protected abstract long held();
    }

    /** Every live thread's batch, and an ended thread's until a sweep or a new thread hands it over; written rarely. */
    private final List<Batch<T>> batches = new CopyOnWriteArrayList<>();

    private final Supplier<? extends Batch<T>> newBatch;
    private final ThreadLocal<Batch<T>> mine = ThreadLocal.withInitial(this::register);
    private boolean closed; // guarded by batches

    /** Batches that are lists, handed over to {@code handOff} once their items weigh {@code handOffWeight}. */
    public ThreadBatches(long handOffWeight, HandOff<T> handOff) {
        this(lists(handOffWeight, handOff));
    }

    /** Batches of one's own, each made by {@code newBatch} on its thread. */
    public ThreadBatches(Supplier<? extends Batch<T>> newBatch) {
        this.newBatch = newBatch;
    }

    private static <T> Supplier<Batch<T>> lists(long handOffWeight, HandOff<T> handOff) {
        if (handOffWeight <= 0) {
            throw new IllegalArgumentException("handOffWeight must be > 0 (got " + handOffWeight + ")");
        }
        return () -> new ListBatch<>(handOffWeight, handOff);
    }

    /**
     * Adds {@code item} to this thread's batch, which is handed over when it says so (a list batch: once it weighs
     * its hand-off weight, {@code value} being the item's weight).
     */
    public Added add(T item, long value) {
        Batch<T> batch = mine.get();
        synchronized (batch) {
            if (batch.closed) {
                return Added.CLOSED;
            }
            if (!batch.put(item, value)) {
                return Added.KEPT;
            }
            batch.handOver();
            return Added.HANDED_OFF;
        }
    }

    /** Hands over every thread's batch, and forgets those of threads that have ended. */
    public void sweep() {
        for (Batch<T> batch : batches) {
            // Read before the hand-over: a thread seen ended has added all it will, and all it added is seen
            boolean ended = !batch.owner.isAlive();
            synchronized (batch) {
                batch.handOver();
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
                batch.handOver();
                batch.closed = true;
            }
        }
        batches.clear();
    }

    /** What the threads hold, not yet handed over, in their batches' measure (a list batch's: the weight). */
    public long held() {
        long held = 0;
        for (Batch<T> batch : batches) {
            synchronized (batch) {
                held += batch.held();
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
                    batch.handOver();
                }
                batches.remove(batch);
            }
        }
        Batch<T> batch = newBatch.get();
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
     * The default batch: a list of the items, and their weight. Padded to two cache lines of its own ({@link
     * Padding}): its owner writes it on every add.
     */
    private static final class ListBatch<T> extends Batch<T> {
        private final long handOffWeight;
        private final HandOff<T> handOff;
        private List<T> items;
        private long weight;

        @SuppressWarnings("unused")
        private long q0, q1, q2, q3, q4, q5, q6, q7;

        ListBatch(long handOffWeight, HandOff<T> handOff) {
            this.handOffWeight = handOffWeight;
            this.handOff = handOff;
        }

        @Override
        protected boolean put(T item, long itemWeight) {
            if (items == null) { // allocated here, on the owner's thread, not by the sweep that emptied it
                items = new ArrayList<>();
            }
            items.add(item);
            weight += itemWeight;
            return weight >= handOffWeight;
        }

        @Override
        protected void handOver() {
            if (items == null || items.isEmpty()) {
                return;
            }
            List<T> full = items;
            long handed = weight;
            items = null;
            weight = 0;
            handOff.accept(full, handed);
        }

        @Override
        protected long held() {
            return weight;
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
