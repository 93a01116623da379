package dev.switchback.api.activity;

import dev.switchback.api.geo.LatLng;

/** A circle an athlete keeps to themself: centre in degrees, radius in metres. */
public record PrivacyZone(double latitude, double longitude, double radius) {
    public PrivacyZone {
        if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
            throw new IllegalArgumentException(
                    "a privacy zone's centre must be a position (got " + latitude + ", " + longitude + ")");
        }
        if (!(radius > 0 && radius <= 100_000)) {
            throw new IllegalArgumentException(
                    "a privacy zone's radius must be between 0 and 100 km (got " + radius + " m)");
        }
    }

    public boolean contains(double lat, double lng) {
        return new LatLng(latitude, longitude).distanceTo(new LatLng(lat, lng)) <= radius;
    }
}
