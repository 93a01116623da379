package dev.switchback.api.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.switchback.testing.UnitTest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GPX 1.0 and 1.1 through {@link TrackParsers}: the samples, the extensions devices write, the sport names. */
@UnitTest
class GpxParserTest {
    private final TrackParsers parsers = new TrackParsers();

    @Test
    void garminConnectRun_yieldsEveryPointWithPositionAltitudeHeartRateAndCadence() throws Exception {
        Track track = parsers.parse(SampleTracks.open(SampleTracks.RUN_GPX), DataType.GPX);

        assertThat(track.points()).hasSize(360);
        TrackPoint first = track.points().get(0);
        TrackPoint last = track.points().get(359);
        assertThat(first.time()).isEqualTo(Instant.parse("2024-05-12T06:31:07Z"));
        assertThat(last.time()).isEqualTo(Instant.parse("2024-05-12T06:52:22Z"));
        assertThat(first.latitude()).isEqualTo(45.899238);
        assertThat(first.longitude()).isEqualTo(6.130412);
        assertThat(last.latitude()).isEqualTo(45.9203082);
        assertThat(last.longitude()).isEqualTo(6.0933314);
        assertThat(first.altitude()).isEqualTo(447.2);
        assertThat(first.heartrate()).isEqualTo(97);
        assertThat(first.cadence()).isEqualTo(88);
        assertThat(last.heartrate()).isEqualTo(151);
        assertThat(first.watts()).isNaN();
        assertThat(first.distance()).isNaN();
    }

    @Test
    void garminConnectRun_namesItsSportNameAndCreator() throws Exception {
        Track track = parsers.parse(SampleTracks.open(SampleTracks.RUN_GPX), DataType.GPX);

        assertThat(track.sport()).contains("Run");
        assertThat(track.name()).contains("Annecy Running");
        assertThat(track.device()).contains("Garmin Connect");
        assertThat(track.laps()).isEmpty();
    }

    @Test
    void gpx10Hike_takesTheFileNameAndHasNoSport() throws Exception {
        Track track = parsers.parse(SampleTracks.open(SampleTracks.HIKE_GPX10), DataType.GPX);

        assertThat(track.points()).hasSize(60);
        assertThat(track.points().get(0).time()).isEqualTo(Instant.parse("2023-09-23T08:02:41Z"));
        assertThat(track.points().get(59).time()).isEqualTo(Instant.parse("2023-09-23T08:18:23Z"));
        assertThat(track.points().get(0).latitude()).isEqualTo(45.82764);
        assertThat(track.points().get(0).longitude()).isEqualTo(6.10055);
        assertThat(track.points().get(59).altitude()).isEqualTo(1296.0);
        assertThat(track.points().get(0).heartrate()).isNaN();
        assertThat(track.name()).contains("Semnoz hike");
        assertThat(track.sport()).isEmpty();
        assertThat(track.device()).contains("eTrex 30");
    }

    @Test
    void gzippedSamples_equalThePlainOnes() throws Exception {
        for (String name : new String[] {SampleTracks.RUN_GPX, SampleTracks.HIKE_GPX10}) {
            assertThat(parsers.parse(SampleTracks.open(name + ".gz"), DataType.GPX_GZ))
                    .isEqualTo(parsers.parse(SampleTracks.open(name), DataType.GPX));
        }
    }

    @Test
    void gpxtpxExtension_givesHeartRateAndCadence_andStravaPowerGivesWatts() throws Exception {
        Track track = parse(track(point("""
                <extensions>
                  <power>231</power>
                  <gpxtpx:TrackPointExtension>
                    <gpxtpx:atemp>21</gpxtpx:atemp><gpxtpx:hr>142</gpxtpx:hr><gpxtpx:cad>91</gpxtpx:cad>
                  </gpxtpx:TrackPointExtension>
                </extensions>""")));

        TrackPoint point = track.points().get(0);
        assertThat(point.heartrate()).isEqualTo(142);
        assertThat(point.cadence()).isEqualTo(91);
        assertThat(point.watts()).isEqualTo(231);
    }

    @Test
    void garminPowerExtension_givesWatts() throws Exception {
        Track track = parse(track(point("""
                <extensions><pwr:PowerInWatts xmlns:pwr="http://www.garmin.com/xmlschemas/PowerExtension/v1">305</pwr:PowerInWatts></extensions>""")));

        assertThat(track.points().get(0).watts()).isEqualTo(305);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            nullValues = "none",
            value = {
                "running, Run",
                "Running, Run",
                "cycling, Ride",
                "biking, Ride",
                "road_biking, Ride",
                "hiking, Hike",
                "walking, Walk",
                "swimming, Swim",
                "trail_running, TrailRun",
                "mountain_biking, MountainBikeRide",
                "kayaking, none",
                "9, none"
            })
    void trackType_mapsToStravaSportType(String type, String sportType) throws Exception {
        Track track = parse(gpx("<trk><type>" + type + "</type><trkseg>" + point("") + "</trkseg></trk>"));

        assertThat(track.sport()).isEqualTo(Optional.ofNullable(sportType));
    }

    @Test
    void trackName_winsOverTheFileName() throws Exception {
        Track track = parse(gpx("<metadata><name>Whole file</name></metadata>" + "<trk><name>Lunch Ride</name><trkseg>"
                + point("") + "</trkseg></trk>"));

        assertThat(track.name()).contains("Lunch Ride");
    }

