package dev.switchback.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.testing.StoreTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On SQLite, the WAL reaches the database file through a background checkpoint, not through the
 * connection that commits (the group-commit writer), which would make every waiting token request wait
 * for the copy and its flush.
 */
@StoreTest
class CheckpointerTest {
    @TempDir
    Path directory;

    private Database database;
    private Path file;
    private FileChannel walIndex;

    @BeforeEach
    void open() {
        file = directory.resolve("checkpoint.db");
        database = Database.open(DatabaseUrl.parse(file.toString()), 2);
    }

    @AfterEach
    void close() throws IOException {
        database.close();
        // Only now: closing a descriptor of the file drops every POSIX lock this process holds on it, SQLite's too.
        if (walIndex != null) {
            walIndex.close();
        }
    }

    @Test
    void pooledConnections_leaveCheckpointsToTheBackground_untilTheWalIsFarBehind() {
        String pages = database.read(tx ->
                tx.sql("PRAGMA wal_autocheckpoint").one(row -> row.getString(1)).orElseThrow());

        assertThat(pages).isEqualTo(Integer.toString(Checkpointer.WRITER_CHECKPOINT_PAGES));
    }

    @Test
    void committedPages_reachTheDatabaseFile_withoutTheWriterCheckpointing() throws Exception {
        database.write(tx -> tx.sql("CREATE TABLE filler (id INTEGER PRIMARY KEY, data BLOB NOT NULL)")
                .update());
        long before = Files.size(file);

        // About 2 MiB, some 500 pages: far below the pooled connections' own checkpoint threshold.
        database.write(tx -> {
            for (int i = 0; i < 500; i++) {
                tx.sql("INSERT INTO filler (data) VALUES (randomblob(4000))").update();
            }
            return null;
        });

        // The checkpoint runs every 100 ms; the deadline only ends a wait that would never end.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (size() < before + 2_000_000 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(size())
                .as("the database file, once the background checkpoint copied the WAL")
                .isGreaterThan(before + 2_000_000);
    }

    @Test
    void aLongWal_startsAgainFromItsBeginning_whileCommitsContinue() throws IOException {
        database.write(tx -> tx.sql("CREATE TABLE filler (id INTEGER PRIMARY KEY, data BLOB NOT NULL)")
                .update());

        // Commits of 20 pages one after the other, by the group-commit writer, whose turn the restart takes
        // between two commits: twice the pages at which the pooled connections would checkpoint themselves.
        // The WAL must start again each time before it grows that long, so the writer never checkpoints:
        // an invariant, not a speed (measured under load: restarted by 5,300 pages; never, without it: 10,000).
        int longest = 0;
        int restarts = 0;
        int frames = 0;
        for (int pages = 0; pages < 2 * Checkpointer.WRITER_CHECKPOINT_PAGES; pages += 20) {
            database.write(tx -> {
                for (int i = 0; i < 20; i++) {
                    tx.sql("INSERT INTO filler (data) VALUES (randomblob(4000))")
                            .update();
                }
                return null;
            });
            int now = walFrames();
            if (now < frames) {
                restarts++;
            }
            frames = now;
            longest = Math.max(longest, now);
        }

        assertThat(restarts)
                .as("times the WAL started again from its beginning")
                .isPositive();
        assertThat(longest).as("the longest the WAL grew, in pages").isLessThan(Checkpointer.WRITER_CHECKPOINT_PAGES);
    }

    /**
     * The frames in the WAL now: mxFrame of the wal-index header (https://sqlite.org/walformat.html, §2.1),
     * read without a checkpoint, which would copy the WAL itself. The header is stored twice; copies that
     * differ caught a commit writing it, so the read is repeated.
     */
    private int walFrames() throws IOException {
        if (walIndex == null) {
            walIndex = FileChannel.open(directory.resolve("checkpoint.db-shm"), StandardOpenOption.READ);
        }
        ByteBuffer header = ByteBuffer.allocate(96).order(ByteOrder.nativeOrder());
        while (true) {
            header.clear();
            walIndex.read(header, 0);
            if (header.getLong(8) == header.getLong(48 + 8) && header.getInt(16) == header.getInt(48 + 16)) {
                return header.getInt(16);
            }
        }
    }

    private long size() throws IOException {
        return Files.size(file);
    }
}
