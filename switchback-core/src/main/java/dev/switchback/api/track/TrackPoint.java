package dev.switchback.api.track;

import java.time.Instant;

/**
 * One recorded sample of an activity file. Missing values are {@code NaN} (a point with no fix, a device
 * without a barometer): a track of tens of thousands of points stays a flat list of primitives.
 *
 * @param time      when it was recorded
 * @param latitude  degrees, WGS84, or NaN
 * @param longitude degrees, WGS84, or NaN
 * @param altitude  metres, or NaN
 * @param distance  metres from the start as the device recorded it, or NaN (then computed from positions)
 * @param heartrate beats per minute, or NaN
 * @param cadence   revolutions or steps per minute, or NaN
 * @param watts     power, or NaN
 */
public record TrackPoint(
        Instant time,
        double latitude,
        double longitude,
        double altitude,
        double distance,
        double heartrate,
        double cadence,
        double watts) {

    public boolean hasPosition() {
        return !Double.isNaN(latitude) && !Double.isNaN(longitude);
    }
}
