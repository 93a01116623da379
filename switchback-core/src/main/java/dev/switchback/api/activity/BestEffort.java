package dev.switchback.api.activity;

import java.time.Instant;
import java.util.OptionalInt;

/**
 * The fastest stretch of a run over one of Strava's standard distances (contract#segment-efforts), with its rank
 * among the athlete's best efforts of that distance when it was made. {@code id} is 0 until stored.
 */
public record BestEffort(
        long id,
        String name,
        double distance,
        Instant startDate,
        long elapsedTime,
        long movingTime,
        int startIndex,
        int endIndex,
        OptionalInt prRank) {

    BestEffort ranked(OptionalInt rank) {
        return new BestEffort(id, name, distance, startDate, elapsedTime, movingTime, startIndex, endIndex, rank);
    }
}
