package dev.switchback.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Strava's SummarySegment ({@code resource_state} 2: starred segments, a route's or an effort's segment)
 * and DetailedSegment (3, {@code GET /segments/{id}}). The detailed-only fields are empty in a summary; the
 * athlete's own record comes only to a token with {@code read_all}.
 *
 * @param id                  the segment's id
 * @param resourceState       2 (summary) or 3 (detailed)
 * @param name                its name
 * @param activityType        {@code Ride} or {@code Run}
 * @param distance            metres
 * @param averageGrade        percent
 * @param maximumGrade        percent
 * @param elevationHigh       metres
 * @param elevationLow        metres
 * @param startLatlng         latitude and longitude of its start
 * @param endLatlng           latitude and longitude of its end
 * @param climbCategory       0 (none) to 5 (hors catégorie)
 * @param city                city
 * @param state               state or region
 * @param country             country
 * @param isPrivate           whether it is private ({@code private} on the wire)
 * @param hazardous           whether it is flagged hazardous
 * @param starred             whether the authenticated athlete starred it
 * @param createdAt           detailed only
 * @param updatedAt           detailed only
 * @param totalElevationGain  detailed only: metres
 * @param map                 detailed only: its path
 * @param effortCount         detailed only: efforts by everyone
 * @param athleteCount        detailed only: athletes who did it
 * @param starCount           detailed only: athletes who starred it
 * @param athletePrEffort     the authenticated athlete's record, when there is one
 * @param athleteSegmentStats the authenticated athlete's record and effort count
 */
public record Segment(
        long id,
        int resourceState,
        Optional<String> name,
        Optional<String> activityType,
        double distance,
        double averageGrade,
        double maximumGrade,
        OptionalDouble elevationHigh,
        OptionalDouble elevationLow,
        List<Double> startLatlng,
        List<Double> endLatlng,
        int climbCategory,
        Optional<String> city,
        Optional<String> state,
        Optional<String> country,
        @JsonProperty("private") boolean isPrivate,
        boolean hazardous,
        boolean starred,
        Optional<Instant> createdAt,
        Optional<Instant> updatedAt,
        OptionalDouble totalElevationGain,
        Optional<PolylineMap> map,
        OptionalInt effortCount,
        OptionalInt athleteCount,
        OptionalInt starCount,
        Optional<PrEffort> athletePrEffort,
        Optional<Stats> athleteSegmentStats) {
    /** Absent lists become empty ones. */
    public Segment {
        startLatlng = Lists.orEmpty(startLatlng);
        endLatlng = Lists.orEmpty(endLatlng);
    }

    /**
     * The authenticated athlete's record on the segment ({@code athlete_pr_effort}).
     *
     * @param prActivityId  the activity of the record
     * @param prElapsedTime seconds
     * @param prDate        when it was done
     * @param effortCount   the athlete's efforts on the segment
     */
    public record PrEffort(OptionalLong prActivityId, int prElapsedTime, Optional<Instant> prDate, int effortCount) {}

    /**
     * The authenticated athlete's statistics on the segment ({@code athlete_segment_stats}).
     *
     * @param prElapsedTime seconds, when there is a record
     * @param prDate        the day of the record, where it was done
     * @param effortCount   the athlete's efforts on the segment
     */
    public record Stats(OptionalInt prElapsedTime, Optional<LocalDate> prDate, int effortCount) {}
}
