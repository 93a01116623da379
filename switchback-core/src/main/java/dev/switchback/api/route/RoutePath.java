package dev.switchback.api.route;

import dev.switchback.api.geo.GeoPoint;
import java.util.List;

/** A route with every point of its path: what the exports and the streams are made from. */
public record RoutePath(Route route, List<GeoPoint> points) {}
