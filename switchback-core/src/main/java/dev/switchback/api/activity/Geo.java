package dev.switchback.api.activity;

/** Distances on the Earth's surface. */
final class Geo {
    /** The mean Earth radius (IUGG), in metres. */
    static final double EARTH_RADIUS_M = 6_371_008.8;

    private Geo() {}

    /** Great-circle distance in metres between two positions in degrees (haversine). */
    static double distance(double lat1, double lng1, double lat2, double lng2) {
        double phi1 = Math.toRadians(lat1);
        double phi2 = Math.toRadians(lat2);
        double dPhi = phi2 - phi1;
        double dLambda = Math.toRadians(lng2 - lng1);
        double a = Math.sin(dPhi / 2) * Math.sin(dPhi / 2)
                + Math.cos(phi1) * Math.cos(phi2) * Math.sin(dLambda / 2) * Math.sin(dLambda / 2);
        return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
    }
}
