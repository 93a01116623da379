package dev.switchback.api.segment;

import dev.switchback.api.geo.LatLng;
import dev.switchback.athlete.AthleteId;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A segment as stored. A private segment belongs to its creator, who alone sees it (with {@code read_all};
 * the rule is {@code Viewer}'s).
 *
 * @param effortCount  every recorded effort on it, by anyone
 * @param athleteCount how many athletes have an effort on it
 * @param starCount    how many athletes starred it
 */
public record Segment(
        SegmentId id,
        Optional<AthleteId> creatorId,
        String name,
        SegmentActivityType activityType,
        boolean isPrivate,
        boolean hazardous,
        double distance,
        double averageGrade,
        double maximumGrade,
        OptionalDouble elevationHigh,
        OptionalDouble elevationLow,
        double totalElevationGain,
        int climbCategory,
        LatLng start,
        LatLng end,
        String polyline,
        Optional<String> city,
        Optional<String> state,
        Optional<String> country,
        long effortCount,
        long athleteCount,
        long starCount,
        Instant createdAt,
        Instant updatedAt) {}
