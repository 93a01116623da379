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
        double lat1 = Math.toRadians(latitude);
        double lat2 = Math.toRadians(other.latitude);
        double dLat = lat2 - lat1;
        double dLng = Math.toRadians(other.longitude - longitude);
        double h = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLng / 2) * Math.sin(dLng / 2);
        return 2 * Geo.EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
