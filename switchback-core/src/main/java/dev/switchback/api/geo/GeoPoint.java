package dev.switchback.api.geo;

/**
 * A point of a planned path (a route or a segment): a position and its altitude in metres, or
 * {@code NaN} when the altitude is unknown.
 */
public record GeoPoint(LatLng position, double altitude) {
    public static GeoPoint of(double latitude, double longitude, double altitude) {
        return new GeoPoint(new LatLng(latitude, longitude), altitude);
    }

    public double latitude() {
        return position.latitude();
    }

    public double longitude() {
        return position.longitude();
    }

    public boolean hasAltitude() {
        return !Double.isNaN(altitude);
    }
}
