package dev.switchback.api.geo;

import java.util.ArrayList;
import java.util.List;

/**
 * Google's Encoded Polyline Algorithm Format, the {@code polyline} and {@code summary_polyline} of
 * Strava's maps: positions rounded to 1e-5 degrees, each coordinate the difference from the previous
 * one, zig-zag signed and written in 5-bit chunks as printable ASCII from {@code ?} (63).
 * See https://developers.google.com/maps/documentation/utilities/polylinealgorithm.
 */
public final class Polyline {
    private static final double PRECISION = 1e5;

    private Polyline() {}

    public static String encode(List<LatLng> positions) {
        StringBuilder encoded = new StringBuilder(positions.size() * 8);
        long previousLat = 0;
        long previousLng = 0;
        for (LatLng position : positions) {
            long lat = Math.round(position.latitude() * PRECISION);
            long lng = Math.round(position.longitude() * PRECISION);
            writeSigned(encoded, lat - previousLat);
            writeSigned(encoded, lng - previousLng);
            previousLat = lat;
            previousLng = lng;
        }
        return encoded.toString();
    }

    /** Positions given as two columns of one length, encoded without making an object of each. */
    public static String encode(double[] latitudes, double[] longitudes) {
        StringBuilder encoded = new StringBuilder(latitudes.length * 8);
        long previousLat = 0;
        long previousLng = 0;
        for (int i = 0; i < latitudes.length; i++) {
            long lat = Math.round(latitudes[i] * PRECISION);
            long lng = Math.round(longitudes[i] * PRECISION);
            writeSigned(encoded, lat - previousLat);
            writeSigned(encoded, lng - previousLng);
            previousLat = lat;
            previousLng = lng;
        }
        return encoded.toString();
    }

    /** The positions of {@code points}, encoded. */
    public static String encodePoints(List<GeoPoint> points) {
        return encode(points.stream().map(GeoPoint::position).toList());
    }

    /** Decodes a polyline; {@link IllegalArgumentException} if it is truncated or holds other characters. */
    public static List<LatLng> decode(String encoded) {
        List<LatLng> positions = new ArrayList<>();
        int[] index = {0};
        long lat = 0;
        long lng = 0;
        while (index[0] < encoded.length()) {
            lat += readSigned(encoded, index);
            lng += readSigned(encoded, index);
            positions.add(new LatLng(lat / PRECISION, lng / PRECISION));
        }
        return positions;
    }

    private static void writeSigned(StringBuilder out, long value) {
        long zigzag = value < 0 ? ~(value << 1) : value << 1;
        while (zigzag >= 0x20) {
            out.append((char) ((0x20 | (zigzag & 0x1f)) + 63));
            zigzag >>= 5;
        }
        out.append((char) (zigzag + 63));
    }

    private static long readSigned(String encoded, int[] index) {
        long result = 0;
        int shift = 0;
        int chunk;
        do {
            if (index[0] >= encoded.length() || shift > 60) {
                throw new IllegalArgumentException("truncated polyline at character " + index[0]);
            }
            chunk = encoded.charAt(index[0]++) - 63;
            if (chunk < 0 || chunk > 63) {
                throw new IllegalArgumentException("not a polyline character at " + (index[0] - 1));
            }
            result |= (long) (chunk & 0x1f) << shift;
            shift += 5;
        } while (chunk >= 0x20);
        return (result & 1) != 0 ? ~(result >> 1) : result >> 1;
    }
}