    @Test
    void pointsWithoutTime_areSkipped_andPointsEndSortedByTime() throws Exception {
        Track track = parse(gpx("<trk><trkseg>"
                + "<trkpt lat=\"45.1\" lon=\"6.1\"><time>2024-01-01T10:00:10Z</time></trkpt>"
                + "<trkpt lat=\"45.2\" lon=\"6.2\"></trkpt>"
                + "<trkpt lat=\"45.3\" lon=\"6.3\"><time>2024-01-01T10:00:00Z</time></trkpt>"
                + "</trkseg><trkseg>"
                + "<trkpt lat=\"45.4\" lon=\"6.4\"><time>2024-01-01T11:00:05+01:00</time></trkpt>"
                + "</trkseg></trk>"));

        assertThat(track.points()).extracting(TrackPoint::latitude).containsExactly(45.3, 45.4, 45.1);
    }

    @Test
    void routesAndWaypoints_areNotActivityPoints() throws Exception {
        String routeOnly = gpx("<wpt lat=\"45\" lon=\"6\"><time>2024-01-01T10:00:00Z</time></wpt>"
                + "<rte><rtept lat=\"45\" lon=\"6\"><time>2024-01-01T10:00:00Z</time></rtept></rte>");

        assertThatThrownBy(() -> parse(routeOnly))
                .isInstanceOf(TrackFormatException.class)
                .hasMessage("The GPX file has no track points with a time.");
    }

    @Test
    void latitudeOutOfRange_isRefusedNamingTheValue() {
        String bad = track("<trkpt lat=\"91.5\" lon=\"6\"><time>2024-01-01T10:00:00Z</time></trkpt>");

        assertThatThrownBy(() -> parse(bad))
                .isInstanceOf(TrackFormatException.class)
                .hasMessage("The GPX file has an invalid trkpt lat '91.5' (line 3).");
    }

    @Test
    void unreadableTime_isRefusedNamingTheValue() {
        String bad = track("<trkpt lat=\"45\" lon=\"6\"><time>yesterday</time></trkpt>");

        assertThatThrownBy(() -> parse(bad))
                .isInstanceOf(TrackFormatException.class)
                .hasMessageStartingWith("The GPX file has an invalid time 'yesterday'");
    }

    @Test
    void positionsAltitudeAndFractionalTimes_areReadAsWritten() throws Exception {
        Track track = parse(track("<trkpt lat=\"-33.8567844\" lon=\"151.2152967\"><ele>-3.5</ele>"
                + "<time>2024-01-01T10:00:00.250Z</time></trkpt>"));

        TrackPoint point = track.points().get(0);
        assertThat(point.latitude()).isCloseTo(-33.8567844, within(1e-9));
        assertThat(point.longitude()).isCloseTo(151.2152967, within(1e-9));
        assertThat(point.altitude()).isEqualTo(-3.5);
        assertThat(point.time()).isEqualTo(Instant.parse("2024-01-01T10:00:00.250Z"));
    }

    @Test
    void declaredLatin1AndUtf8WithByteOrderMark_areDecodedAsDeclared() throws Exception {
        String latin1 =
                track(point("")).replace("UTF-8", "ISO-8859-1").replace("<trk>", "<trk><name>Café à Sévrier</name>");
        byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
        byte[] utf8 = track(point(""))
                .replace("<trk>", "<trk><name>Café à Sévrier</name>")
                .getBytes(StandardCharsets.UTF_8);
        byte[] utf8WithBom = new byte[bom.length + utf8.length];
        System.arraycopy(bom, 0, utf8WithBom, 0, bom.length);
        System.arraycopy(utf8, 0, utf8WithBom, bom.length, utf8.length);

        assertThat(parsers.parse(new ByteArrayInputStream(latin1.getBytes(StandardCharsets.ISO_8859_1)), DataType.GPX)
                        .name())
                .contains("Café à Sévrier");
        assertThat(parsers.parse(new ByteArrayInputStream(utf8WithBom), DataType.GPX)
                        .name())
                .contains("Café à Sévrier");
    }

    @Test
    void bytesThatAreNotUtf8_areRefused() {
        byte[] latin1WithoutDeclaration =
                track(point("")).replace("<trk>", "<trk><name>Café</name>").getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> parsers.parse(new ByteArrayInputStream(latin1WithoutDeclaration), DataType.GPX))
                .isInstanceOf(TrackFormatException.class)
                .hasMessageStartingWith("The file has bytes that are not text in its encoding");
    }

    private Track parse(String gpx) throws TrackFormatException {
        return parsers.parse(new ByteArrayInputStream(gpx.getBytes(StandardCharsets.UTF_8)), DataType.GPX);
    }

    /** A GPX 1.1 file as devices write it, with the usual namespaces, around {@code body}. */
    static String gpx(String body) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <gpx version="1.1" creator="Test" xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
                """ + body + "\n</gpx>\n";
    }

    /** A file of one track of one segment holding these points. */
    private static String track(String... points) {
        return gpx("<trk><trkseg>" + String.join("", points) + "</trkseg></trk>");
    }

    /** A point at 10:00:00 UTC holding {@code extra}. */
    private static String point(String extra) {
        return "<trkpt lat=\"45.5\" lon=\"6.5\"><time>2024-01-01T10:00:00Z</time>" + extra + "</trkpt>";
    }
}
