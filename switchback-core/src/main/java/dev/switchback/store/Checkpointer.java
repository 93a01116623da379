package dev.switchback.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves SQLite's WAL checkpoints off the writer. Left to SQLite, the connection whose commit takes the WAL
 * past {@link #WRITER_CHECKPOINT_PAGES} pages checkpoints right after committing: copies the WAL into
 * the database file and flushes it, while every token request waiting on the group-commit writer waits
 * with it. Here a connection of its own runs a passive checkpoint every {@link #INTERVAL}, which takes no
 * lock a writer or reader needs. The pool's connections checkpoint only if this falls far behind.
 *
 * <p>Passive checkpoints alone never let the WAL start again from its beginning under steady writes: SQLite
 * restarts it only when a write begins with every frame copied, and the writer appends more during each
 * copy. The WAL then grew to {@link #WRITER_CHECKPOINT_PAGES}, and the writer's own checkpoint (the frames
 * since the last passive one, and a flush of the database file) held every token request for about 32 ms
 * each time, 1.2 times a second at 70% of the refresh peak (measured with {@code perf trace}). So once the
 * WAL passes {@link #RESTART_PAGES}, this thread copies again until only a few frames are left, and then
 * checkpoints with RESTART, in a turn taken from the writer between two groups: that holds the writer for
 * those frames and the flush only, and the next commit writes the WAL from its beginning.
 */
final class Checkpointer implements AutoCloseable {
    /** A pooled connection still checkpoints past this many WAL pages (40 MiB): a safety net, not the rule. */
    static final int WRITER_CHECKPOINT_PAGES = 10_000;
    /** Past this many WAL pages (16 MiB), the WAL is restarted here. */
    static final int RESTART_PAGES = 4_000;
    /** Frames left to copy under RESTART, which holds the writer meanwhile. */
    private static final int RESTART_GAP = 256;
    /** Passive copies in a row that may close the gap; each copies what the writer appended during the last. */
    private static final int CATCH_UP_PASSES = 4;

    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);

    private final DataSource files;
    private final Lock writerTurn;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "switchback-checkpoint");
        t.setDaemon(true);
        return t;
    });
    private Connection connection;

    /** {@code writerTurn} is the group-commit writer's: RESTART takes it, so the writer waits between groups. */
    Checkpointer(DataSource files, Lock writerTurn) {
        this.files = files;
        this.writerTurn = writerTurn;
        thread.scheduleWithFixedDelay(
                this::checkpoint, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void checkpoint() {
        try {
            if (connection == null || connection.isClosed()) {
                connection = files.getConnection();
                try (Statement statement = connection.createStatement()) {
                    // RESTART then gives up at once on a reader still in the WAL, rather than hold the writer's turn.
                    statement.execute("PRAGMA busy_timeout = 0");
                }
            }
            Progress progress = checkpoint("PASSIVE");
            if (progress.walPages() < RESTART_PAGES) {
                return;
            }
            for (int pass = 0; pass < CATCH_UP_PASSES && progress.left() > RESTART_GAP; pass++) {
                progress = checkpoint("PASSIVE");
            }
            if (progress.left() <= RESTART_GAP) {
                writerTurn.lock();
                try {
                    checkpoint("RESTART");
                } finally {
                    writerTurn.unlock();
                }
            }
        } catch (SQLException e) {
            LOG.warn("WAL checkpoint failed, will try again: {}", e.getMessage());
            closeConnection();
        }
    }

    /** A checkpoint in {@code mode}: the WAL's pages, and how many of them are now in the database file. */
    private Progress checkpoint(String mode) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
            return row.next() ? new Progress(row.getInt(2), row.getInt(3)) : new Progress(0, 0);
        }
    }

    private record Progress(int walPages, int copied) {
        int left() {
            return walPages - copied;
        }
    }

    private void closeConnection() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // The next checkpoint opens another.
        }
        connection = null;
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConnection();
    }
}
