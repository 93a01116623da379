package dev.switchback.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.Switchback;
import dev.switchback.athlete.NewAthlete;
import dev.switchback.store.testing.TestDatabase;
import dev.switchback.testing.StoreTest;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Read work sees one snapshot, on SQLite and on PostgreSQL: the deliveries list read an event and then its
 * attempts, and with each statement on its own could show an attempt beside the event as it was before it.
 * On PostgreSQL a read of one statement runs without a transaction, and a second statement runs the work again
 * in one.
 */
@StoreTest
class DatabaseReadTest {
    private TestDatabase testDatabase;
    private Switchback switchback;

    private void open(TestDatabase.Kind kind) {
        testDatabase = TestDatabase.create(kind);
        switchback = Switchback.open(
                DatabaseUrl.parse(testDatabase.url()), 2, Switchback.Options.defaults(), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        if (switchback != null) {
            switchback.close();
        }
        if (testDatabase != null) {
            testDatabase.close();
        }
    }

    private void createAthlete(String username) {
        switchback.athletes().create(new NewAthlete(username, "A", "B", "correct horse battery".toCharArray()));
    }

    private static long athletes(Tx tx) {
        return tx.sql("SELECT COUNT(*) FROM athletes").number();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aWriteThatCommitsBetweenTwoStatementsOfReadWork_isSeenByNeither(TestDatabase.Kind kind) {
        open(kind);
        createAthlete("first");
        AtomicInteger runs = new AtomicInteger();

        // On PostgreSQL the work runs twice (the first time it is stopped before its second statement), so
        // each run commits an athlete of its own.
        List<Long> seen = switchback.database().read(tx -> {
            long before = athletes(tx);
            createAthlete("between" + runs.incrementAndGet()); // committed on another connection
            return List.of(before, athletes(tx));
        });

        assertThat(seen.get(1)).isEqualTo(seen.get(0));
        assertThat(switchback.database().read(DatabaseReadTest::athletes)).isEqualTo(seen.get(0) + 1);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void readWorkOfOneStatement_runsOnce(TestDatabase.Kind kind) {
        open(kind);
        AtomicInteger runs = new AtomicInteger();

        long count = switchback.database().read(tx -> {
            runs.incrementAndGet();
            return athletes(tx);
        });

        assertThat(count).isZero();
        assertThat(runs).hasValue(1);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void readWorkThatFails_leavesItsConnectionSeeingNewCommits(TestDatabase.Kind kind) {
        open(kind);
        createAthlete("first");

        for (int i = 0; i < 4; i++) { // more times than the pool has connections
            assertThatThrownBy(() -> switchback.database().read(tx -> {
                        athletes(tx);
                        throw new IllegalStateException("the work failed");
                    }))
                    .hasMessage("the work failed");
        }
        assertThatThrownBy(() -> switchback
                        .database()
                        .read(tx -> tx.sql("SELECT nothing FROM athletes").number()))
                .isInstanceOf(Database.StatementFailedException.class);
        createAthlete("second");

        for (int i = 0; i < 4; i++) {
            assertThat(switchback.database().read(DatabaseReadTest::athletes)).isEqualTo(2L);
        }
    }

    private static String isolation(Tx tx) {
        return tx.sql("SELECT current_setting('transaction_isolation')")
                .one(row -> row.getString(1))
                .orElseThrow();
    }

    private static long backend(Tx tx) {
        return tx.sql("SELECT pg_backend_pid()").number();
    }

    @Test
    void onPostgresql_aReadOfOneStatementTakesNoTransaction_andOneOfTwoRunsBothInOneSnapshot() {
        open(TestDatabase.Kind.POSTGRESQL);

        String alone = switchback.database().read(DatabaseReadTest::isolation);
        List<String> two = switchback.database().read(tx -> List.of(isolation(tx), isolation(tx)));

        assertThat(alone).isEqualTo("read committed");
        assertThat(two).containsExactly("repeatable read", "repeatable read");
    }

    @Test
    void onPostgresql_readWorkWhoseSecondStatementFails_keepsItsConnectionInThePool() {
        open(TestDatabase.Kind.POSTGRESQL);
        AtomicLong used = new AtomicLong();

        // The failed statement aborts the work's transaction; the connection is still sound, and the pool
        // hands this thread the one it gave back last.
        assertThatThrownBy(() -> switchback.database().read(tx -> {
                    used.set(backend(tx));
                    return tx.sql("SELECT nothing FROM athletes").number();
                }))
                .isInstanceOf(Database.StatementFailedException.class);
        long next = switchback.database().read(DatabaseReadTest::backend);

        assertThat(next).isEqualTo(used.get());
        assertThat(switchback.database().read(DatabaseReadTest::isolation)).isEqualTo("read committed");
    }
}
