package dev.switchback.api.activity;

import dev.switchback.api.geo.Geo;
import dev.switchback.api.geo.LatLng;
import dev.switchback.api.track.Track;
import dev.switchback.api.track.TrackParsers;
import dev.switchback.api.track.TrackPoints;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Turns a parsed file into what Strava shows of it: distance (the device's, else summed from positions),
 * moving time (time spent above {@link #MOVING_SPEED}), elevation gain (climbs of more than
 * {@link #ELEVATION_NOISE}, so GPS and barometer jitter counts for nothing), maximum speed (over at least
 * {@link #SPEED_WINDOW}, so one bad fix is no record), averages, the map and the laps.
 */
public final class TrackAnalysis {
    /** Slower than this counts as stopped (a walker does 1.2 m/s; GPS jitter at rest stays below). */
    static final double MOVING_SPEED = 0.5;
    /** A change of altitude smaller than this, in metres, is noise and never counts as climbing. */
    static final double ELEVATION_NOISE = 3.0;
    /** Speeds are measured over at least this long. */
    static final int SPEED_WINDOW = 3;

    private TrackAnalysis() {}

    /**
     * Analyses a track, whose points are already in time order and within the upload limits
     * (contract#upload-limits); a track made otherwise that lasts longer than an activity may is refused here
     * rather than have its times wrap.
     */
    public static Recording analyse(Track track) {
        TrackPoints points = track.columns();
        checkDuration(points);
        Streams streams = streams(points);
        int last = streams.size() - 1;
        double[][] positions = streams.positions();
        ActivityMap map = positions[0].length == 0
                ? ActivityMap.NONE
                : new ActivityMap(
                        Optional.of(new LatLng(positions[0][0], positions[1][0])),
                        Optional.of(new LatLng(
                                positions[0][positions[0].length - 1], positions[1][positions[1].length - 1])),
                        SummaryLine.of(positions[0], positions[1]));
        Instant start = points.time(0);
        StartTime startTime = new StartTime(
                start, positions[0].length == 0 ? ZoneOffset.UTC : StartTime.zoneAt(positions[0][0], positions[1][0]));
        return new Recording(
                Optional.of(streams), measures(streams, 0, last), map, laps(track, streams, start), startTime);
    }

    private static void checkDuration(TrackPoints points) {
        Duration span = Duration.between(points.time(0), points.time(points.size() - 1));
        if (span.compareTo(TrackParsers.Limits.MAX_DURATION) > 0) {
            throw new IllegalArgumentException("a track lasts at most " + TrackParsers.Limits.MAX_DURATION.toDays()
                    + " days (got " + span.toDays() + ")");
        }
    }

    /** The track's columns as streams: shared, not copied (neither side ever changes them). */
    private static Streams streams(TrackPoints points) {
        int[] time = new int[points.size()];
        for (int i = 0; i < time.length; i++) {
            time[i] = (int) Math.round(points.secondsFromStart(i));
        }
        double[] latitude = column(points, TrackPoints.Column.LATITUDE);
        double[] longitude = column(points, TrackPoints.Column.LONGITUDE);
        if (latitude == null || longitude == null) {
            latitude = null;
            longitude = null;
        }
        return new Streams(
                time,
                latitude,
                longitude,
                column(points, TrackPoints.Column.ALTITUDE),
                distance(column(points, TrackPoints.Column.DISTANCE), latitude, longitude, time.length),
                column(points, TrackPoints.Column.HEARTRATE),
                column(points, TrackPoints.Column.CADENCE),
                column(points, TrackPoints.Column.WATTS));
    }

    /** The column, or null when every value is missing. */
    private static double[] column(TrackPoints points, TrackPoints.Column which) {
        double[] column = points.column(which);
        for (double v : column) {
            if (!Double.isNaN(v)) {
                return column;
            }
        }
        return null;
    }

    /**
     * Distance from the start at each point: the device's (carried forward over gaps, never decreasing),
     * else summed between positions; null when the file has neither.
     */
    private static double[] distance(double[] recorded, double[] latitude, double[] longitude, int size) {
        double[] distance = new double[size];
        if (recorded != null) {
            double previous = 0;
            for (int i = 0; i < distance.length; i++) {
                previous = Double.isNaN(recorded[i]) ? previous : Math.max(previous, recorded[i]);
                distance[i] = previous;
            }
            double origin = distance[0];
            for (int i = 0; i < distance.length; i++) {
                distance[i] -= origin;
            }
            return distance;
        }
        if (latitude == null) {
            return null;
        }
        int previousFix = -1;
        for (int i = 0; i < distance.length; i++) {
            distance[i] = i == 0 ? 0 : distance[i - 1];
            if (!Double.isNaN(latitude[i]) && !Double.isNaN(longitude[i])) {
                if (previousFix >= 0) {
                    distance[i] +=
                            Geo.haversine(latitude[previousFix], longitude[previousFix], latitude[i], longitude[i]);
                }
                previousFix = i;
            }
        }
        return distance;
    }

    /** The measures of points {@code from} to {@code to}, inclusive. */
    static Measures measures(Streams streams, int from, int to) {
        int[] time = streams.time();
        Optional<double[]> distance = streams.column(StreamType.DISTANCE);
        Optional<double[]> altitude = streams.column(StreamType.ALTITUDE);
        long elapsed = (long) time[to] - time[from];
        return new Measures(
                distance.map(d -> d[to] - d[from]).orElse(0.0),
                distance.map(d -> movingTime(time, d, from, to)).orElse(elapsed),
                elapsed,
                altitude.map(a -> elevationGain(a, from, to)).orElse(0.0),
                altitude.map(a -> max(a, from, to)).orElse(OptionalDouble.empty()),
                altitude.map(a -> min(a, from, to)).orElse(OptionalDouble.empty()),
                distance.map(d -> maxSpeed(time, d, from, to)).orElse(0.0),
                average(streams, StreamType.HEARTRATE, from, to),
                streams.column(StreamType.HEARTRATE).map(h -> max(h, from, to)).orElse(OptionalDouble.empty()),
                average(streams, StreamType.CADENCE, from, to),
                average(streams, StreamType.WATTS, from, to),
                streams.column(StreamType.WATTS).map(w -> max(w, from, to)).orElse(OptionalDouble.empty()));
    }

    static long movingTime(int[] time, double[] distance, int from, int to) {
        long moving = 0;
        for (int i = from + 1; i <= to; i++) {
            int dt = time[i] - time[i - 1];
            if (dt > 0 && (distance[i] - distance[i - 1]) / dt >= MOVING_SPEED) {
                moving += dt;
            }
        }
        return moving;
    }

    /**
     * Climbing with hysteresis: a rise counts once it is more than {@link #ELEVATION_NOISE} above the
     * lowest point since the last confirmed top, and a top is confirmed once the altitude drops that much
     * below it; wobbles smaller than that in either direction count for nothing.
     */
    static double elevationGain(double[] altitude, int from, int to) {
        double gain = 0;
        double valley = Double.NaN;
        double peak = Double.NaN;
        boolean climbing = false;
        for (int i = from; i <= to; i++) {
            double a = altitude[i];
            if (Double.isNaN(a)) {
                continue;
            }
            if (Double.isNaN(valley)) {
                valley = a;
            } else if (climbing && a > peak) {
                peak = a;
            } else if (climbing && a < peak - ELEVATION_NOISE) {
                gain += peak - valley;
                climbing = false;
                valley = a;
            } else if (!climbing && a < valley) {
                valley = a;
            } else if (!climbing && a > valley + ELEVATION_NOISE) {
                climbing = true;
                peak = a;
            }
        }
        return climbing ? gain + peak - valley : gain;
    }

    /** The fastest speed held over at least {@link #SPEED_WINDOW} seconds. */
    static double maxSpeed(int[] time, double[] distance, int from, int to) {
        double best = 0;
        int j = from;
        for (int i = from + 1; i <= to; i++) {
            while (j + 1 < i && time[i] - time[j + 1] >= SPEED_WINDOW) {
                j++;
            }
            int dt = time[i] - time[j];
            if (dt >= SPEED_WINDOW) {
                best = Math.max(best, (distance[i] - distance[j]) / dt);
            }
        }
        return best;
    }

    private static OptionalDouble average(Streams streams, StreamType type, int from, int to) {
        return streams.column(type)
                .map(values -> {
                    double sum = 0;
                    int count = 0;
                    for (int i = from; i <= to; i++) {
                        if (!Double.isNaN(values[i])) {
                            sum += values[i];
                            count++;
                        }
                    }
                    return count == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / count);
                })
                .orElse(OptionalDouble.empty());
    }

    private static OptionalDouble max(double[] values, int from, int to) {
        return java.util.Arrays.stream(values, from, to + 1)
                .filter(v -> !Double.isNaN(v))
                .max();
    }

    private static OptionalDouble min(double[] values, int from, int to) {
        return java.util.Arrays.stream(values, from, to + 1)
                .filter(v -> !Double.isNaN(v))
                .min();
    }

    /** The file's laps by point index (laps holding no point are dropped), or the whole track as one. */
    private static List<Lap> laps(Track track, Streams streams, Instant start) {
        List<int[]> ranges = new ArrayList<>();
        for (Track.Lap lap : track.laps()) {
            int first = firstIndexAtOrAfter(streams.time(), seconds(start, lap.start()));
            int last = lastIndexAtOrBefore(streams.time(), seconds(start, lap.end()));
            if (first <= last) {
                ranges.add(new int[] {first, last});
            }
        }
        if (ranges.isEmpty()) {
            ranges.add(new int[] {0, streams.size() - 1});
        }
        List<Lap> laps = new ArrayList<>();
        for (int[] range : ranges) {
            laps.add(lap(laps.size() + 1, start, streams, range[0], range[1]));
        }
        return laps;
    }

    static Lap lap(int lapIndex, Instant activityStart, Streams streams, int from, int to) {
        Measures m = measures(streams, from, to);
        return new Lap(
                0,
                lapIndex,
                activityStart.plusSeconds(streams.time()[from]),
                m.elapsedTime(),
                m.movingTime(),
                m.distance(),
                from,
                to,
                m.totalElevationGain(),
                m.maxSpeed(),
                m.averageHeartrate(),
                m.maxHeartrate(),
                m.averageCadence(),
                m.averageWatts());
    }

    private static double seconds(Instant start, Instant instant) {
        return Duration.between(start, instant).toMillis() / 1000.0;
    }

    private static int firstIndexAtOrAfter(int[] time, double seconds) {
        for (int i = 0; i < time.length; i++) {
            if (time[i] >= seconds - 0.5) {
                return i;
            }
        }
        return time.length;
    }

    private static int lastIndexAtOrBefore(int[] time, double seconds) {
        for (int i = time.length - 1; i >= 0; i--) {
            if (time[i] <= seconds + 0.5) {
                return i;
            }
        }
        return -1;
    }
}
