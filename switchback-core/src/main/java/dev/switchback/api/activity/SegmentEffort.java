package dev.switchback.api.activity;

import dev.switchback.api.segment.SegmentId;
import java.time.Instant;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One pass of an activity over a segment (contract#segment-efforts), by point index: its times, distance and
 * sensor averages, its rank among the athlete's efforts on the segment when it was made ({@code pr_rank}, 1 to
 * 3), and whether it is hidden unless {@code include_all_efforts} asks for every effort (a repeat of a segment
 * the activity already has a faster effort on). {@code id} is 0 until stored.
 */
public record SegmentEffort(
        long id,
        SegmentId segmentId,
        Instant startDate,
        long elapsedTime,
        long movingTime,
        double distance,
        int startIndex,
        int endIndex,
        OptionalDouble averageHeartrate,
        OptionalDouble maxHeartrate,
        OptionalDouble averageCadence,
        OptionalDouble averageWatts,
        OptionalInt prRank,
        boolean hidden) {

    SegmentEffort ranked(OptionalInt rank, boolean isHidden) {
        return new SegmentEffort(
                id,
                segmentId,
                startDate,
                elapsedTime,
                movingTime,
                distance,
                startIndex,
                endIndex,
                averageHeartrate,
                maxHeartrate,
                averageCadence,
                averageWatts,
                rank,
                isHidden);
    }
}
