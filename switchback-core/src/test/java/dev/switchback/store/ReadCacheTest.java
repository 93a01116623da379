package dev.switchback.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.store.testing.AnotherProcess;
import dev.switchback.testing.StoreTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wal-index counts every commit of every process, and a cache of reads checked against it is never
 * behind the database.
 */
@StoreTest
class ReadCacheTest {
    @TempDir
    Path directory;

    private Path file;
    private Database database;
    private WalIndex index;
    private final AtomicInteger reads = new AtomicInteger();

    @BeforeEach
    void open() {
        file = directory.resolve("cache.db");
        database = Database.open(DatabaseUrl.parse(file.toString()), 2);
        database.write(
                tx -> tx.sql("CREATE TABLE probe (id INTEGER PRIMARY KEY, tag INTEGER NOT NULL, value TEXT NOT NULL)")
                        .update());
        database.write(tx -> tx.sql("INSERT INTO probe VALUES (1, 10, 'one'), (2, 20, 'two'), (3, 30, 'three')")
                .update());
        index = WalIndex.open(Database.sqliteDataSource(DatabaseUrl.parse(file.toString())))
                .orElseThrow();
    }

    @AfterEach
    void close() {
        database.close();
        index.close();
    }

    @Test
    void theWalIndexCountsOneForEachCommit_ofThisProcessOrAnother() {
        long before = index.read().commits();

        database.write(
                tx -> tx.sql("UPDATE probe SET value = 'uno' WHERE id = 1").update());
        AnotherProcess.execute(file, "UPDATE probe SET value = 'dos' WHERE id = 2");

        assertThat(index.read().commits() - before).isEqualTo(2);
    }

    @Test
    void theWalIndexCountsNothing_forReadsOrTransactionsThatChangedNoRow() {
        long before = index.read().commits();

        database.read(tx -> tx.sql("SELECT count(*) FROM probe").number());
        database.write(
                tx -> tx.sql("UPDATE probe SET value = 'x' WHERE id = 99").update());

        assertThat(index.read().commits()).isEqualTo(before);
    }

    @Test
    void closingAnotherDatabaseOnTheSameFile_leavesThisProcesssLocksInPlace() {
        Database.open(DatabaseUrl.parse(file.toString()), 1).close();
        long before = index.read().commits();

        AnotherProcess.execute(file, "UPDATE probe SET value = 'dos' WHERE id = 2");

        assertThat(index.read().commits() - before)
                .as("commits counted on, not rebuilt from zero")
                .isEqualTo(1);
    }

    @Test
    void aDatabaseOpenedThroughASymbolicLink_watchesTheRealFilesWalIndex() throws Exception {
        Path link = Files.createSymbolicLink(directory.resolve("link.db"), file);
        try (Database linked = Database.open(DatabaseUrl.parse(link.toString()), 1)) {
            ReadCache<Long, Row> cache = linked.readCache(10, Row::tag, "grants");
            cache.get(1L, () -> read(1));
            cache.get(1L, () -> read(1));
            assertThat(reads).as("cached through the link").hasValue(1);

            AnotherProcess.execute(file, "UPDATE probe SET value = 'changed' WHERE id = 1");

            assertThat(cache.get(1L, () -> read(1)))
                    .get()
                    .extracting(Row::value)
                    .isEqualTo("changed");
        }
    }

    @Test
    void aCachedRow_isReadOnce_whileNothingIsCommitted() {
        ReadCache<Long, Row> cache = cacheOfProbes(10);

        cache.get(1L, () -> read(1));
        cache.get(1L, () -> read(1));

        assertThat(reads).hasValue(1);
    }

    @Test
    void aCommitOfAnotherProcess_isSeenByTheNextRead() {
        ReadCache<Long, Row> cache = cacheOfProbes(10);
        cache.get(1L, () -> read(1));

        AnotherProcess.execute(file, "UPDATE probe SET value = 'changed' WHERE id = 1");

        assertThat(cache.get(1L, () -> read(1))).get().extracting(Row::value).isEqualTo("changed");
    }

