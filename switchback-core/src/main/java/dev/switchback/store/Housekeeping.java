package dev.switchback.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what can no longer be used: expired access tokens, codes a day past expiry, refresh tokens
 * rotated away longer ago than the retention, grants that were approved but never exchanged,
 * forgotten login failures, expired login sessions, and webhook events delivered or given up longer ago than
 * their retention. Each table is cleaned in bounded batches (one short transaction each, on
 * an index of the expiry column). On PostgreSQL each batch takes a transaction-scoped advisory lock, so one
 * node at a time cleans; a node that finds it taken leaves the pass to the node that holds it.
 */
public final class Housekeeping {
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
    /** The advisory lock key: "switchbk" in ASCII. */
    private static final long ADVISORY_LOCK = 0x7377697463686b62L;
    /** Codes are kept a day past expiry, so a late replay still gets {@code expired}, not {@code invalid}. */
    private static final Duration CODE_GRACE = Duration.ofDays(1);
    /** A counter is needed until its UTC day is over; two days leave room for clock skew between nodes. */
    private static final Duration RATE_COUNTER_RETENTION = Duration.ofDays(2);

    private final Database database;
    private final Clock clock;
    private final int batchSize;
    private final Duration retiredRefreshRetention;
    private final Duration unusedGrantRetention;
    private final Duration loginFailureRetention;
    private final Duration webhookRetention;
    private final ReentrantLock localLock = new ReentrantLock();

    public Housekeeping(
            Database database,
            Clock clock,
            int batchSize,
            Duration retiredRefreshRetention,
            Duration unusedGrantRetention,
            Duration loginFailureRetention) {
        this(
                database,
                clock,
                batchSize,
                retiredRefreshRetention,
                unusedGrantRetention,
                loginFailureRetention,
                Duration.ofDays(7));
    }

    /** The same, keeping delivered and failed webhook events for {@code webhookRetention}. */
    public Housekeeping(
            Database database,
            Clock clock,
            int batchSize,
            Duration retiredRefreshRetention,
            Duration unusedGrantRetention,
            Duration loginFailureRetention,
            Duration webhookRetention) {
        this.database = database;
        this.clock = clock;
        this.batchSize = batchSize;
        this.retiredRefreshRetention = retiredRefreshRetention;
        this.unusedGrantRetention = unusedGrantRetention;
        this.loginFailureRetention = loginFailureRetention;
        this.webhookRetention = webhookRetention;
    }

    /**
     * One pass over every table. Returns the rows deleted per table, or an empty map when another node
     * (or another thread) holds the lock and this pass did nothing.
     */
    public Map<String, Long> runOnce() {
        if (!localLock.tryLock()) {
            return Map.of();
        }
        try {
            return clean();
        } catch (AnotherNodeCleans busy) {
            return Map.of();
        } finally {
            localLock.unlock();
        }
    }

    private Map<String, Long> clean() {
        Instant now = clock.instant();
        Map<String, Long> deleted = new LinkedHashMap<>();
        deleted.put("access_tokens", drain("""
                DELETE FROM access_tokens WHERE (grant_id, slot) IN
                    (SELECT grant_id, slot FROM access_tokens WHERE expires_at <= :before LIMIT :batch)""", now));
        deleted.put("authorization_codes", drain("""
                DELETE FROM authorization_codes WHERE digest IN
                    (SELECT digest FROM authorization_codes WHERE expires_at <= :before LIMIT :batch)""", now.minus(CODE_GRACE)));
        deleted.put("retired_refresh_tokens", drain("""
                DELETE FROM retired_refresh_tokens WHERE digest IN
                    (SELECT digest FROM retired_refresh_tokens WHERE retired_at <= :before LIMIT :batch)""", now.minus(retiredRefreshRetention)));
        deleted.put("grants", drain("""
                DELETE FROM grants WHERE id IN
                    (SELECT id FROM grants WHERE refresh_digest IS NULL AND authorized_at <= :before LIMIT :batch)""", now.minus(unusedGrantRetention)));
        deleted.put("login_failures", drain("""
                DELETE FROM login_failures WHERE throttle_key IN
                    (SELECT throttle_key FROM login_failures WHERE last_failure <= :before AND blocked_until <= :before LIMIT :batch)""", now.minus(loginFailureRetention)));
        deleted.put("sessions", drain("""
                DELETE FROM sessions WHERE digest IN
                    (SELECT digest FROM sessions WHERE expires_at <= :before LIMIT :batch)""", now));
        deleted.put("rate_counters", drain("""
                DELETE FROM rate_counters WHERE (app_id, bucket, window_start) IN
                    (SELECT app_id, bucket, window_start FROM rate_counters WHERE window_start <= :before LIMIT :batch)""", now.minus(RATE_COUNTER_RETENTION)));
        deleted.put("webhook_events", drain("""
                DELETE FROM webhook_events WHERE id IN
                    (SELECT id FROM webhook_events WHERE state <> 'pending' AND finished_at <= :before LIMIT :batch)""", now.minus(webhookRetention)));
        long total = deleted.values().stream().mapToLong(Long::longValue).sum();
        if (total > 0) {
            LOG.info("housekeeping deleted {}", deleted);
        }
        return deleted;
    }

    /**
     * Deletes batch after batch, each in its own short transaction, until a batch comes back short.
     *
     * @throws AnotherNodeCleans when another node holds the lock (PostgreSQL)
     */
    private long drain(String sql, Instant before) {
        long total = 0;
        while (true) {
            int count = database.write(tx -> {
                if (!tryAdvisoryLock(tx)) {
                    throw new AnotherNodeCleans();
                }
                return tx.sql(sql)
                        .bind("before", before)
                        .bind("batch", batchSize)
                        .update();
            });
            total += count;
            if (count < batchSize) {
                return total;
            }
        }
    }

    /** On PostgreSQL, the lock that lets one node at a time clean, held until the transaction ends. */
    private static boolean tryAdvisoryLock(Tx tx) {
        if (tx.dialect() != Dialect.POSTGRESQL) {
            return true;
        }
        return tx.sql("SELECT pg_try_advisory_xact_lock(:key)")
                .bind("key", ADVISORY_LOCK)
                .one(row -> row.getBoolean(1))
                .orElse(false);
    }

    /** Another node is cleaning now (it holds the advisory lock): this pass leaves the work to it. */
    private static final class AnotherNodeCleans extends RuntimeException {
        AnotherNodeCleans() {
            super("another node is cleaning", null, false, false);
        }
    }
}
