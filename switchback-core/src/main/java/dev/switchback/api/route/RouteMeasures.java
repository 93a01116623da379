package dev.switchback.api.route;

import dev.switchback.api.geo.Geo;
import dev.switchback.api.geo.GeoPoint;
import dev.switchback.api.geo.Polyline;
import java.time.Duration;
import java.util.List;

/** What is measured from a route's points when it is created. */
record RouteMeasures(
        double distance, double elevationGain, Duration estimatedMovingTime, String polyline, String summaryPolyline) {
    /** A summary polyline keeps at most this many points, as Strava's are thinned for lists. */
    static final int SUMMARY_POINTS = 100;

    static RouteMeasures of(NewRoute route) {
        List<GeoPoint> points = route.points();
        double distance = Math.round(Geo.distance(points) * 10) / 10.0;
        double gain = Math.round(Geo.elevationGain(points) * 10) / 10.0;
        return new RouteMeasures(
                distance,
                gain,
                route.type().estimatedMovingTime(distance),
                Polyline.encodePoints(points),
                Polyline.encodePoints(Geo.thin(points, SUMMARY_POINTS)));
    }
}
