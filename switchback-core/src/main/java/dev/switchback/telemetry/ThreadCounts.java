package dev.switchback.telemetry;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A count every request thread adds to, kept a cell per thread, which only its thread writes: read as a meter
 * (a {@code FunctionCounter}) when scraped. Micrometer's counter is a {@code DoubleAdder} that spreads over cells only
 * after a failed compare-and-set; on two cores its one field, written by every request, moved from the other core
 * about every time (about 0.1 µs a bearer request in a profile, docs/performance.md#bench-ops). The sum is exact
 * once the adding threads have returned, and never goes down.
 */
public final class ThreadCounts {
    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(CellFields.class, "count", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final List<Cell> cells = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Cell> mine = ThreadLocal.withInitial(this::register);
    /** What the cells of threads that have ended counted; written under {@link #cells}. */
    private volatile long ended;

    /** Adds one to this thread's cell. */
    public void increment() {
        CellFields cell = mine.get(); // the type COUNT was made for: an exact call
        COUNT.setRelease(cell, (long) COUNT.get(cell) + 1); // only this thread writes it: no compare-and-set
    }

    /** Every thread's count, those that ended too. */
    public long sum() {
        long sum;
        synchronized (cells) {
            foldEnded();
            sum = ended;
            for (CellFields cell : cells) {
                sum += (long) COUNT.getVolatile(cell);
            }
        }
        return sum;
    }

    /** A new thread's cell; the cells of threads that ended are folded here too, so nothing piles up unread. */
    private Cell register() {
        Cell cell = new Cell(Thread.currentThread());
        synchronized (cells) {
            foldEnded();
            cells.add(cell);
        }
        return cell;
    }

    /** The cells of threads that have ended, into {@link #ended}: they count no more. Under {@link #cells}. */
    private void foldEnded() {
        for (CellFields cell : cells) {
            if (!cell.owner.isAlive()) {
                ended += (long) COUNT.getVolatile(cell);
                cells.remove(cell);
            }
        }
    }

    /** Padded as a thread's batch is ({@link ThreadBatches.Padding}): only its thread writes it, on every add. */
    private static final class Cell extends CellFields {
        @SuppressWarnings("unused")
        private long q0, q1, q2, q3, q4, q5, q6, q7;

        Cell(Thread owner) {
            super(owner);
        }
    }

    private static class CellFields extends ThreadBatches.Padding {
        final Thread owner;

        @SuppressWarnings("unused") // through COUNT
        private long count;

        CellFields(Thread owner) {
            this.owner = owner;
        }
    }
}
