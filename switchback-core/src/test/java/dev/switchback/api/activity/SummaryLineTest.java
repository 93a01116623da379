package dev.switchback.api.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.switchback.api.geo.Polyline;
import dev.switchback.testing.UnitTest;
import org.junit.jupiter.api.Test;

/** The summary line: simplified, bounded, encoded. */
@UnitTest
class SummaryLineTest {
    @Test
    void summary_ofAStraightLine_keepsOnlyItsEnds() {
        double[] lats = new double[1000];
        double[] lngs = new double[1000];
        for (int i = 0; i < 1000; i++) {
            lats[i] = 45 + i * 1e-5;
            lngs[i] = 6 + i * 1e-5;
        }

        var summary = Polyline.decode(SummaryLine.of(lats, lngs));

        assertThat(summary).hasSize(2);
        assertThat(summary.get(1).latitude()).isCloseTo(lats[999], within(1e-5));
    }

    @Test
    void summary_ofAWigglyLine_keepsAtMost400Points() {
        double[] lats = new double[20_000];
        double[] lngs = new double[20_000];
        for (int i = 0; i < lats.length; i++) {
            lats[i] = 45 + i * 1e-5;
            lngs[i] = 6 + (i % 2 == 0 ? 0 : 1e-3);
        }

        assertThat(Polyline.decode(SummaryLine.of(lats, lngs))).hasSize(400);
    }
}
