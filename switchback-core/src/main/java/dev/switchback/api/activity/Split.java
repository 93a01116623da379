package dev.switchback.api.activity;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One kilometre ({@code splits_metric}) or one mile ({@code splits_standard}) of an activity: the last
 * split is what remains.
 *
 * @param split counted from 1
 */
public record Split(int split, double distance, long elapsedTime, long movingTime, double elevationDifference) {
    public static final double KILOMETRE = 1000;
    public static final double MILE = 1609.344;

    public double averageSpeed() {
        return movingTime > 0 ? distance / movingTime : 0;
    }

    /** The splits of every {@code length} metres of the recording; none without a distance stream. */
    public static List<Split> of(Streams streams, double length) {
        Optional<double[]> distanceColumn = streams.column(StreamType.DISTANCE);
        if (distanceColumn.isEmpty() || streams.size() < 2) {
            return List.of();
        }
        double[] distance = distanceColumn.get();
        double[] altitude = streams.column(StreamType.ALTITUDE).orElse(null);
        List<Split> splits = new ArrayList<>();
        int from = 0;
        for (int i = 1; i < streams.size(); i++) {
            boolean last = i == streams.size() - 1;
            if (distance[i] - distance[from] >= length || (last && distance[i] > distance[from])) {
                splits.add(split(splits.size() + 1, streams.time(), distance, altitude, from, i));
                from = i;
            }
        }
        return splits;
    }

    private static Split split(int index, int[] time, double[] distance, double[] altitude, int from, int to) {
        double climb = altitude == null || Double.isNaN(altitude[from]) || Double.isNaN(altitude[to])
                ? 0
                : altitude[to] - altitude[from];
        return new Split(
                index,
                distance[to] - distance[from],
                time[to] - time[from],
                TrackAnalysis.movingTime(time, distance, from, to),
                climb);
    }
}