    @Test
    void aWriterCommit_evictsOnlyTheTagsItDeclares() {
        ReadCache<Long, Row> cache = cacheOfProbes(10);
        cache.get(1L, () -> read(1));
        cache.get(2L, () -> read(2));

        changeRowOneThroughTheWriter();
        reads.set(0);

        assertThat(cache.get(1L, () -> read(1))).get().extracting(Row::value).isEqualTo("changed");
        assertThat(cache.get(2L, () -> read(2))).get().extracting(Row::value).isEqualTo("two");
        assertThat(reads).as("rows read again: only the evicted one").hasValue(1);
    }

    @Test
    void aWriterCommitToACachedTableThatNamesNoGrant_emptiesTheCache() {
        ReadCache<Long, Row> cache = cacheOfProbes(10);
        cache.get(2L, () -> read(2));

        database.write(tx -> tx.sql("""
                INSERT INTO athletes (username, password_hash, firstname, lastname, created_at, updated_at)
                VALUES ('someone', 'x', 'A', 'B', 0, 0)""").update());
        reads.set(0);
        cache.get(2L, () -> read(2));

        assertThat(reads).hasValue(1);
    }

    @Test
    void aWriterCommitToATableNoCacheHolds_evictsNothing() {
        ReadCache<Long, Row> cache = cacheOfProbes(10);
        cache.get(2L, () -> read(2));

        database.write(tx -> tx.sql(
                        "INSERT INTO login_failures (throttle_key, failures, last_failure, blocked_until) VALUES ('k', 1, 0, 0)")
                .update());
        reads.set(0);
        cache.get(2L, () -> read(2));

        assertThat(reads).hasValue(0);
    }

    @Test
    void aCacheOfATableWhoseWritesAreNotAccountedFor_isRefused() {
        assertThatThrownBy(() -> database.readCache(10, Row::tag, "activities"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("activities");
    }

    @Test
    void aRowReadBeforeAnEviction_isNotKept_soItCannotOutliveTheCommit() {
        ReadCache<Long, Row> cache = cacheOfProbes(10);
        Supplier<Optional<Row>> readThenCommit = () -> {
            Optional<Row> row = read(1);
            changeRowOneThroughTheWriter();
            return row;
        };

        assertThat(cache.get(1L, readThenCommit)).get().extracting(Row::value).isEqualTo("one");

        assertThat(cache.get(1L, () -> read(1))).get().extracting(Row::value).isEqualTo("changed");
    }

    @Test
    void theCacheKeepsNoMoreRowsThanItsCapacity() {
        ReadCache<Long, Row> cache = cacheOfProbes(2);

        for (long id = 1; id <= 3; id++) {
            long key = id;
            cache.get(key, () -> read(key));
        }

        assertThat(cache.size()).isLessThanOrEqualTo(2);
    }

    @Test
    void anAbsentRow_isNotCached() {
        ReadCache<Long, Row> cache = cacheOfProbes(10);

        cache.get(9L, () -> read(9));
        cache.get(9L, () -> read(9));

        assertThat(reads).hasValue(2);
    }

    private record Row(long id, long tag, String value) {}

    /**
     * A cache of probe rows, standing for a cache of grant rows: each row's tag is its "grant", and the writes
     * below declare the grant they changed as a store of grants does.
     */
    private ReadCache<Long, Row> cacheOfProbes(int capacity) {
        return database.readCache(capacity, Row::tag, "grants");
    }

    /** Row 1 (tag 10) changed by the group-commit writer, which declares the grant (tag) it changed. */
    private void changeRowOneThroughTheWriter() {
        database.write(tx -> {
            tx.sql("UPDATE probe SET value = 'changed' WHERE id = 1").update();
            tx.changedGrant(() -> 10);
            return null;
        });
    }

    private Optional<Row> read(long id) {
        reads.incrementAndGet();
        return database.read(tx -> tx.sql("SELECT id, tag, value FROM probe WHERE id = :id")
                .bind("id", id)
                .one(rs -> new Row(rs.getLong(1), rs.getLong(2), rs.getString(3))));
    }
}
