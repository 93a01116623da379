package dev.switchback.athlete;

import dev.switchback.store.Database;
import dev.switchback.store.Tx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Slows down password guessing, per account and per address, on every node at once (the counts live
 * in the database). The first {@code freeFailures} failures are free; each one after them blocks the key, first for one second, then
 * twice as long after each further failure, up to {@code maxBlock}. Failures older than
 * {@code maxBlock} are forgotten. A successful login clears the account's count.
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

    /** How long the caller must still wait before trying this account from this address, if at all. */
    public Optional<Duration> blockedFor(String username, String address) {
        long now = clock.instant().getEpochSecond();
        long until = database.read(tx -> tx.sql("""
                        SELECT COALESCE(MAX(blocked_until), 0) FROM login_failures
                        WHERE throttle_key IN (:account, :address)""")
                .bind("account", accountKey(username))
                .bind("address", addressKey(address))
                .number());
        return until > now ? Optional.of(Duration.ofSeconds(until - now)) : Optional.empty();
    }

    public void recordFailure(String username, String address) {
        Instant now = clock.instant();
        database.write(tx -> {
            for (String key : new String[] {accountKey(username), addressKey(address)}) {
                recordFailure(
                        tx, key, key.startsWith("account:") ? freeFailuresPerAccount : freeFailuresPerAddress, now);
            }
            return null;
        });
    }

    private void recordFailure(Tx tx, String key, int free, Instant now) {
        tx.sql("""
                        INSERT INTO login_failures (throttle_key, failures, last_failure, blocked_until)
                        VALUES (:key, 1, :now, 0)
                        ON CONFLICT (throttle_key) DO UPDATE SET
                            failures = CASE WHEN login_failures.last_failure < :forgetBefore THEN 1
                                            ELSE login_failures.failures + 1 END,
                            last_failure = :now""")
                .bind("key", key)
                .bind("now", now)
                .bind("forgetBefore", now.minus(maxBlock))
                .update();
        long failures = tx.sql("SELECT failures FROM login_failures WHERE throttle_key = :key")
                .bind("key", key)
                .number();
        if (failures > free) {
            tx.sql("UPDATE login_failures SET blocked_until = :until WHERE throttle_key = :key")
                    .bind("key", key)
                    .bind("until", now.plus(blockFor((int) (failures - free))))
                    .update();
        }
    }

    public void recordSuccess(String username) {
        database.write(tx -> tx.sql("DELETE FROM login_failures WHERE throttle_key = :key")
                .bind("key", accountKey(username))
                .update());
    }

    private Duration blockFor(int failuresOverLimit) {
        int doublings = Math.min(failuresOverLimit - 1, 20);
        Duration block = Duration.ofSeconds(1L << doublings);
        return block.compareTo(maxBlock) > 0 ? maxBlock : block;
    }

    private static String accountKey(String username) {
        String key = username == null ? "" : username.trim().toLowerCase(java.util.Locale.ROOT);
        return "account:" + (key.length() > 100 ? key.substring(0, 100) : key);
    }

    private static String addressKey(String address) {
        return "address:" + (address == null ? "" : address);
    }
}
