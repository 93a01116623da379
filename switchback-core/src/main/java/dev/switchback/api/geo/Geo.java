package dev.switchback.api.geo;

import java.util.ArrayList;
import java.util.List;

/** Measures of a path of points: distance, climbing, grades, a thinned copy for summaries. */
public final class Geo {
    /** The Earth's mean radius (IUGG), as most GPS software uses for haversine distances. */
    public static final double EARTH_RADIUS_METRES = 6_371_008.8;

    private Geo() {}

    /** Great-circle distance in metres between two positions in degrees (haversine). */
    public static double haversine(double lat1Degrees, double lng1Degrees, double lat2Degrees, double lng2Degrees) {
        double lat1 = Math.toRadians(lat1Degrees);
        double lat2 = Math.toRadians(lat2Degrees);
        double dLat = lat2 - lat1;
        double dLng = Math.toRadians(lng2Degrees - lng1Degrees);
        double h = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLng / 2) * Math.sin(dLng / 2);
        return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    /** The path's length in metres, point to point. */
    public static double distance(List<GeoPoint> points) {
        double total = 0;
        for (int i = 1; i < points.size(); i++) {
            total += points.get(i - 1).position().distanceTo(points.get(i).position());
        }
        return total;
    }

    /** Distance from the start at each point, in metres: the {@code distance} stream. */
    public static double[] cumulativeDistance(List<GeoPoint> points) {
        double[] distances = new double[points.size()];
        for (int i = 1; i < points.size(); i++) {
            distances[i] = distances[i - 1]
                    + points.get(i - 1).position().distanceTo(points.get(i).position());
        }
        return distances;
    }

    /** The sum of every climb between consecutive known altitudes, in metres. */
    public static double elevationGain(List<GeoPoint> points) {
        double gain = 0;
        double previous = Double.NaN;
        for (GeoPoint point : points) {
            if (!point.hasAltitude()) {
                continue;
            }
            if (!Double.isNaN(previous) && point.altitude() > previous) {
                gain += point.altitude() - previous;
            }
            previous = point.altitude();
        }
        return gain;
    }

    /** The highest known altitude, or NaN if no point has one. */
    public static double highest(List<GeoPoint> points) {
        return points.stream()
                .filter(GeoPoint::hasAltitude)
                .mapToDouble(GeoPoint::altitude)
                .max()
                .orElse(Double.NaN);
    }

    /** The lowest known altitude, or NaN if no point has one. */
    public static double lowest(List<GeoPoint> points) {
        return points.stream()
                .filter(GeoPoint::hasAltitude)
                .mapToDouble(GeoPoint::altitude)
                .min()
                .orElse(Double.NaN);
    }

    /**
     * The steepest grade in percent over any stretch of at least {@code window} metres that starts at a
     * point (shorter stretches exaggerate GPS noise); 0 for a path shorter than the window or without altitudes.
     */
    public static double maximumGrade(List<GeoPoint> points, double window) {
        double[] along = cumulativeDistance(points);
        double steepest = 0;
        int end = 0;
        for (int start = 0; start < points.size(); start++) {
            end = Math.max(end, start + 1);
            while (end < points.size() && along[end] - along[start] < window) {
                end++;
            }
            if (end >= points.size()) {
                break;
            }
            GeoPoint a = points.get(start);
            GeoPoint b = points.get(end);
            if (a.hasAltitude() && b.hasAltitude()) {
                steepest = Math.max(steepest, (b.altitude() - a.altitude()) / (along[end] - along[start]) * 100);
            }
        }
        return steepest;
    }

    /**
     * At most {@code max} points, evenly spaced by index, always keeping the first and the last: the
     * path of a {@code summary_polyline}.
     */
    public static <T> List<T> thin(List<T> points, int max) {
        if (max < 2) {
            throw new IllegalArgumentException("max must be >= 2 (got " + max + ")");
        }
        if (points.size() <= max) {
            return List.copyOf(points);
        }
        List<T> thinned = new ArrayList<>(max);
        double step = (points.size() - 1) / (double) (max - 1);
        for (int i = 0; i < max - 1; i++) {
            thinned.add(points.get((int) Math.round(i * step)));
        }
        thinned.add(points.get(points.size() - 1));
        return thinned;
    }
}
