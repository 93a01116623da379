package dev.switchback.client;

import java.net.http.HttpHeaders;
import java.util.Objects;
import java.util.Optional;

/**
 * An application's rate-limit counters as the server reported them on one response (contract#rate-limit-headers):
 * {@code X-RateLimit-Limit} and {@code X-RateLimit-Usage} for every request, and
 * {@code X-ReadRateLimit-Limit} and {@code X-ReadRateLimit-Usage} for reads. Each header holds two
 * numbers, {@code "<15-minute>,<daily>"}. Strava sends them on API responses but not on
 * {@code /oauth/token}; a response without them, or with values that do not parse, has no usage.
 *
 * @param overall the bucket every request counts toward
 * @param read    the bucket of non-upload requests, when the server reported it
 */
public record RateLimitUsage(Bucket overall, Optional<Bucket> read) {
    /** Checks that both components are present. */
    public RateLimitUsage {
        Objects.requireNonNull(overall, "overall");
        Objects.requireNonNull(read, "read");
    }

    /**
     * One bucket: its limit and the usage so far, for the current 15-minute window (reset on natural
     * quarter hours) and for the day (reset at midnight UTC).
     *
     * @param fifteenMinuteLimit requests allowed per 15 minutes
     * @param dailyLimit         requests allowed per day
     * @param fifteenMinuteUsage requests counted in the current 15-minute window
     * @param dailyUsage         requests counted today
     */
    public record Bucket(long fifteenMinuteLimit, long dailyLimit, long fifteenMinuteUsage, long dailyUsage) {
        /** {@return whether either window is used up: the next request in this bucket would get a 429} */
        public boolean exhausted() {
            return fifteenMinuteUsage >= fifteenMinuteLimit || dailyUsage >= dailyLimit;
        }
    }

    /**
     * Reads the rate-limit headers of a response (names are case-insensitive).
     *
     * @param headers the response headers
     * @return the usage, or empty when the overall pair is absent or malformed
     */
    public static Optional<RateLimitUsage> fromHeaders(HttpHeaders headers) {
        Optional<Bucket> overall = bucket(headers, "X-RateLimit-Limit", "X-RateLimit-Usage");
        return overall.map(bucket -> new RateLimitUsage(
                bucket, RateLimitUsage.bucket(headers, "X-ReadRateLimit-Limit", "X-ReadRateLimit-Usage")));
    }

    private static Optional<Bucket> bucket(HttpHeaders headers, String limitHeader, String usageHeader) {
        Optional<long[]> limit = headers.firstValue(limitHeader).flatMap(RateLimitUsage::pair);
        Optional<long[]> usage = headers.firstValue(usageHeader).flatMap(RateLimitUsage::pair);
        if (limit.isEmpty() || usage.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Bucket(limit.get()[0], limit.get()[1], usage.get()[0], usage.get()[1]));
    }

    /** {@code "600,30000"} as two non-negative numbers; empty for anything else. */
    private static Optional<long[]> pair(String value) {
        String[] parts = value.split(",", -1);
        if (parts.length != 2) {
            return Optional.empty();
        }
        try {
            long first = Long.parseLong(parts[0].trim());
            long second = Long.parseLong(parts[1].trim());
            return first < 0 || second < 0 ? Optional.empty() : Optional.of(new long[] {first, second});
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
