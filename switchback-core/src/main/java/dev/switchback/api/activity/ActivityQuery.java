package dev.switchback.api.activity;

import dev.switchback.api.Page;
import dev.switchback.api.ParamValues;
import dev.switchback.request.Params;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code GET /athlete/activities}: {@code before} and {@code after} (epoch seconds, exclusive),
 * {@code page} (from 1) and {@code per_page} (default 30, at most 200, as on Strava).
 */
public record ActivityQuery(Optional<Instant> before, Optional<Instant> after, Page page) {
    /** Epoch seconds up to the year 9999. */
    private static final long MAX_EPOCH = 253_402_300_799L;

    public static ActivityQuery parse(Params params) {
        ParamValues values = ParamValues.of(params, "Activity");
        return new ActivityQuery(
                values.decimal("before", 0, MAX_EPOCH).map(ActivityQuery::instant),
                values.decimal("after", 0, MAX_EPOCH).map(ActivityQuery::instant),
                Page.parse(params, "Activity"));
    }

    private static Instant instant(double epochSeconds) {
        return Instant.ofEpochSecond((long) Math.floor(epochSeconds));
    }

    public static ActivityQuery firstPage(int perPage) {
        return new ActivityQuery(Optional.empty(), Optional.empty(), new Page(1, perPage));
    }

    /**
     * Strava lists newest first, except with only {@code after}: then from {@code after} forwards, oldest
     * first, so that a client can page through everything since a date.
     */
    public boolean oldestFirst() {
        return after.isPresent() && before.isEmpty();
    }
}
