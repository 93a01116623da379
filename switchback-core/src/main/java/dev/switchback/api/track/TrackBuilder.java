package dev.switchback.api.track;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Collects what a reader finds, within the {@link TrackParsers.Limits} (contract#upload-limits), and makes the
 * {@link Track}. Points go into columns of primitives, a chunk at a time, so that the largest track never needs
 * a second copy of itself while it grows; a point outside the times an activity may have, one too many, or a
 * track longer than an activity may last, is a {@link TrackFormatException} naming the limit.
 */
final class TrackBuilder {
    private static final int CHUNK = 1 << 14;
    private static final int VALUES = TrackPoints.Column.values().length;

    private final String format;
    private final TrackParsers.Limits limits;
    private final List<long[]> secondChunks = new ArrayList<>();
    private final List<int[]> nanoChunks = new ArrayList<>();
    private final List<double[][]> valueChunks = new ArrayList<>();
    private int size;
    private final List<Track.Lap> laps = new ArrayList<>();
    private Optional<String> sport = Optional.empty();
    private Optional<String> name = Optional.empty();
    private Optional<String> device = Optional.empty();

    TrackBuilder(String format, TrackParsers.Limits limits) {
        this.format = format;
        this.limits = limits;
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
        checkTime(time);
        if (size == limits.maxPoints()) {
            throw new TrackFormatException("The " + format + " file has more than " + limits.maxPoints() + " points.");
        }
        int slot = size % CHUNK;
        if (slot == 0) {
            secondChunks.add(new long[CHUNK]);
            nanoChunks.add(new int[CHUNK]);
            valueChunks.add(new double[VALUES][CHUNK]);
        }
        int chunk = size / CHUNK;
        secondChunks.get(chunk)[slot] = time.getEpochSecond();
        nanoChunks.get(chunk)[slot] = time.getNano();
        double[][] values = valueChunks.get(chunk);
        values[0][slot] = latitude;
        values[1][slot] = longitude;
        values[2][slot] = altitude;
        values[3][slot] = distance;
        values[4][slot] = heartrate;
        values[5][slot] = cadence;
        values[6][slot] = watts;
        size++;
    }

    /** A time outside {@link TrackParsers.Limits#EARLIEST} to {@link TrackParsers.Limits#LATEST} is impossible. */
    void checkTime(Instant time) throws TrackFormatException {
        if (time.isBefore(TrackParsers.Limits.EARLIEST) || time.isAfter(TrackParsers.Limits.LATEST)) {
            throw new TrackFormatException("The " + format + " file has a time, " + time + ", outside "
                    + TrackParsers.Limits.EARLIEST + " to " + TrackParsers.Limits.LATEST + ".");
        }
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
        if (size == 0) {
            throw new TrackFormatException("The " + format + " file has no track points with a time.");
        }
        TrackPoints points = TrackPoints.sorted(seconds(), nanos(), values());
        Duration span = Duration.between(points.time(0), points.time(size - 1));
        if (span.compareTo(limits.maxDuration()) > 0) {
            throw new TrackFormatException("The " + format + " file spans " + span.toDays() + " days, more than the "
                    + limits.maxDuration().toDays() + " days an activity may last.");
        }
        laps.sort(Comparator.comparing(Track.Lap::start));
        return new Track(points, laps, sport, name, device);
    }

    private long[] seconds() {
        long[] all = new long[size];
        for (int chunk = 0; chunk < secondChunks.size(); chunk++) {
            System.arraycopy(secondChunks.get(chunk), 0, all, chunk * CHUNK, Math.min(CHUNK, size - chunk * CHUNK));
        }
        secondChunks.clear();
        return all;
    }

    private int[] nanos() {
        int[] all = new int[size];
        for (int chunk = 0; chunk < nanoChunks.size(); chunk++) {
            System.arraycopy(nanoChunks.get(chunk), 0, all, chunk * CHUNK, Math.min(CHUNK, size - chunk * CHUNK));
        }
        nanoChunks.clear();
        return all;
    }

    /** Each column whole, copied out of the chunks one column at a time, so the copy never doubles the track. */
    private double[][] values() {
        double[][] columns = new double[VALUES][];
        for (int c = 0; c < VALUES; c++) {
            double[] column = new double[size];
            for (int chunk = 0; chunk < valueChunks.size(); chunk++) {
                double[][] values = valueChunks.get(chunk);
                System.arraycopy(values[c], 0, column, chunk * CHUNK, Math.min(CHUNK, size - chunk * CHUNK));
                values[c] = null;
            }
            columns[c] = column;
        }
        valueChunks.clear();
        return columns;
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }
}
