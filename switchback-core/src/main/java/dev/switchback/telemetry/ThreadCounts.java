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
            COUNT = MethodHandles.lookup().findVarHandle(Cell.class, "count", long.class);
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
        Cell cell = mine.get();
        COUNT.setRelease(cell, (long) COUNT.get(cell) + 1); // only this thread writes it: no compare-and-set
    }

    /** Every thread's count, those that ended too. */
    public long sum() {
        long sum;
        synchronized (cells) {
            for (Cell cell : cells) {
                if (!cell.owner.isAlive()) { // it counts no more: folded into what ended threads counted
                    ended += (long) COUNT.getVolatile(cell);
                    cells.remove(cell);
                }
            }
            sum = ended;
            for (Cell cell : cells) {
                sum += (long) COUNT.getVolatile(cell);
            }
        }
        return sum;
    }

    private Cell register() {
        Cell cell = new Cell(Thread.currentThread());
        cells.add(cell);
        return cell;
    }

    private static final class Cell {
        final Thread owner;

        @SuppressWarnings("unused") // through COUNT
        private long count;

        Cell(Thread owner) {
            this.owner = owner;
        }
    }
}
