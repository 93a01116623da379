package dev.switchback.api.geo;

/** A position in degrees, WGS84: what Strava writes as {@code [lat, lng]}. */
public record LatLng(double latitude, double longitude) {
    public LatLng {
        if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
            throw new IllegalArgumentException("not a position: " + latitude + "," + longitude);
        }
    }

    /** Great-circle distance in metres (haversine, on a sphere of the Earth's mean radius). */
    public double distanceTo(LatLng other) {
        return Geo.haversine(latitude, longitude, other.latitude, other.longitude);
    }
}
