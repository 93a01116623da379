package dev.switchback.client.model;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Strava's Lap: the items of {@code GET /activities/{id}/laps} and of a DetailedActivity's {@code laps}.
 *
 * @param id                 the lap's id
 * @param resourceState      2
 * @param name               e.g. {@code Lap 1}
 * @param activity           the activity
 * @param athlete            the athlete
 * @param elapsedTime        seconds
 * @param movingTime         seconds
 * @param startDate          when it started
 * @param startDateLocal     when it started, on the clock where it was done
 * @param distance           metres
 * @param startIndex         its first point in the activity's streams
 * @param endIndex           its last point in the activity's streams
 * @param totalElevationGain metres
 * @param averageSpeed       metres per second
 * @param maxSpeed           metres per second
 * @param averageCadence     revolutions or steps per minute, when recorded
 * @param deviceWatts        whether the watts came from a power meter, when there are watts
 * @param averageWatts       watts, when recorded
 * @param averageHeartrate   beats per minute, when recorded
 * @param maxHeartrate       beats per minute, when recorded
 * @param lapIndex           its number, from 1
 * @param split              its split number
 */
public record Lap(
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
        double totalElevationGain,
        double averageSpeed,
        double maxSpeed,
        OptionalDouble averageCadence,
        Optional<Boolean> deviceWatts,
        OptionalDouble averageWatts,
        OptionalDouble averageHeartrate,
        OptionalDouble maxHeartrate,
        int lapIndex,
        int split) {}
