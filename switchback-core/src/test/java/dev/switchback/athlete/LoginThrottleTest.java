package dev.switchback.athlete;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.store.Database;
import dev.switchback.store.DatabaseUrl;
import dev.switchback.store.testing.TestDatabase;
import dev.switchback.testing.StoreTest;
import dev.switchback.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Password-guessing brakes, per account (5 free failures) and per address (20), kept in the database and
 * counted before the password is checked (contract#login); run on SQLite and on PostgreSQL.
 */
@StoreTest
class LoginThrottleTest {
    private static final String ADDRESS = "203.0.113.7";
    private static final Duration MAX_BLOCK = Duration.ofMinutes(15);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private TestDatabase testDatabase;
    private final List<Database> databases = new ArrayList<>();
    private LoginThrottle throttle;

    private void open(TestDatabase.Kind kind) {
        testDatabase = TestDatabase.create(kind);
        throttle = node();
    }

    /** Another node on the same database: its own pool, the same counts. */
    private LoginThrottle node() {
        Database database = Database.open(DatabaseUrl.parse(testDatabase.url()), 4);
        databases.add(database);
        return new LoginThrottle(database, clock, 5, 20, MAX_BLOCK);
    }

    @AfterEach
    void close() {
        databases.forEach(Database::close);
        if (testDatabase != null) {
            testDatabase.close();
        }
    }

    /** {@code times} attempts that each fail (the password was wrong), all of them let through. */
    private void fail(String username, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(throttle.take(username, ADDRESS)).as("attempt %d", i + 1).isEmpty();
        }
    }

    /** Whether an attempt would be let through now; one that is, is counted as failed. */
    private Optional<Duration> blockedFor(String username, String address) {
        return throttle.take(username, address);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void take_withNoFailures_letsTheAttemptThrough(TestDatabase.Kind kind) {
        open(kind);

        assertThat(throttle.take("marianne", ADDRESS)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void sixthAttempt_isLetThrough_butBlocksTheAccountForOneSecond_fromAnyAddress(TestDatabase.Kind kind) {
        open(kind);
        fail("marianne", 6);

        assertThat(blockedFor("marianne", ADDRESS)).contains(Duration.ofSeconds(1));
        assertThat(blockedFor("marianne", "198.51.100.1")).contains(Duration.ofSeconds(1));
        assertThat(blockedFor("pauline", "198.51.100.1")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void eachFurtherAttempt_doublesTheBlock_andAttemptsRefusedMeanwhileAreNotCounted(TestDatabase.Kind kind) {
        open(kind);
        fail("marianne", 6);
        assertThat(blockedFor("marianne", ADDRESS)).contains(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        fail("marianne", 1);
        assertThat(blockedFor("marianne", ADDRESS)).contains(Duration.ofSeconds(2));
        assertThat(blockedFor("marianne", ADDRESS)).contains(Duration.ofSeconds(2));
        clock.advance(Duration.ofSeconds(2));
        fail("marianne", 1);
        assertThat(blockedFor("marianne", ADDRESS)).contains(Duration.ofSeconds(4));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void block_neverExceedsTheMaximum(TestDatabase.Kind kind) {
        open(kind);
        fail("marianne", 6);
        for (int i = 0; i < 30; i++) {
            clock.advance(blockedFor("marianne", ADDRESS).orElseThrow());
            fail("marianne", 1);
        }

        assertThat(blockedFor("marianne", ADDRESS)).contains(MAX_BLOCK);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void block_shrinksAsTheClockMoves_andEnds(TestDatabase.Kind kind) {
        open(kind);
        fail("marianne", 6);
        clock.advance(Duration.ofSeconds(1));
        fail("marianne", 1);
        clock.advance(Duration.ofSeconds(2));
        fail("marianne", 1);
        clock.advance(Duration.ofSeconds(3));

        assertThat(blockedFor("marianne", ADDRESS)).contains(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.take("marianne", ADDRESS)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void attemptsOlderThanTheMaximumBlock_areForgotten(TestDatabase.Kind kind) {
        open(kind);
        fail("marianne", 6);
        clock.advance(MAX_BLOCK.plusSeconds(1));

        fail("marianne", 5);

        assertThat(throttle.take("marianne", ADDRESS)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void success_clearsTheAccountCount(TestDatabase.Kind kind) {
        open(kind);
        fail("marianne", 5);

        assertThat(throttle.take("marianne", ADDRESS)).isEmpty();
        throttle.succeeded("marianne", ADDRESS);
        fail("marianne", 5);

        assertThat(throttle.take("marianne", ADDRESS)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void usernames_countAlikeWhateverTheirCaseOrSpacing(TestDatabase.Kind kind) {
        open(kind);
        fail("marianne", 3);
        fail(" Marianne", 3);

        assertThat(blockedFor("MARIANNE", ADDRESS)).contains(Duration.ofSeconds(1));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void twentyFailuresFromOneAddress_acrossAccounts_leaveTheAddressOpen(TestDatabase.Kind kind) {
        open(kind);
        for (int account = 0; account < 5; account++) {
            fail("athlete" + account, 4);
        }

        assertThat(throttle.take("someone-else", ADDRESS)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void twentyFirstAttemptFromOneAddress_blocksThatAddressForEveryAccount_butNoOtherAddress(TestDatabase.Kind kind) {
        open(kind);
        for (int account = 0; account < 5; account++) {
            fail("athlete" + account, 4);
        }

        fail("athlete5", 1);

        assertThat(blockedFor("someone-else", ADDRESS)).contains(Duration.ofSeconds(1));
        assertThat(blockedFor("someone-else", "198.51.100.1")).isEmpty();
        assertThat(blockedFor("athlete0", "198.51.100.1")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void attemptTheAddressRefuses_isNotCountedForTheAccount(TestDatabase.Kind kind) {
        open(kind);
        for (int account = 0; account < 5; account++) {
            fail("athlete" + account, 4);
        }
        fail("athlete5", 1);

        for (int i = 0; i < 10; i++) {
            assertThat(throttle.take("marianne", ADDRESS)).isPresent();
        }

        assertThat(throttle.take("marianne", "198.51.100.1")).isEmpty();
        for (int i = 0; i < 4; i++) {
            assertThat(throttle.take("marianne", "198.51.100.1")).isEmpty();
        }
        assertThat(throttle.take("marianne", "198.51.100.1"))
                .as("the sixth attempt")
                .isEmpty();
        assertThat(throttle.take("marianne", "198.51.100.1")).isPresent();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void successOnOneAccount_takesOnlyItsOwnAttemptBackFromTheAddress(TestDatabase.Kind kind) {
        open(kind);
        for (int account = 0; account < 5; account++) {
            fail("athlete" + account, 4);
        }

        assertThat(throttle.take("athlete0", ADDRESS)).as("the 21st attempt").isEmpty();
        throttle.succeeded("athlete0", ADDRESS);
        assertThat(throttle.take("someone-else", ADDRESS))
                .as("the 20 failures stand; the success lifted the block its attempt set")
                .isEmpty();

        assertThat(blockedFor("someone-else", ADDRESS)).contains(Duration.ofSeconds(1));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void parallelAttemptsOnTwoNodes_letThroughOnlyTheFreeOnesAndOneMore(TestDatabase.Kind kind) throws Exception {
        open(kind);
        List<LoginThrottle> nodes = List.of(throttle, node());
        int attempts = 40;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Optional<Duration>>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < attempts; i++) {
                LoginThrottle node = nodes.get(i % 2);
                outcomes.add(pool.submit(() -> {
                    go.await();
                    return node.take("marianne", ADDRESS);
                }));
            }
            go.countDown();
            int letThrough = 0;
            for (Future<Optional<Duration>> outcome : outcomes) {
                if (outcome.get(60, TimeUnit.SECONDS).isEmpty()) {
                    letThrough++;
                }
            }

            assertThat(letThrough).isEqualTo(6);
            assertThat(throttle.take("marianne", ADDRESS)).contains(Duration.ofSeconds(1));
        } finally {
            pool.shutdownNow();
        }
    }
}
