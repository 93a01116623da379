package dev.switchback.api.activity;

import dev.switchback.api.geo.LatLng;
import java.util.Optional;

/** Where an activity went: first and last position and the summary polyline (empty without GPS). */
public record ActivityMap(Optional<LatLng> start, Optional<LatLng> end, String summaryPolyline) {
    public static final ActivityMap NONE = new ActivityMap(Optional.empty(), Optional.empty(), "");
}
