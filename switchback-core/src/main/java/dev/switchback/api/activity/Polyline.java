package dev.switchback.api.activity;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Google's encoded polyline format (positions at 1e-5 degrees, each coordinate a zig-zag delta in
 * 5-bit groups offset by 63), which Strava uses for {@code map.polyline} and {@code map.summary_polyline};
 * and the simplification that makes a summary line from a full one.
 */
public final class Polyline {
    /** A summary line keeps the shape to within this, in metres (Ramer-Douglas-Peucker). */
    private static final double SUMMARY_TOLERANCE_M = 15;
    /** ... and never holds more points than this. */
    private static final int SUMMARY_MAX_POINTS = 400;

    private Polyline() {}

    /** Encodes positions; {@code latitudes} and {@code longitudes} have the same length, no NaN. */
    public static String encode(double[] latitudes, double[] longitudes) {
        StringBuilder out = new StringBuilder(latitudes.length * 8);
        long previousLat = 0;
        long previousLng = 0;
        for (int i = 0; i < latitudes.length; i++) {
            long lat = Math.round(latitudes[i] * 1e5);
            long lng = Math.round(longitudes[i] * 1e5);
            encodeValue(lat - previousLat, out);
            encodeValue(lng - previousLng, out);
            previousLat = lat;
            previousLng = lng;
        }
        return out.toString();
    }

    private static void encodeValue(long delta, StringBuilder out) {
        long value = delta < 0 ? ~(delta << 1) : delta << 1;
        while (value >= 0x20) {
            out.append((char) ((0x20 | (value & 0x1f)) + 63));
            value >>= 5;
        }
        out.append((char) (value + 63));
    }

    /** Decodes a line into {@code [latitudes, longitudes]}; throws IllegalArgumentException if malformed. */
    public static double[][] decode(String encoded) {
        double[] lats = new double[encoded.length() / 2 + 1];
        double[] lngs = new double[lats.length];
        int count = 0;
        int[] index = {0};
        long lat = 0;
        long lng = 0;
        while (index[0] < encoded.length()) {
            lat += decodeValue(encoded, index);
            lng += decodeValue(encoded, index);
            lats[count] = lat / 1e5;
            lngs[count] = lng / 1e5;
            count++;
        }
        return new double[][] {java.util.Arrays.copyOf(lats, count), java.util.Arrays.copyOf(lngs, count)};
    }

    private static long decodeValue(String encoded, int[] index) {
        long result = 0;
        int shift = 0;
        int b;
        do {
            if (index[0] >= encoded.length() || shift > 60) {
                throw new IllegalArgumentException("truncated polyline");
            }
            b = encoded.charAt(index[0]++) - 63;
            result |= (long) (b & 0x1f) << shift;
            shift += 5;
        } while (b >= 0x20);
        return (result & 1) != 0 ? ~(result >> 1) : result >> 1;
    }

    /**
     * The summary line of a track: the points that keep its shape within {@link #SUMMARY_TOLERANCE_M}
     * (first and last always), thinned evenly if that is still more than {@link #SUMMARY_MAX_POINTS}.
     */
    public static String summary(double[] latitudes, double[] longitudes) {
        boolean[] keep = simplify(latitudes, longitudes, SUMMARY_TOLERANCE_M);
        int kept = 0;
        for (boolean k : keep) {
            kept += k ? 1 : 0;
        }
        double[] lats = new double[kept];
        double[] lngs = new double[kept];
        for (int i = 0, j = 0; i < keep.length; i++) {
            if (keep[i]) {
                lats[j] = latitudes[i];
                lngs[j++] = longitudes[i];
            }
        }
        if (kept > SUMMARY_MAX_POINTS) {
            return encode(thin(lats, SUMMARY_MAX_POINTS), thin(lngs, SUMMARY_MAX_POINTS));
        }
        return encode(lats, lngs);
    }

    /** Every n-th value, so that at most {@code max} remain, always with the last. */
    private static double[] thin(double[] values, int max) {
        double[] out = new double[max];
        for (int i = 0; i < max; i++) {
            out[i] = values[(int) Math.round((double) i * (values.length - 1) / (max - 1))];
        }
        return out;
    }

    /** Ramer-Douglas-Peucker on a local flat projection, without recursion (tracks can be long). */
    static boolean[] simplify(double[] lats, double[] lngs, double toleranceMetres) {
        int n = lats.length;
        boolean[] keep = new boolean[n];
        if (n == 0) {
            return keep;
        }
        keep[0] = true;
        keep[n - 1] = true;
        double metresPerDegree = Math.toRadians(1) * Geo.EARTH_RADIUS_M;
        double cosLat = Math.cos(Math.toRadians(lats[0]));
        Deque<int[]> stack = new ArrayDeque<>();
        stack.push(new int[] {0, n - 1});
        while (!stack.isEmpty()) {
            int[] span = stack.pop();
            int first = span[0];
            int last = span[1];
            double farthest = 0;
            int index = -1;
            for (int i = first + 1; i < last; i++) {
                double d = offset(lats, lngs, first, last, i, cosLat) * metresPerDegree;
                if (d > farthest) {
                    farthest = d;
                    index = i;
                }
            }
            if (index >= 0 && farthest > toleranceMetres) {
                keep[index] = true;
                stack.push(new int[] {first, index});
                stack.push(new int[] {index, last});
            }
        }
        return keep;
    }

    /** Distance in degrees (longitude scaled by cos latitude) of point i from the segment first-last. */
    private static double offset(double[] lats, double[] lngs, int first, int last, int i, double cosLat) {
        double ax = lngs[first] * cosLat;
        double ay = lats[first];
        double bx = lngs[last] * cosLat - ax;
        double by = lats[last] - ay;
        double px = lngs[i] * cosLat - ax;
        double py = lats[i] - ay;
        double length = bx * bx + by * by;
        double t = length == 0 ? 0 : Math.max(0, Math.min(1, (px * bx + py * by) / length));
        double dx = px - t * bx;
        double dy = py - t * by;
        return Math.sqrt(dx * dx + dy * dy);
    }
}
