package dev.switchback.api.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Google's encoded polyline format and the summary line. */
class PolylineTest {
    @Test
    void encode_googlesDocumentedExample_givesTheDocumentedString() {
        String encoded = Polyline.encode(new double[] {38.5, 40.7, 43.252}, new double[] {-120.2, -120.95, -126.453});

        assertThat(encoded).isEqualTo("_p~iF~ps|U_ulLnnqC_mqNvxq`@");
    }

    @Test
    void decode_ofEncode_givesThePositionsBackTo1e5Degrees() {
        double[] lats = {45.123456, 45.2, -33.9};
        double[] lngs = {6.654321, 6.0, 151.2};

        double[][] decoded = Polyline.decode(Polyline.encode(lats, lngs));

        for (int i = 0; i < lats.length; i++) {
            assertThat(decoded[0][i]).isCloseTo(lats[i], within(1e-5));
            assertThat(decoded[1][i]).isCloseTo(lngs[i], within(1e-5));
        }
    }

    @Test
    void decode_truncatedLine_isRefused() {
        assertThatThrownBy(() -> Polyline.decode("_p~iF~ps|U_ulL_")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void summary_ofAStraightLine_keepsOnlyItsEnds() {
        double[] lats = new double[1000];
        double[] lngs = new double[1000];
        for (int i = 0; i < 1000; i++) {
            lats[i] = 45 + i * 1e-5;
            lngs[i] = 6 + i * 1e-5;
        }

        double[][] summary = Polyline.decode(Polyline.summary(lats, lngs));

        assertThat(summary[0]).hasSize(2);
        assertThat(summary[0][1]).isCloseTo(lats[999], within(1e-5));
    }

    @Test
    void summary_ofAWigglyLine_keepsAtMost400Points() {
        double[] lats = new double[20_000];
        double[] lngs = new double[20_000];
        for (int i = 0; i < lats.length; i++) {
            lats[i] = 45 + i * 1e-5;
            lngs[i] = 6 + (i % 2 == 0 ? 0 : 1e-3);
        }

        assertThat(Polyline.decode(Polyline.summary(lats, lngs))[0]).hasSize(400);
    }
}
