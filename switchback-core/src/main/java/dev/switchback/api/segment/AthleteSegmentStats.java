package dev.switchback.api.segment;

import dev.switchback.api.activity.ActivityId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One athlete's record on a segment: Strava's {@code athlete_segment_stats} and, when there is a
 * personal record, {@code athlete_pr_effort}. Shown only to a token with {@code read_all}.
 */
public record AthleteSegmentStats(
        int effortCount,
        Optional<Duration> prElapsedTime,
        Optional<Instant> prDate,
        Optional<ActivityId> prActivityId) {
    public static final AthleteSegmentStats NONE =
            new AthleteSegmentStats(0, Optional.empty(), Optional.empty(), Optional.empty());

    public AthleteSegmentStats {
        if (effortCount < 0) {
            throw new IllegalArgumentException("effortCount must be >= 0 (got " + effortCount + ")");
        }
    }

    public static AthleteSegmentStats personalRecord(
            int effortCount, Duration elapsed, Instant date, ActivityId activityId) {
        return new AthleteSegmentStats(effortCount, Optional.of(elapsed), Optional.of(date), Optional.of(activityId));
    }
}
