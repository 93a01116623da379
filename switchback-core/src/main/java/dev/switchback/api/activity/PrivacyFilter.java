package dev.switchback.api.activity;

import dev.switchback.api.geo.LatLng;
import dev.switchback.api.geo.Polyline;
import java.util.List;
import java.util.Optional;

/**
 * Leaves out what lies inside an athlete's privacy zones: the points of the summary line, the start and
 * end positions, and whole points of the streams (every stream alike, so they stay aligned). Applied for
 * a viewer without {@code activity:read_all} (contract#privacy-zones).
 */
final class PrivacyFilter {
    private final List<PrivacyZone> zones;

    PrivacyFilter(List<PrivacyZone> zones) {
        this.zones = List.copyOf(zones);
    }

    boolean hides(double latitude, double longitude) {
        for (PrivacyZone zone : zones) {
            if (zone.contains(latitude, longitude)) {
                return true;
            }
        }
        return false;
    }

    boolean hidesNothing() {
        return zones.isEmpty();
    }

    /**
     * The map without hidden points. A hidden start or end moves to the first or last point of the
     * summary line that is not hidden, or disappears when every point is.
     */
    ActivityMap trim(ActivityMap map) {
        if (zones.isEmpty() || map.summaryPolyline().isEmpty()) {
            return map;
        }
        List<LatLng> line = Polyline.decode(map.summaryPolyline());
        double[][] visible = visible(
                line.stream().mapToDouble(LatLng::latitude).toArray(),
                line.stream().mapToDouble(LatLng::longitude).toArray());
        int count = visible[0].length;
        Optional<LatLng> firstVisible =
                count == 0 ? Optional.empty() : Optional.of(new LatLng(visible[0][0], visible[1][0]));
        Optional<LatLng> lastVisible =
                count == 0 ? Optional.empty() : Optional.of(new LatLng(visible[0][count - 1], visible[1][count - 1]));
        return new ActivityMap(
                map.start().filter(p -> !hides(p.latitude(), p.longitude())).or(() -> firstVisible),
                map.end().filter(p -> !hides(p.latitude(), p.longitude())).or(() -> lastVisible),
                SummaryLine.encode(visible[0], visible[1]));
    }

    /** The streams without the points inside a zone; points without a fix stay. */
    Streams trim(Streams streams) {
        if (zones.isEmpty() || streams.latitude().isEmpty()) {
            return streams;
        }
        double[] lats = streams.latitude().get();
        double[] lngs = streams.longitude().get();
        boolean[] keep = new boolean[streams.size()];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = Double.isNaN(lats[i]) || Double.isNaN(lngs[i]) || !hides(lats[i], lngs[i]);
        }
        return streams.select(keep);
    }

    private double[][] visible(double[] lats, double[] lngs) {
        boolean[] keep = new boolean[lats.length];
        int count = 0;
        for (int i = 0; i < lats.length; i++) {
            keep[i] = !hides(lats[i], lngs[i]);
            count += keep[i] ? 1 : 0;
        }
        double[] outLats = new double[count];
        double[] outLngs = new double[count];
        for (int i = 0, j = 0; i < lats.length; i++) {
            if (keep[i]) {
                outLats[j] = lats[i];
                outLngs[j++] = lngs[i];
            }
        }
        return new double[][] {outLats, outLngs};
    }
}
