package dev.switchback.client.model;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Strava's DetailedSegmentEffort, as a DetailedActivity lists it in {@code segment_efforts} (with its
 * {@code segment}) and in {@code best_efforts} (a run's fastest 400 m, 1 km, mile..., without one).
 *
 * @param id               the effort's id
 * @param resourceState    2
 * @param name             the segment's name, or the best effort's distance name
 * @param activity         the activity
 * @param athlete          the athlete
 * @param elapsedTime      seconds
 * @param movingTime       seconds
 * @param startDate        when it started
 * @param startDateLocal   when it started, on the clock where it was done
 * @param distance         metres
 * @param startIndex       its first point in the activity's streams
 * @param endIndex         its last point in the activity's streams
 * @param averageCadence   when recorded
 * @param deviceWatts      whether the watts came from a power meter
 * @param averageWatts     when recorded
 * @param averageHeartrate when recorded
 * @param maxHeartrate     when recorded
 * @param segment          the segment (a segment effort only)
 * @param prRank           1 to 3 for a personal record
 * @param achievements     the effort's achievements
 * @param visibility       the activity's visibility (a segment effort only)
 * @param komRank          1 to 10 for a top-ten effort
 * @param hidden           whether the effort is hidden (a segment effort only)
 */
public record SegmentEffort(
        long id,
        int resourceState,
        Optional<String> name,
        Optional<MetaActivity> activity,
        Optional<MetaAthlete> athlete,
        int elapsedTime,
        int movingTime,
        Optional<Instant> startDate,
        Optional<LocalDateTime> startDateLocal,
        double distance,
        int startIndex,
        int endIndex,
        OptionalDouble averageCadence,
        Optional<Boolean> deviceWatts,
        OptionalDouble averageWatts,
        OptionalDouble averageHeartrate,
        OptionalDouble maxHeartrate,
        Optional<Segment> segment,
        OptionalInt prRank,
        List<Achievement> achievements,
        Optional<String> visibility,
        OptionalInt komRank,
        Optional<Boolean> hidden) {
    /** An absent list becomes an empty one. */
    public SegmentEffort {
        achievements = Lists.orEmpty(achievements);
    }
}
