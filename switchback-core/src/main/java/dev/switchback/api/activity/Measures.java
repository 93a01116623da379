package dev.switchback.api.activity;

import java.util.OptionalDouble;

/**
 * What was measured: distance (m), times (whole seconds, as longs: never wrapped), climbing (m), speeds (m/s) and the sensor averages and
 * maxima that the recording had.
 */
public record Measures(
        double distance,
        long movingTime,
        long elapsedTime,
        double totalElevationGain,
        OptionalDouble elevHigh,
        OptionalDouble elevLow,
        double maxSpeed,
        OptionalDouble averageHeartrate,
        OptionalDouble maxHeartrate,
        OptionalDouble averageCadence,
        OptionalDouble averageWatts,
        OptionalDouble maxWatts) {

    /** A manual activity: a distance and a duration, nothing recorded. */
    public static Measures manual(double distance, long elapsedTime) {
        OptionalDouble none = OptionalDouble.empty();
        return new Measures(distance, elapsedTime, elapsedTime, 0, none, none, 0, none, none, none, none, none);
    }

    /** Distance over moving time, 0 without either. */
    public double averageSpeed() {
        return movingTime > 0 ? distance / movingTime : 0;
    }
}
