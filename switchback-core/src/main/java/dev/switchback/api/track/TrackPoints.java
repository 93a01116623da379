package dev.switchback.api.track;

import java.time.Instant;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A track's points in time order, held as columns of primitives (68 bytes a point), not as objects: the
 * largest track an upload may hold (contract#upload-limits) takes 34 MB rather than a hundred. It reads as an
 * immutable list of {@link TrackPoint}s, each made when it is asked for; {@link #column} hands the analysis
 * a column itself (never to be changed).
 */
public final class TrackPoints extends AbstractList<TrackPoint> implements RandomAccess {
    /** The value columns, in {@link TrackPoint}'s order after the time. */
    public enum Column {
        LATITUDE,
        LONGITUDE,
        ALTITUDE,
        DISTANCE,
        HEARTRATE,
        CADENCE,
        WATTS
    }

    private final long[] seconds;
    private final int[] nanos;
    private final double[][] columns;

    /** Columns of one length, already in time order (the caller's arrays are kept, not copied). */
    TrackPoints(long[] seconds, int[] nanos, double[][] columns) {
        this.seconds = seconds;
        this.nanos = nanos;
        this.columns = columns;
    }

    /** The points of {@code points}, sorted by time (points of the same time keep their order). */
    public static TrackPoints of(List<TrackPoint> points) {
        if (points instanceof TrackPoints columns) {
            return columns;
        }
        int n = points.size();
        long[] seconds = new long[n];
        int[] nanos = new int[n];
        double[][] columns = new double[Column.values().length][n];
        for (int i = 0; i < n; i++) {
            TrackPoint p = points.get(i);
            seconds[i] = p.time().getEpochSecond();
            nanos[i] = p.time().getNano();
            columns[0][i] = p.latitude();
            columns[1][i] = p.longitude();
            columns[2][i] = p.altitude();
            columns[3][i] = p.distance();
            columns[4][i] = p.heartrate();
            columns[5][i] = p.cadence();
            columns[6][i] = p.watts();
        }
        return sorted(seconds, nanos, columns);
    }

    /** The columns in time order: as they are when they already are (the usual case), else permuted. */
    static TrackPoints sorted(long[] seconds, int[] nanos, double[][] columns) {
        int n = seconds.length;
        boolean inOrder = true;
        for (int i = 1; i < n && inOrder; i++) {
            inOrder = compare(seconds, nanos, i - 1, i) <= 0;
        }
        if (inOrder) {
            return new TrackPoints(seconds, nanos, columns);
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        mergeSort(order, new int[n], 0, n, seconds, nanos);
        long[] sortedSeconds = new long[n];
        int[] sortedNanos = new int[n];
        for (int i = 0; i < n; i++) {
            sortedSeconds[i] = seconds[order[i]];
            sortedNanos[i] = nanos[order[i]];
        }
        double[][] sortedColumns = new double[columns.length][];
        for (int c = 0; c < columns.length; c++) {
            double[] column = new double[n];
            for (int i = 0; i < n; i++) {
                column[i] = columns[c][order[i]];
            }
            sortedColumns[c] = column;
            columns[c] = null; // one column at a time: the unsorted one can go
        }
        return new TrackPoints(sortedSeconds, sortedNanos, sortedColumns);
    }

    private static int compare(long[] seconds, int[] nanos, int a, int b) {
        int bySecond = Long.compare(seconds[a], seconds[b]);
        return bySecond != 0 ? bySecond : Integer.compare(nanos[a], nanos[b]);
    }

    /** A stable merge sort of indexes by time, without boxing. */
    private static void mergeSort(int[] order, int[] scratch, int from, int to, long[] seconds, int[] nanos) {
        if (to - from < 2) {
            return;
        }
        int middle = (from + to) >>> 1;
        mergeSort(order, scratch, from, middle, seconds, nanos);
        mergeSort(order, scratch, middle, to, seconds, nanos);
        int left = from;
        int right = middle;
        int out = from;
        while (left < middle && right < to) {
            scratch[out++] = compare(seconds, nanos, order[right], order[left]) < 0 ? order[right++] : order[left++];
        }
        while (left < middle) {
            scratch[out++] = order[left++];
        }
        while (right < to) {
            scratch[out++] = order[right++];
        }
        System.arraycopy(scratch, from, order, from, to - from);
    }

    @Override
    public TrackPoint get(int index) {
        return new TrackPoint(
                time(index),
                columns[0][index],
                columns[1][index],
                columns[2][index],
                columns[3][index],
                columns[4][index],
                columns[5][index],
                columns[6][index]);
    }

    @Override
    public int size() {
        return seconds.length;
    }

    public Instant time(int index) {
        return Instant.ofEpochSecond(seconds[index], nanos[index]);
    }

    /** Seconds from point 0 to point {@code index}, to the nearest millisecond. */
    public double secondsFromStart(int index) {
        return (seconds[index] - seconds[0]) + (nanos[index] - nanos[0]) / 1e9;
    }

    /** A column itself, NaN where a point has no value; the caller must not change it. */
    public double[] column(Column column) {
        return columns[column.ordinal()];
    }
}
