package dev.switchback.server.api;

import dev.switchback.api.geo.Geo;
import dev.switchback.api.geo.GeoPoint;
import dev.switchback.api.route.Route;
import dev.switchback.api.route.RoutePath;
import dev.switchback.api.route.RouteView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Strava's Route, in the key order of real responses, and a route's streams. */
public final class RouteJson {
    private RouteJson() {}

    /** {@code GET /routes/{id}}: the map carries the full polyline. */
    public static Map<String, Object> detailed(RouteView view) {
        return route(view, true);
    }

    /** An item of {@code GET /athletes/{id}/routes}: the map carries the summary polyline only. */
    public static Map<String, Object> summary(RouteView view) {
        return route(view, false);
    }

    private static Map<String, Object> route(RouteView view, boolean detailed) {
        Route route = view.route();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("athlete", AthleteJson.summary(view.athlete()));
        json.put("description", route.description());
        json.put("distance", route.distance());
        json.put("elevation_gain", route.elevationGain());
        json.put("id", route.id().value());
        json.put("id_str", route.id().toString());
        json.put("map", map(route, detailed));
        json.put("name", route.name());
        json.put("private", route.isPrivate());
        json.put("starred", route.starred());
        json.put("timestamp", route.createdAt().getEpochSecond());
        json.put("type", route.type().code());
        json.put("sub_type", route.subType().code());
        json.put("created_at", AthleteJson.iso(route.createdAt()));
        json.put("updated_at", AthleteJson.iso(route.updatedAt()));
        json.put("estimated_moving_time", route.estimatedMovingTime().toSeconds());
        json.put("segments", view.segments().stream().map(SegmentJson::summary).toList());
        json.put("waypoints", List.of());
        return json;
    }

    private static Map<String, Object> map(Route route, boolean detailed) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", "r" + route.id());
        map.put("summary_polyline", route.summaryPolyline());
        if (detailed) {
            map.put("polyline", route.polyline());
        }
        map.put("resource_state", detailed ? 3 : 2);
        return map;
    }

    /**
     * {@code GET /routes/{id}/streams}: a list of streams, {@code latlng}, {@code distance} and, when
     * every point has one, {@code altitude}, each over distance at full resolution.
     */
    public static List<Map<String, Object>> streams(RoutePath path) {
        List<GeoPoint> points = path.points();
        double[] along = Geo.cumulativeDistance(points);
        List<Object> latlng = new ArrayList<>(points.size());
        List<Object> distance = new ArrayList<>(points.size());
        List<Object> altitude = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            latlng.add(SegmentJson.latlng(points.get(i).position()));
            distance.add(Math.round(along[i] * 10) / 10.0);
            altitude.add(points.get(i).altitude());
        }
        List<Map<String, Object>> streams = new ArrayList<>();
        streams.add(stream("latlng", latlng));
        streams.add(stream("distance", distance));
        if (points.stream().allMatch(GeoPoint::hasAltitude)) {
            streams.add(stream("altitude", altitude));
        }
        return streams;
    }

    private static Map<String, Object> stream(String type, List<Object> data) {
        Map<String, Object> stream = new LinkedHashMap<>();
        stream.put("type", type);
        stream.put("data", data);
        stream.put("series_type", "distance");
        stream.put("original_size", data.size());
        stream.put("resolution", "high");
        return stream;
    }
}
