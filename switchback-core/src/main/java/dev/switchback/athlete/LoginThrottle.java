package dev.switchback.athlete;

import dev.switchback.store.Database;
import dev.switchback.store.Tx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Slows down password guessing, per account and per address, on every node at once (the counts live in the
 * database; contract#login). Every attempt is counted <em>before</em> its password is checked, by one
 * statement per key that increments the count only while the key is not blocked, so no number of parallel
 * attempts, on any number of nodes, gets past the count: of a burst, at most the free attempts and one more
 * are checked. The first {@code freeFailures} attempts are free; each one after them blocks the key, first for
 * one second, then twice as long after each further attempt, up to {@code maxBlock}; an attempt refused while
 * the key is blocked is not counted. Attempts older than {@code maxBlock} are forgotten. A successful login
 * clears the account's count and takes its attempt back from the address's.
 */
public final class LoginThrottle {
    private final Database database;
    private final Clock clock;
    private final int freeFailuresPerAccount;
    private final int freeFailuresPerAddress;
    private final Duration maxBlock;

    public LoginThrottle(
            Database database, Clock clock, int freeFailuresPerAccount, int freeFailuresPerAddress, Duration maxBlock) {
        this.database = database;
        this.clock = clock;
        this.freeFailuresPerAccount = freeFailuresPerAccount;
        this.freeFailuresPerAddress = freeFailuresPerAddress;
        this.maxBlock = maxBlock;
    }

    /**
     * Counts one attempt for the account and the address, before the password is checked: empty if the
     * attempt may go ahead, else how long the caller must still wait (and nothing was counted). Both keys are
     * counted in one transaction: an attempt the address refuses gives the account its attempt back.
     */
    public Optional<Duration> take(String username, String address) {
        Instant now = clock.instant();
        String account = accountKey(username);
        String origin = addressKey(address);
        return database.write(tx -> {
            if (!take(tx, account, freeFailuresPerAccount, now)) {
                return Optional.of(blockedFor(tx, account, origin, now));
            }
            if (!take(tx, origin, freeFailuresPerAddress, now)) {
                undo(tx, account);
                return Optional.of(blockedFor(tx, account, origin, now));
            }
            return Optional.empty();
        });
    }

    /**
     * The attempt taken for {@code username} from {@code address} succeeded: the account's count is cleared,
     * and the address gets the attempt back (with any block that attempt alone set).
     */
    public void succeeded(String username, String address) {
        database.write(tx -> {
            tx.sql("DELETE FROM login_failures WHERE throttle_key = :key")
                    .bind("key", accountKey(username))
                    .update();
            giveBack(tx, addressKey(address), freeFailuresPerAddress);
            return null;
        });
    }

    /**
     * One attempt for {@code key}, counted only if the key is not blocked now; the row's lock (PostgreSQL) or
     * the write lock (SQLite) makes the check and the count one step. Past {@code free}, the attempt blocks
     * the key before its password is checked, so the attempts racing it are refused.
     */
    private boolean take(Tx tx, String key, int free, Instant now) {
        Optional<Long> attempts = tx.sql("""
                        INSERT INTO login_failures (throttle_key, failures, last_failure, blocked_until)
                        VALUES (:key, 1, :now, 0)
                        ON CONFLICT (throttle_key) DO UPDATE SET
                            failures = CASE WHEN login_failures.last_failure < :forgetBefore THEN 1
                                            ELSE login_failures.failures + 1 END,
                            last_failure = :now
                        WHERE login_failures.blocked_until <= :now
                        RETURNING failures""")
                .bind("key", key)
                .bind("now", now)
                .bind("forgetBefore", now.minus(maxBlock))
                .one(row -> row.getLong(1));
        if (attempts.isEmpty()) {
            return false;
        }
        if (attempts.get() > free) {
            tx.sql("UPDATE login_failures SET blocked_until = :until WHERE throttle_key = :key")
                    .bind("key", key)
                    .bind("until", now.plus(blockFor((int) Math.min(attempts.get() - free, 64))))
                    .update();
        }
        return true;
    }

    /**
     * Undoes the attempt this transaction just counted: the key's block had run out when it was taken (else
     * it would not have been counted), and this transaction holds the key since, so no block is left.
     */
    private static void undo(Tx tx, String key) {
        tx.sql("UPDATE login_failures SET failures = failures - 1, blocked_until = 0 WHERE throttle_key = :key")
                .bind("key", key)
                .update();
    }

    /**
     * Takes back an attempt that did not fail, once its transaction is over. Back within the free attempts, no other attempt past them is
     * counted, so the block can only be the one this attempt set: it goes too.
     */
    private static void giveBack(Tx tx, String key, int free) {
        tx.sql("""
                        UPDATE login_failures SET
                            failures = failures - 1,
                            blocked_until = CASE WHEN failures - 1 <= :free THEN 0 ELSE blocked_until END
                        WHERE throttle_key = :key AND failures > 0""").bind("key", key).bind("free", free).update();
    }

    private static Duration blockedFor(Tx tx, String account, String address, Instant now) {
        long until =
                tx.sql("""
                        SELECT COALESCE(MAX(blocked_until), 0) FROM login_failures
                        WHERE throttle_key IN (:account, :address)""").bind("account", account).bind("address", address).number();
        return Duration.ofSeconds(Math.max(1, until - now.getEpochSecond()));
    }

    private Duration blockFor(int attemptsOverLimit) {
        int doublings = Math.min(attemptsOverLimit - 1, 20);
        Duration block = Duration.ofSeconds(1L << doublings);
        return block.compareTo(maxBlock) > 0 ? maxBlock : block;
    }

    private static String accountKey(String username) {
        String key = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        return "account:" + (key.length() > 100 ? key.substring(0, 100) : key);
    }

    private static String addressKey(String address) {
        return "address:" + (address == null ? "" : address);
    }
}
