package dev.switchback.api.track;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Collects what a reader finds, within the point limit, and makes the {@link Track}: points sorted by time. */
final class TrackBuilder {
    private final String format;
    private final int maxPoints;
    private final List<TrackPoint> points = new ArrayList<>();
    private final List<Track.Lap> laps = new ArrayList<>();
    private Optional<String> sport = Optional.empty();
    private Optional<String> name = Optional.empty();
    private Optional<String> device = Optional.empty();

    TrackBuilder(String format, TrackParsers.Limits limits) {
        this.format = format;
        this.maxPoints = limits.maxPoints();
    }

    /** Adds a point; one without a time is skipped, as Strava does. */
    void point(
            Instant time,
            double latitude,
            double longitude,
            double altitude,
            double distance,
            double heartrate,
            double cadence,
            double watts)
            throws TrackFormatException {
        if (time == null) {
            return;
        }
        if (points.size() == maxPoints) {
            throw new TrackFormatException("The " + format + " file has more than " + maxPoints + " points.");
        }
        points.add(new TrackPoint(time, latitude, longitude, altitude, distance, heartrate, cadence, watts));
    }

    void lap(Instant start, Instant end) {
        laps.add(new Track.Lap(start, end.isBefore(start) ? start : end));
    }

    /** The first sport, name and device found win; blank values are ignored. */
    void sport(Optional<String> value) {
        sport = sport.or(() -> value);
    }

    void name(String value) {
        name = name.or(() -> nonBlank(value));
    }

    void device(String value) {
        device = device.or(() -> nonBlank(value));
    }

    Track build() throws TrackFormatException {
        if (points.isEmpty()) {
            throw new TrackFormatException("The " + format + " file has no track points with a time.");
        }
        points.sort(Comparator.comparing(TrackPoint::time));
        laps.sort(Comparator.comparing(Track.Lap::start));
        return new Track(points, laps, sport, name, device);
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }
}
