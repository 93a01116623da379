package dev.switchback.ratelimit;

/**
 * An app's limits (contract#rate-limit-buckets): the overall bucket counts every request, the read bucket every request
 * but uploads and manual activities; each has a 15-minute and a daily limit.
 */
public record RateLimits(int overall15Min, int overallDaily, int read15Min, int readDaily) {
    /** Strava's defaults: 200 / 2,000 overall, 100 / 1,000 read. */
    public static final RateLimits STRAVA_DEFAULT = new RateLimits(200, 2000, 100, 1000);

    public RateLimits {
        check("overall", overall15Min, overallDaily);
        check("read", read15Min, readDaily);
    }

    private static void check(String bucket, int quarterHour, int daily) {
        if (quarterHour < 1 || daily < 1) {
            throw new IllegalArgumentException(
                    bucket + " rate limits must be at least 1 (got " + quarterHour + "," + daily + ")");
        }
        if (daily < quarterHour) {
            throw new IllegalArgumentException(
                    bucket + " daily limit must be >= its 15-minute limit (got " + daily + " < " + quarterHour + ")");
        }
    }

    /** Parses Strava's header form, {@code 15min,daily}, e.g. {@code 200,2000}. */
    public static int[] parsePair(String bucket, String value) {
        String[] parts = value == null ? new String[0] : value.trim().split("\\s*,\\s*");
        try {
            if (parts.length == 2) {
                return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                bucket + " rate limit must be '15MIN,DAILY', e.g. 200,2000 (got '" + value + "')");
    }
}
