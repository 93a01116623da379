package dev.switchback.api.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.switchback.api.track.TrackParsers;
import dev.switchback.testing.UnitTest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Stream columns survive the round trip to their stored form, at the stored precision. */
@UnitTest
class StreamCodecTest {
    @Test
    void decode_ofEncode_keepsValuesAtTheScale_andMissingValuesAsNaN() {
        double[] values = {101.25, 101.3, Double.NaN, 99.96, -12.04, Double.NaN};

        double[] decoded = StreamCodec.decode(StreamCodec.encode(values, 10), 10, 6);

        assertThat(decoded).hasSize(6);
        assertThat(decoded[0]).isCloseTo(101.3, within(1e-9));
        assertThat(decoded[2]).isNaN();
        assertThat(decoded[4]).isCloseTo(-12.0, within(1e-9));
        assertThat(decoded[5]).isNaN();
    }

    @Test
    void twoHoursOfPositionsAt1Hz_takeAFewBytesAPoint() {
        double[] lats = new double[7200];
        for (int i = 0; i < lats.length; i++) {
            lats[i] = 45 + i * 4e-5 + Math.sin(i / 50.0) * 1e-4;
        }

        byte[] packed = StreamCodec.encode(lats, 1e6);

        assertThat(packed.length).isLessThan(7200 * 3);
        assertThat(StreamCodec.decode(packed, 1e6, 7200)[7199]).isCloseTo(lats[7199], within(1e-6));
    }

    @Test
    void time_roundTripsExactly() {
        int[] time = {0, 1, 2, 5, 3600, 3601};

        assertThat(StreamCodec.decodeTime(StreamCodec.encodeTime(time), 6)).containsExactly(time);
    }

    @Test
    void decode_ofCorruptBytes_failsCleanly() {
        byte[] packed = StreamCodec.encode(new double[] {1, 2, 3}, 1);

        assertThatThrownBy(() -> StreamCodec.decode(Arrays.copyOf(packed, packed.length - 3), 1, 3))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aColumnOfAnotherLength_thanItsActivityHas_isCorrupt() {
        byte[] packed = StreamCodec.encode(new double[] {1, 2, 3}, 1);

        assertThatThrownBy(() -> StreamCodec.decode(packed, 1, 4))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("stream of 3 values where 4 were expected");
    }

    /** contract#upload-limits: the codec has no limit of its own; the upload's decide what is stored. */
    @Test
    void positionsOfTheMostPointsAnUploadMayHave_roundTrip_asOneColumnOfTwiceAsManyValues() {
        int points = TrackParsers.Limits.DEFAULT.maxPoints();
        double[] lats = new double[points];
        double[] lngs = new double[points];
        for (int i = 0; i < points; i++) {
            lats[i] = 37.7 + i * 1e-6;
            lngs[i] = i == 17 ? Double.NaN : -122.4 - i * 1e-6;
        }

        double[][] decoded = StreamCodec.decode(StreamCodec.encode(1e6, lats, lngs), 1e6, points, 2);

        assertThat(decoded[0][points - 1]).isCloseTo(lats[points - 1], within(1e-7));
        assertThat(decoded[1][points - 1]).isCloseTo(lngs[points - 1], within(1e-7));
        assertThat(decoded[1][17]).isNaN();
        assertThat(decoded[0][17]).isCloseTo(lats[17], within(1e-7));
    }
}
