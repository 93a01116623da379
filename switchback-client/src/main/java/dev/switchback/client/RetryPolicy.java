package dev.switchback.client;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An opt-in retry of API calls refused for load rather than for what they asked, off by default
 * ({@link #none()}). A 429 waits until the window that is used up starts again: midnight UTC when a daily usage
 * has reached its limit (as the {@code X-RateLimit} headers report it), else the next natural quarter hour. A 503
 * waits for its {@code Retry-After} seconds (1 without one), and is retried only for a {@code GET}, {@code PUT}
 * or {@code DELETE}. At most {@code maxAttempts} attempts in all, and never a wait longer than {@code maxWait}:
 * past either, the 429 or 503 is thrown as it would be without a policy.
 */
public final class RetryPolicy {
    private static final Set<String> IDEMPOTENT = Set.of("GET", "PUT", "DELETE");
    private static final long QUARTER_HOUR = 15 * 60;
    private static final long DAY = 24 * 60 * 60;
    private static final Sleeper THREAD_SLEEP = duration -> Thread.sleep(duration.toMillis());

    /** How the policy waits; tests pass one that records instead. */
    @FunctionalInterface
    public interface Sleeper {
        /**
         * Waits {@code duration}.
         *
         * @param duration how long
         * @throws InterruptedException when the thread is interrupted
         */
        void sleep(Duration duration) throws InterruptedException;
    }

    private final int maxAttempts;
    private final Duration maxWait;
    private final Sleeper sleeper;

    private RetryPolicy(int maxAttempts, Duration maxWait, Sleeper sleeper) {
        this.maxAttempts = maxAttempts;
        this.maxWait = maxWait;
        this.sleeper = sleeper;
    }

    /** {@return no retry: every 429 and 503 is thrown at once (the default)} */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, THREAD_SLEEP);
    }

    /**
     * Retries a 429 or a 503 as described above.
     *
     * @param maxAttempts attempts in all, the first included: 1 to 100
     * @param maxWait     the longest single wait accepted, for instance 15 minutes to wait out a quarter hour
     *                    but not a day
     * @return the policy
     */
    public static RetryPolicy of(int maxAttempts, Duration maxWait) {
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("maxAttempts must be within 1..100 (got " + maxAttempts + ")");
        }
        if (maxWait == null || maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative (got " + maxWait + ")");
        }
        return new RetryPolicy(maxAttempts, maxWait, THREAD_SLEEP);
    }

    /**
     * The same policy, waiting with {@code sleeper}.
     *
     * @param sleeper how to wait
     * @return the policy
     */
    public RetryPolicy withSleeper(Sleeper sleeper) {
        return new RetryPolicy(maxAttempts, maxWait, Objects.requireNonNull(sleeper, "sleeper"));
    }

    /** How long to wait before attempt {@code attempt + 1}, or empty to give up. */
    Optional<Duration> waitAfter(int attempt, int status, HttpHeaders headers, String method, Instant now) {
        if (attempt >= maxAttempts) {
            return Optional.empty();
        }
        Duration wait;
        if (status == 429) {
            wait = untilTheWindowStarts(headers, now);
        } else if (status == 503 && IDEMPOTENT.contains(method)) {
            wait = retryAfter(headers);
        } else {
            return Optional.empty();
        }
        return wait.compareTo(maxWait) <= 0 ? Optional.of(wait) : Optional.empty();
    }

    /** Waits, as a call of this policy does; false when interrupted (the interrupt is kept). */
    boolean sleep(Duration duration) {
        try {
            sleeper.sleep(duration);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static Duration untilTheWindowStarts(HttpHeaders headers, Instant now) {
        boolean dailyUsedUp = RateLimitUsage.fromHeaders(headers)
                .map(usage -> dailyUsedUp(usage.overall())
                        || usage.read().map(RetryPolicy::dailyUsedUp).orElse(false))
                .orElse(false);
        long epoch = now.getEpochSecond();
        long window = dailyUsedUp ? DAY : QUARTER_HOUR;
        return Duration.ofSeconds((Math.floorDiv(epoch, window) + 1) * window - epoch);
    }

    private static boolean dailyUsedUp(RateLimitUsage.Bucket bucket) {
        return bucket.dailyUsage() >= bucket.dailyLimit();
    }

    private static Duration retryAfter(HttpHeaders headers) {
        return headers.firstValue("Retry-After")
                .filter(value -> value.trim().matches("[0-9]{1,6}"))
                .map(value -> Duration.ofSeconds(Long.parseLong(value.trim())))
                .orElse(Duration.ofSeconds(1));
    }
}
