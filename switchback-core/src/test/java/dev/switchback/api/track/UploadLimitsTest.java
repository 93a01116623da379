package dev.switchback.api.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.testing.UnitTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * contract#upload-limits and contract#plain-decimals: every limit is checked when the file is parsed, with an
 * error naming it, so that nothing stored can fail to read back, and times never wrap; numbers are plain
 * decimals and times possible dates.
 */
@UnitTest
class UploadLimitsTest {
    private final TrackParsers parsers = new TrackParsers();

    private Track gpx(String points) throws TrackFormatException {
        return parsers.parse(
                GpxParserTest.gpx("<trk><trkseg>" + points + "</trkseg></trk>").getBytes(StandardCharsets.UTF_8),
                DataType.GPX);
    }

    private static String point(String lat, String time, String ele) {
        return "<trkpt lat=\"" + lat + "\" lon=\"6.5\"><ele>" + ele + "</ele><time>" + time + "</time></trkpt>";
    }

    @Test
    void aFileSpanningMoreThanAYear_isRefusedNamingTheLimit_ratherThanItsTimesWrapping() {
        String points = point("45.5", "1990-01-01T10:00:00Z", "10") + point("45.6", "2060-01-01T10:00:00Z", "10");

        assertThatThrownBy(() -> gpx(points))
                .isInstanceOf(TrackFormatException.class)
                .hasMessage("The GPX file spans 25567 days, more than the 365 days an activity may last.");
    }

    @Test
    void aFileOfExactlyAYear_isAccepted() throws TrackFormatException {
        String points = point("45.5", "2025-01-01T10:00:00Z", "10") + point("45.6", "2026-01-01T10:00:00Z", "10");

        assertThat(gpx(points).points()).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "+10000-01-01T00:00:00Z"})
    void impossibleDates_areRefused(String time) {
        assertThatThrownBy(() -> gpx(point("45.5", time, "10")))
                .isInstanceOf(TrackFormatException.class)
                .hasMessageStartingWith("The GPX file has an invalid time '" + time + "' (line ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x1p3", "1d", "45f", "NaN", "Infinity", "4_5", "45.5.1", " "})
    void numbersThatAreNotPlainDecimals_areRefused(String number) {
        assertThatThrownBy(() -> gpx(point(number, "2025-01-01T10:00:00Z", "10")))
                .isInstanceOf(TrackFormatException.class)
                .hasMessageContaining("invalid trkpt lat");
        assertThatThrownBy(() -> gpx(point("45.5", "2025-01-01T10:00:00Z", number)))
                .isInstanceOf(TrackFormatException.class)
                .hasMessageContaining("invalid ele");
    }

    @ParameterizedTest
    @ValueSource(strings = {"45", "+45.5", "45.", ".5", "4.55E1", "-1e-3"})
    void plainDecimals_withOrWithoutAnExponent_areRead(String number) throws TrackFormatException {
        assertThat(gpx(point(number, "2025-01-01T10:00:00Z", "10"))
                        .points()
                        .get(0)
                        .latitude())
                .isEqualTo(Double.parseDouble(number));
    }

    @Test
    void aTcxNumberWithATypeSuffix_isRefused() {
        String tcx = TcxParserTest.tcx(
                "Biking",
                "<Lap StartTime=\"2024-03-03T09:00:00Z\"><Track><Trackpoint><Time>2024-03-03T09:00:00Z</Time>"
                        + "<AltitudeMeters>12d</AltitudeMeters></Trackpoint></Track></Lap>");

        assertThatThrownBy(() -> parsers.parse(tcx.getBytes(StandardCharsets.UTF_8), DataType.TCX))
                .isInstanceOf(TrackFormatException.class)
                .hasMessageStartingWith("The TCX file has an invalid AltitudeMeters '12d' (line ");
    }

    @Test
    void theLimitsAreOneSet_theServersFileSizeIncluded() {
        TrackParsers.Limits limits = TrackParsers.Limits.DEFAULT.withMaxFileBytes(50L << 20);

        assertThat(limits.maxFileBytes()).isEqualTo(50L << 20);
        assertThat(limits.maxPoints()).isEqualTo(500_000);
        assertThat(limits.maxDuration()).isEqualTo(TrackParsers.Limits.MAX_DURATION);
    }
}
