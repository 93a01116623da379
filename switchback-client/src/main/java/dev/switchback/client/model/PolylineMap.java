package dev.switchback.client.model;

import java.util.Optional;

/**
 * Strava's PolylineMap: the encoded path of an activity, route or segment.
 *
 * @param id              the map's id, e.g. {@code a123}
 * @param polyline        the full path (a detailed resource only)
 * @param summaryPolyline the simplified path (not on a segment)
 * @param resourceState   2 or 3, as the resource that holds it
 */
public record PolylineMap(String id, Optional<String> polyline, Optional<String> summaryPolyline, int resourceState) {}
