package dev.switchback.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.testing.StoreTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @BeforeEach
    void open() {
        file = directory.resolve("checkpoint.db");
        database = Database.open(DatabaseUrl.parse(file.toString()), 2);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void pooledConnections_leaveCheckpointsToTheBackground_untilTheWalIsFarBehind() {
        String pages = database.jdbi().withHandle(h -> h.createQuery("PRAGMA wal_autocheckpoint").mapTo(String.class).one());

        assertThat(pages).isEqualTo(Integer.toString(Checkpointer.WRITER_CHECKPOINT_PAGES));
    }

    @Test
    void committedPages_reachTheDatabaseFile_withoutTheWriterCheckpointing() throws Exception {
        database.jdbi().useHandle(h -> h.execute("CREATE TABLE filler (id INTEGER PRIMARY KEY, data BLOB NOT NULL)"));
        long before = Files.size(file);

        // About 2 MiB, some 500 pages: far below the pooled connections' own checkpoint threshold.
        database.jdbi().useTransaction(h -> {
            for (int i = 0; i < 500; i++) {
                h.createUpdate("INSERT INTO filler (data) VALUES (randomblob(4000))").execute();
            }
        });

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (size() < before + 2_000_000 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(size()).as("the database file, once the background checkpoint copied the WAL").isGreaterThan(before + 2_000_000);
    }

    @Test
    void aLongWal_startsAgainFromItsBeginning_whileCommitsContinue() {
        database.jdbi().useHandle(h -> h.execute("CREATE TABLE filler (id INTEGER PRIMARY KEY, data BLOB NOT NULL)"));

        // About 8,000 pages, twice the restart threshold, in commits of 20 pages one after the other, by the
        // group-commit writer, whose turn the restart takes between two commits.
        for (int commit = 0; commit < 400; commit++) {
            database.writes().inTransaction((h, stale) -> {
                for (int i = 0; i < 20; i++) {
                    h.createUpdate("INSERT INTO filler (data) VALUES (randomblob(4000))").execute();
                }
                return null;
            });
        }
        int walPages = database.jdbi().withHandle(h -> h.createQuery("PRAGMA wal_checkpoint(PASSIVE)").map((row, ctx) -> row.getInt(2)).one());

        assertThat(walPages).as("pages in the WAL after some 8,000 were committed").isLessThan(Checkpointer.RESTART_PAGES + 1_000);
    }

    private long size() throws IOException {
        return Files.size(file);
    }
}
