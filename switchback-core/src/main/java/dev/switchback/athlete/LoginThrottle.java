package dev.switchback.athlete;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Slows down password guessing, per account and per address, on every node at once (the counts live
 * in the database). The first {@code freeFailures} failures are free; each one after them blocks the key, first for one second, then
 * twice as long after each further failure, up to {@code maxBlock}. Failures older than
 * {@code maxBlock} are forgotten. A successful login clears the account's count.
 */
public final class LoginThrottle {
    private final Jdbi jdbi;
    private final Clock clock;
    private final int freeFailuresPerAccount;
    private final int freeFailuresPerAddress;
    private final Duration maxBlock;

    public LoginThrottle(Jdbi jdbi, Clock clock, int freeFailuresPerAccount, int freeFailuresPerAddress, Duration maxBlock) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.freeFailuresPerAccount = freeFailuresPerAccount;
        this.freeFailuresPerAddress = freeFailuresPerAddress;
        this.maxBlock = maxBlock;
    }

    /** How long the caller must still wait before trying this account from this address, if at all. */
    public Optional<Duration> blockedFor(String username, String address) {
        long now = clock.instant().getEpochSecond();
        long until = jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT COALESCE(MAX(blocked_until), 0) FROM login_failures
                        WHERE throttle_key IN (:account, :address)""")
                .bind("account", accountKey(username))
                .bind("address", addressKey(address))
                .mapTo(Long.class)
                .one());
        return until > now ? Optional.of(Duration.ofSeconds(until - now)) : Optional.empty();
    }

    public void recordFailure(String username, String address) {
        Instant now = clock.instant();
        jdbi.useTransaction(handle -> {
            for (String key : new String[] {accountKey(username), addressKey(address)}) {
                int free = key.startsWith("account:") ? freeFailuresPerAccount : freeFailuresPerAddress;
                handle.createUpdate("""
                                INSERT INTO login_failures (throttle_key, failures, last_failure, blocked_until)
                                VALUES (:key, 1, :now, 0)
                                ON CONFLICT (throttle_key) DO UPDATE SET
                                    failures = CASE WHEN login_failures.last_failure < :forgetBefore THEN 1
                                                    ELSE login_failures.failures + 1 END,
                                    last_failure = :now""")
                        .bind("key", key)
                        .bind("now", now.getEpochSecond())
                        .bind("forgetBefore", now.minus(maxBlock).getEpochSecond())
                        .execute();
                int failures = handle.createQuery("SELECT failures FROM login_failures WHERE throttle_key = :key")
                        .bind("key", key).mapTo(Integer.class).one();
                if (failures > free) {
                    handle.createUpdate("UPDATE login_failures SET blocked_until = :until WHERE throttle_key = :key")
                            .bind("key", key)
                            .bind("until", now.plus(blockFor(failures - free)).getEpochSecond())
                            .execute();
                }
            }
        });
    }

    public void recordSuccess(String username) {
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM login_failures WHERE throttle_key = :key")
                .bind("key", accountKey(username))
                .execute());
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
