package dev.switchback.athlete;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.store.Database;
import dev.switchback.store.DatabaseUrl;
import dev.switchback.testing.UnitTest;
import dev.switchback.time.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Password-guessing brakes, per account (5 free failures) and per address (20), kept in the database. */
@UnitTest
class LoginThrottleTest {
    private static final String ADDRESS = "203.0.113.7";
    private static final Duration MAX_BLOCK = Duration.ofMinutes(15);

    @TempDir
    Path directory;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private Database database;
    private LoginThrottle throttle;

    @BeforeEach
    void open() {
        database = Database.open(
                DatabaseUrl.parse(directory.resolve("switchback.db").toString()), 2);
        throttle = new LoginThrottle(database, clock, 5, 20, MAX_BLOCK);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private void fail(String username, int times) {
        for (int i = 0; i < times; i++) {
            throttle.recordFailure(username, ADDRESS);
        }
    }

    @Test
    void blockedFor_withNoFailures_isEmpty() {
        assertThat(throttle.blockedFor("marianne", ADDRESS)).isEmpty();
    }

    @Test
    void fiveFailures_leaveTheAccountOpen() {
        fail("marianne", 5);

        assertThat(throttle.blockedFor("marianne", ADDRESS)).isEmpty();
    }

    @Test
    void sixthFailure_blocksTheAccountForOneSecond_fromAnyAddress() {
        fail("marianne", 6);

        assertThat(throttle.blockedFor("marianne", ADDRESS)).contains(Duration.ofSeconds(1));
        assertThat(throttle.blockedFor("marianne", "198.51.100.1")).contains(Duration.ofSeconds(1));
        assertThat(throttle.blockedFor("pauline", "198.51.100.1")).isEmpty();
    }

    @Test
    void eachFurtherFailure_doublesTheBlock() {
        fail("marianne", 6);
        assertThat(throttle.blockedFor("marianne", ADDRESS)).contains(Duration.ofSeconds(1));
        fail("marianne", 1);
        assertThat(throttle.blockedFor("marianne", ADDRESS)).contains(Duration.ofSeconds(2));
        fail("marianne", 1);
        assertThat(throttle.blockedFor("marianne", ADDRESS)).contains(Duration.ofSeconds(4));
        fail("marianne", 1);
        assertThat(throttle.blockedFor("marianne", ADDRESS)).contains(Duration.ofSeconds(8));
    }

    @Test
    void block_neverExceedsTheMaximum() {
        fail("marianne", 5 + 30);

        assertThat(throttle.blockedFor("marianne", ADDRESS)).contains(MAX_BLOCK);
    }

    @Test
    void block_shrinksAsTheClockMoves_andEnds() {
        fail("marianne", 8);
        clock.advance(Duration.ofSeconds(3));

        assertThat(throttle.blockedFor("marianne", ADDRESS)).contains(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.blockedFor("marianne", ADDRESS)).isEmpty();
    }

    @Test
    void failuresOlderThanTheMaximumBlock_areForgotten() {
        fail("marianne", 6);
        clock.advance(MAX_BLOCK.plusSeconds(1));

        fail("marianne", 1);

        assertThat(throttle.blockedFor("marianne", ADDRESS)).isEmpty();
    }

    @Test
    void success_clearsTheAccountCount() {
        fail("marianne", 5);

        throttle.recordSuccess("marianne");
        fail("marianne", 5);

        assertThat(throttle.blockedFor("marianne", ADDRESS)).isEmpty();
    }

    @Test
    void usernames_countAlikeWhateverTheirCaseOrSpacing() {
        fail("marianne", 3);
        fail(" Marianne", 3);

        assertThat(throttle.blockedFor("MARIANNE", ADDRESS)).contains(Duration.ofSeconds(1));
    }

    @Test
    void twentyFailuresFromOneAddress_acrossAccounts_leaveTheAddressOpen() {
        for (int account = 0; account < 5; account++) {
            fail("athlete" + account, 4);
        }

        assertThat(throttle.blockedFor("someone-else", ADDRESS)).isEmpty();
    }

    @Test
    void twentyFirstFailureFromOneAddress_blocksThatAddressForEveryAccount_butNoOtherAddress() {
        for (int account = 0; account < 5; account++) {
            fail("athlete" + account, 4);
        }

        fail("athlete5", 1);

        assertThat(throttle.blockedFor("someone-else", ADDRESS)).contains(Duration.ofSeconds(1));
        assertThat(throttle.blockedFor("someone-else", "198.51.100.1")).isEmpty();
        assertThat(throttle.blockedFor("athlete0", "198.51.100.1")).isEmpty();
    }

    @Test
    void successOnOneAccount_doesNotClearTheAddressCount() {
        for (int account = 0; account < 5; account++) {
            fail("athlete" + account, 4);
        }

        throttle.recordSuccess("athlete0");
        fail("athlete5", 1);

        assertThat(throttle.blockedFor("someone-else", ADDRESS)).contains(Duration.ofSeconds(1));
    }
}
