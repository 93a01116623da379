package dev.switchback.api.activity;

import java.util.Arrays;
import java.util.Optional;

/**
 * An activity's samples as columns of primitives, all of one length: seconds from the start, and per
 * point latitude, longitude, altitude, distance from the start, heart rate, cadence and power. A column
 * the file did not have is absent; a missing value inside a column is NaN.
 */
public final class Streams {
    private final int[] time;
    private final double[] latitude;
    private final double[] longitude;
    private final double[] altitude;
    private final double[] distance;
    private final double[] heartrate;
    private final double[] cadence;
    private final double[] watts;

    /** Absent columns are null here; every present one has {@code time.length} values. */
    public Streams(
            int[] time,
            double[] latitude,
            double[] longitude,
            double[] altitude,
            double[] distance,
            double[] heartrate,
            double[] cadence,
            double[] watts) {
        if ((latitude == null) != (longitude == null)) {
            throw new IllegalArgumentException("latitude and longitude come together");
        }
        for (double[] column : new double[][] {latitude, longitude, altitude, distance, heartrate, cadence, watts}) {
            if (column != null && column.length != time.length) {
                throw new IllegalArgumentException("every stream has " + time.length + " points");
            }
        }
        this.time = time;
        this.latitude = latitude;
        this.longitude = longitude;
        this.altitude = altitude;
        this.distance = distance;
        this.heartrate = heartrate;
        this.cadence = cadence;
        this.watts = watts;
    }

    public int size() {
        return time.length;
    }

    public int[] time() {
        return time;
    }

    public Optional<double[]> latitude() {
        return Optional.ofNullable(latitude);
    }

    public Optional<double[]> longitude() {
        return Optional.ofNullable(longitude);
    }

    public Optional<double[]> column(StreamType type) {
        return Optional.ofNullable(
                switch (type) {
                    case TIME -> null;
                    case LATLNG -> latitude;
                    case DISTANCE -> distance;
                    case ALTITUDE -> altitude;
                    case HEARTRATE -> heartrate;
                    case CADENCE -> cadence;
                    case WATTS -> watts;
                });
    }

    public boolean has(StreamType type) {
        return type == StreamType.TIME || column(type).isPresent();
    }

    /** The points where {@code keep} is true, every column alike. */
    public Streams select(boolean[] keep) {
        int count = 0;
        for (boolean k : keep) {
            count += k ? 1 : 0;
        }
        int[] selectedTime = new int[count];
        for (int i = 0, j = 0; i < keep.length; i++) {
            if (keep[i]) {
                selectedTime[j++] = time[i];
            }
        }
        return new Streams(
                selectedTime,
                select(latitude, keep, count),
                select(longitude, keep, count),
                select(altitude, keep, count),
                select(distance, keep, count),
                select(heartrate, keep, count),
                select(cadence, keep, count),
                select(watts, keep, count));
    }

    private static double[] select(double[] column, boolean[] keep, int count) {
        if (column == null) {
            return null;
        }
        double[] out = new double[count];
        for (int i = 0, j = 0; i < keep.length; i++) {
            if (keep[i]) {
                out[j++] = column[i];
            }
        }
        return out;
    }

    /** Positions with a fix, as {@code [latitudes, longitudes]} without NaN. */
    public double[][] positions() {
        if (latitude == null) {
            return new double[][] {new double[0], new double[0]};
        }
        boolean[] fixed = new boolean[time.length];
        for (int i = 0; i < fixed.length; i++) {
            fixed[i] = !Double.isNaN(latitude[i]) && !Double.isNaN(longitude[i]);
        }
        Streams withFix = select(fixed);
        return new double[][] {withFix.latitude, withFix.longitude};
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Streams s
                && Arrays.equals(time, s.time)
                && Arrays.equals(latitude, s.latitude)
                && Arrays.equals(longitude, s.longitude)
                && Arrays.equals(altitude, s.altitude)
                && Arrays.equals(distance, s.distance)
                && Arrays.equals(heartrate, s.heartrate)
                && Arrays.equals(cadence, s.cadence)
                && Arrays.equals(watts, s.watts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(time) * 31 + size();
    }

    @Override
    public String toString() {
        return "Streams[" + size() + " points]";
    }
}
