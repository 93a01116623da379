package dev.switchback.client.model;

import java.util.Locale;

/** Strava's StreamType: what {@code GET /activities/{id}/streams} may be asked for. */
public enum StreamKey {
    TIME,
    DISTANCE,
    LATLNG,
    ALTITUDE,
    VELOCITY_SMOOTH,
    HEARTRATE,
    CADENCE,
    WATTS,
    TEMP,
    MOVING,
    GRADE_SMOOTH;

    /** {@return the name on the wire, e.g. {@code velocity_smooth}} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
