package dev.switchback.api.route;

import dev.switchback.api.geo.GeoPoint;
import dev.switchback.api.segment.SegmentId;
import dev.switchback.athlete.AthleteId;
import java.util.List;

/** What it takes to create a route: an owner, a name and a path of at least two points. */
public record NewRoute(
        AthleteId athleteId,
        String name,
        String description,
        RouteType type,
        RouteSubType subType,
        boolean isPrivate,
        List<GeoPoint> points,
        List<SegmentId> segments) {

    public NewRoute {
        if (name == null || name.isBlank() || name.length() > 255) {
            throw new IllegalArgumentException("a route needs a name of 1 to 255 characters (got '" + name + "')");
        }
        if (description == null || description.length() > 2000) {
            throw new IllegalArgumentException("a route's description is at most 2000 characters");
        }
        if (points.size() < 2) {
            throw new IllegalArgumentException("a route needs at least two points (got " + points.size() + ")");
        }
        points = List.copyOf(points);
        segments = List.copyOf(segments);
    }

    /** A public road ride with no description and no segments. */
    public static NewRoute ride(AthleteId athleteId, String name, List<GeoPoint> points) {
        return new NewRoute(athleteId, name, "", RouteType.RIDE, RouteSubType.ROAD, false, points, List.of());
    }

    public NewRoute asPrivate() {
        return new NewRoute(athleteId, name, description, type, subType, true, points, segments);
    }

    public NewRoute describedAs(String text) {
        return new NewRoute(athleteId, name, text, type, subType, isPrivate, points, segments);
    }

    public NewRoute ofType(RouteType newType, RouteSubType newSubType) {
        return new NewRoute(athleteId, name, description, newType, newSubType, isPrivate, points, segments);
    }

    public NewRoute through(List<SegmentId> segmentIds) {
        return new NewRoute(athleteId, name, description, type, subType, isPrivate, points, segmentIds);
    }
}
