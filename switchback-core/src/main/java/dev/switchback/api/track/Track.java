package dev.switchback.api.track;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an activity file (GPX, TCX or FIT) holds, whatever its format: the points in time order, the laps
 * the device recorded, and what the file says of itself.
 *
 * @param points   samples in time order (sorted here, points of one time in their order), at least one; held
 *                 as columns ({@link TrackPoints})
 * @param laps     laps as recorded; empty when the file has none (then the whole track is one lap)
 * @param sport    the file's sport, as Strava's sport_type (Ride, Run, Swim, Walk, Hike, ...), if it names one
 * @param name     the file's activity name, if it has one
 * @param device   the recording device's name, if the file says
 */
public record Track(
        List<TrackPoint> points,
        List<Lap> laps,
        Optional<String> sport,
        Optional<String> name,
        Optional<String> device) {

    public Track {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("a track has at least one point");
        }
        points = TrackPoints.of(points);
        laps = List.copyOf(laps);
    }

    /** The points as columns, for the analysis: as compact as the track holds them. */
    public TrackPoints columns() {
        return (TrackPoints) points;
    }

    /** A lap as the device recorded it: its start and end, by time. */
    public record Lap(Instant start, Instant end) {}
}
