package dev.switchback.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves SQLite's WAL checkpoints off the writer. Left to SQLite, the connection whose commit takes the WAL
 * past {@link #WRITER_CHECKPOINT_PAGES} pages checkpoints right after committing: copies the WAL into
 * the database file and flushes it, while every token request waiting on the group-commit writer waits
 * with it. Here a connection of its own runs a passive checkpoint every {@link #INTERVAL}, which takes no
 * lock a writer or reader needs. The pool's connections checkpoint only if this falls far behind.
 */
final class Checkpointer implements AutoCloseable {
    /** A pooled connection still checkpoints past this many WAL pages (40 MiB): a safety net, not the rule. */
    static final int WRITER_CHECKPOINT_PAGES = 10_000;
    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);

    private final DataSource files;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "switchback-checkpoint");
        t.setDaemon(true);
        return t;
    });
    private Connection connection;

    Checkpointer(DataSource files) {
        this.files = files;
        thread.scheduleWithFixedDelay(this::checkpoint, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void checkpoint() {
        try {
            if (connection == null || connection.isClosed()) {
                connection = files.getConnection();
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
            }
        } catch (SQLException e) {
            LOG.warn("WAL checkpoint failed, will try again: {}", e.getMessage());
            closeConnection();
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
