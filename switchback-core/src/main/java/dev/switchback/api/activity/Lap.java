package dev.switchback.api.activity;

import java.time.Instant;
import java.util.OptionalDouble;

/**
 * A lap: a stretch of the recording by point index ({@code start_index} to {@code end_index},
 * inclusive), with its own measures. {@code lapIndex} counts from 1.
 */
public record Lap(
        long id,
        int lapIndex,
        Instant startDate,
        long elapsedTime,
        long movingTime,
        double distance,
        int startIndex,
        int endIndex,
        double totalElevationGain,
        double maxSpeed,
        OptionalDouble averageHeartrate,
        OptionalDouble maxHeartrate,
        OptionalDouble averageCadence,
        OptionalDouble averageWatts) {

    public double averageSpeed() {
        return movingTime > 0 ? distance / movingTime : 0;
    }
}
