package dev.switchback.api.segment;

import dev.switchback.api.geo.Geo;
import dev.switchback.api.geo.GeoPoint;
import dev.switchback.api.geo.LatLng;
import dev.switchback.api.geo.Polyline;
import java.util.List;
import java.util.OptionalDouble;

/** What is measured from a segment's path when it is created. */
record SegmentGeometry(
        double distance,
        double averageGrade,
        double maximumGrade,
        OptionalDouble elevationHigh,
        OptionalDouble elevationLow,
        double totalElevationGain,
        int climbCategory,
        LatLng start,
        LatLng end,
        String polyline) {
    /** The shortest stretch a maximum grade is measured over; GPS altitude is too noisy below it. */
    private static final double GRADE_WINDOW_METRES = 50;

    static SegmentGeometry of(List<GeoPoint> points) {
        double distance = Geo.distance(points);
        GeoPoint first = points.get(0);
        GeoPoint last = points.get(points.size() - 1);
        double rise = first.hasAltitude() && last.hasAltitude() ? last.altitude() - first.altitude() : 0;
        double averageGrade = distance > 0 ? round(rise / distance * 100, 1) : 0;
        double maximumGrade =
                round(Math.max(averageGrade, Geo.maximumGrade(points, Math.min(GRADE_WINDOW_METRES, distance))), 1);
        return new SegmentGeometry(
                round(distance, 1),
                averageGrade,
                maximumGrade,
                optional(Geo.highest(points)),
                optional(Geo.lowest(points)),
                round(Geo.elevationGain(points), 1),
                ClimbCategory.of(distance, averageGrade),
                first.position(),
                last.position(),
                Polyline.encodePoints(points));
    }

    private static OptionalDouble optional(double value) {
        return Double.isNaN(value) ? OptionalDouble.empty() : OptionalDouble.of(round(value, 1));
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
