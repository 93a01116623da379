package dev.switchback.api.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.switchback.testing.UnitTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Google's encoded polylines, and the measures of a path. */
@UnitTest
class PolylineTest {
    private static final List<LatLng> GOOGLE_EXAMPLE =
            List.of(new LatLng(38.5, -120.2), new LatLng(40.7, -120.95), new LatLng(43.252, -126.453));

    @Test
    void encode_googlesDocumentedExample_givesTheDocumentedString() {
        assertThat(Polyline.encode(GOOGLE_EXAMPLE)).isEqualTo("_p~iF~ps|U_ulLnnqC_mqNvxq`@");
    }

    @Test
    void decode_googlesDocumentedString_givesTheDocumentedPoints() {
        assertThat(Polyline.decode("_p~iF~ps|U_ulLnnqC_mqNvxq`@")).isEqualTo(GOOGLE_EXAMPLE);
    }

    @Test
    void decode_ofEncode_roundsToFiveDecimals() {
        List<LatLng> path = List.of(
                new LatLng(37.8324512, -122.4795011),
                new LatLng(-33.8567844, 151.2152967),
                new LatLng(0, 0),
                new LatLng(-89.999999, 179.999999));

        List<LatLng> decoded = Polyline.decode(Polyline.encode(path));

        assertThat(decoded).hasSize(path.size());
        for (int i = 0; i < path.size(); i++) {
            assertThat(decoded.get(i).latitude()).isCloseTo(path.get(i).latitude(), within(0.000005));
            assertThat(decoded.get(i).longitude()).isCloseTo(path.get(i).longitude(), within(0.000005));
        }
    }

    @Test
    void encode_anEmptyPath_isEmpty() {
        assertThat(Polyline.encode(List.of())).isEmpty();
        assertThat(Polyline.decode("")).isEmpty();
    }

    @Test
    void decode_aTruncatedOrForeignString_isRefused() {
        assertThatThrownBy(() -> Polyline.decode("_p~iF~ps|U_")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Polyline.decode("_p~iF~ps|U \u00e9")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void distance_ofOneDegreeOfLatitude_isAbout111Kilometres() {
        List<GeoPoint> path = List.of(GeoPoint.of(45, 7, Double.NaN), GeoPoint.of(46, 7, Double.NaN));

        assertThat(Geo.distance(path)).isCloseTo(111_195, within(10.0));
    }

    @Test
    void elevationGain_sumsTheClimbs_andSkipsUnknownAltitudes() {
        List<GeoPoint> path = List.of(
                GeoPoint.of(45, 7, 100),
                GeoPoint.of(45.001, 7, 130),
                GeoPoint.of(45.002, 7, Double.NaN),
                GeoPoint.of(45.003, 7, 110),
                GeoPoint.of(45.004, 7, 125));

        assertThat(Geo.elevationGain(path)).isEqualTo(45.0);
        assertThat(Geo.highest(path)).isEqualTo(130.0);
        assertThat(Geo.lowest(path)).isEqualTo(100.0);
    }

    @Test
    void thin_keepsTheFirstAndLastPoint_andAtMostTheLimit() {
        List<Integer> points = java.util.stream.IntStream.range(0, 1000).boxed().toList();

        List<Integer> thinned = Geo.thin(points, 100);

        assertThat(thinned).hasSize(100).startsWith(0).endsWith(999);
        assertThat(Geo.thin(List.of(1, 2, 3), 100)).containsExactly(1, 2, 3);
    }
}
