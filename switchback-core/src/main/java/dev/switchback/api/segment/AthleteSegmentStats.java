package dev.switchback.api.segment;

import dev.switchback.api.activity.ActivityId;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * One athlete's record on a segment, counted from their stored efforts (contract#segment-efforts): Strava's
 * {@code athlete_segment_stats} and, when there is a personal record, {@code athlete_pr_effort}. Shown only to a
 * token with {@code read_all}.
 *
 * @param prLocalDate the day of the record where it was ridden ({@code athlete_segment_stats.pr_date})
 */
public record AthleteSegmentStats(
        int effortCount,
        Optional<Duration> prElapsedTime,
        Optional<Instant> prDate,
        Optional<LocalDate> prLocalDate,
        Optional<ActivityId> prActivityId) {
    public static final AthleteSegmentStats NONE =
            new AthleteSegmentStats(0, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public AthleteSegmentStats {
        if (effortCount < 0) {
            throw new IllegalArgumentException("effortCount must be >= 0 (got " + effortCount + ")");
        }
    }
}
