package dev.switchback.api.activity;

import dev.switchback.api.geo.Geo;
import dev.switchback.api.geo.LatLng;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Finds where a recording rides a segment (contract#segment-efforts): it passes within {@link #TOLERANCE_METRES}
 * of the segment's start, then of its end, covering between {@link #MIN_LENGTH} and {@link #MAX_LENGTH} times the
 * segment's length on the way. Each pass is an effort, from the point nearest the start to the point nearest
 * the end; the next is looked for after it (repeats of a climb are efforts each). Pure computation.
 */
final class SegmentMatcher {
    /** How near the start and the end a track must pass: a GPS fix is good to a few metres, a road is wide. */
    static final double TOLERANCE_METRES = 30;
    /** The distance ridden between start and end, against the segment's: short cuts and detours are no efforts. */
    static final double MIN_LENGTH = 0.8;

    static final double MAX_LENGTH = 1.3;

    private SegmentMatcher() {}

    static List<SegmentEffort> efforts(SegmentPath segment, Streams streams, Instant activityStart) {
        if (streams.latitude().isEmpty() || streams.column(StreamType.DISTANCE).isEmpty()) {
            return List.of();
        }
        double[] lat = streams.latitude().get();
        double[] lng = streams.longitude().get();
        double[] distance = streams.column(StreamType.DISTANCE).get();
        List<SegmentEffort> efforts = new ArrayList<>();
        int from = 0;
        while (true) {
            int start = nearestPass(lat, lng, segment.start(), from);
            if (start < 0) {
                return efforts;
            }
            int end = endAfter(lat, lng, distance, segment, start);
            if (end < 0) {
                from = passEnd(lat, lng, segment.start(), start);
                continue;
            }
            efforts.add(effort(segment, streams, activityStart, start, end));
            from = end + 1;
        }
    }

    /** The index nearest {@code target} in the first pass within tolerance at or after {@code from}, or -1. */
    private static int nearestPass(double[] lat, double[] lng, LatLng target, int from) {
        int i = from;
        while (i < lat.length && !near(lat[i], lng[i], target)) {
            i++;
        }
        if (i == lat.length) {
            return -1;
        }
        int best = i;
        double bestDistance = Double.MAX_VALUE;
        for (; i < lat.length && (Double.isNaN(lat[i]) || near(lat[i], lng[i], target)); i++) {
            if (!Double.isNaN(lat[i])) {
                double d = Geo.haversine(lat[i], lng[i], target.latitude(), target.longitude());
                if (d < bestDistance) {
                    bestDistance = d;
                    best = i;
                }
            }
        }
        return best;
    }

    /** The first index after the pass that contains {@code index}. */
    private static int passEnd(double[] lat, double[] lng, LatLng target, int index) {
        int i = index;
        while (i < lat.length && (Double.isNaN(lat[i]) || near(lat[i], lng[i], target))) {
            i++;
        }
        return i;
    }

    /**
     * The end of an effort begun at {@code start}: the point nearest the segment's end in the first pass by it
     * that comes after a long enough ride, provided the ride is not too long; -1 when there is none.
     */
    private static int endAfter(double[] lat, double[] lng, double[] distance, SegmentPath segment, int start) {
        int from = start + 1;
        while (from < lat.length) {
            int end = nearestPass(lat, lng, segment.end(), from);
            if (end < 0) {
                return -1;
            }
            double ridden = distance[end] - distance[start];
            if (ridden > segment.distance() * MAX_LENGTH) {
                return -1;
            }
            if (ridden >= segment.distance() * MIN_LENGTH) {
                return end;
            }
            from = passEnd(lat, lng, segment.end(), end);
        }
        return -1;
    }

    private static boolean near(double lat, double lng, LatLng target) {
        return !Double.isNaN(lat)
                && Math.abs(lat - target.latitude()) < 0.001
                && Geo.haversine(lat, lng, target.latitude(), target.longitude()) <= TOLERANCE_METRES;
    }

    private static SegmentEffort effort(
            SegmentPath segment, Streams streams, Instant activityStart, int start, int end) {
        Measures m = TrackAnalysis.measures(streams, start, end);
        return new SegmentEffort(
                0,
                segment.id(),
                activityStart.plusSeconds(streams.time()[start]),
                m.elapsedTime(),
                m.movingTime(),
                m.distance(),
                start,
                end,
                m.averageHeartrate(),
                m.maxHeartrate(),
                m.averageCadence(),
                m.averageWatts(),
                OptionalInt.empty(),
                false);
    }
}
