package dev.switchback.api.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.testing.UnitTest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Training Center XML through {@link TrackParsers}: the Garmin Connect sample and the cases it does not show. */
@UnitTest
class TcxParserTest {
    private final TrackParsers parsers = new TrackParsers();

    @Test
    void garminConnectRide_yieldsEveryTrackpointWithItsSensors() throws Exception {
        Track track = parsers.parse(SampleTracks.open(SampleTracks.RIDE_TCX), DataType.TCX);

        assertThat(track.points()).hasSize(250);
        TrackPoint first = track.points().get(0);
        TrackPoint last = track.points().get(249);
        assertThat(first.time()).isEqualTo(Instant.parse("2024-06-02T07:15:00Z"));
        assertThat(last.time()).isEqualTo(Instant.parse("2024-06-02T07:38:41Z"));
        assertThat(first.latitude()).isEqualTo(45.89254);
        assertThat(first.longitude()).isEqualTo(6.13987);
        assertThat(last.latitude()).isEqualTo(45.9304845);
        assertThat(last.longitude()).isEqualTo(6.0233583);
        assertThat(first.altitude()).isEqualTo(448.0);
        assertThat(last.altitude()).isEqualTo(513.2);
        assertThat(last.distance()).isEqualTo(11607.57);
        assertThat(first.heartrate()).isEqualTo(106);
        assertThat(first.cadence()).isEqualTo(87);
        assertThat(first.watts()).isEqualTo(253);
        assertThat(last.watts()).isEqualTo(162);
    }

    @Test
    void garminConnectRide_hasItsThreeAutoLapsSportAndDevice() throws Exception {
        Track track = parsers.parse(SampleTracks.open(SampleTracks.RIDE_TCX), DataType.TCX);

        assertThat(track.laps())
                .containsExactly(
                        lap("2024-06-02T07:15:00Z", "2024-06-02T07:25:09Z"),
                        lap("2024-06-02T07:25:18Z", "2024-06-02T07:35:22Z"),
                        lap("2024-06-02T07:35:29Z", "2024-06-02T07:38:41Z"));
        assertThat(track.sport()).contains("Ride");
        assertThat(track.device())
                .as("the activity's Creator, not the exporting Author")
                .contains("Edge 530");
        assertThat(track.name()).isEmpty();
    }

    @Test
    void gzippedSample_equalsThePlainOne() throws Exception {
        assertThat(parsers.parse(SampleTracks.open(SampleTracks.RIDE_TCX + ".gz"), DataType.TCX_GZ))
                .isEqualTo(parsers.parse(SampleTracks.open(SampleTracks.RIDE_TCX), DataType.TCX));
    }

    @Test
    void runningActivity_isARun_withRunCadenceAndRunningPower() throws Exception {
        Track track = parse(
                tcx(
                        "Running",
                        lapXml(
                                "2024-03-03T09:00:00Z",
                                trackpoint(
                                        "2024-03-03T09:00:00Z",
                                        "<Extensions><ns3:TPX><ns3:RunCadence>84</ns3:RunCadence><ns3:Watts>287</ns3:Watts></ns3:TPX></Extensions>"))));

        assertThat(track.sport()).contains("Run");
        assertThat(track.points().get(0).cadence()).isEqualTo(84);
        assertThat(track.points().get(0).watts()).isEqualTo(287);
    }

    @Test
    void otherSport_hasNoSportType() throws Exception {
        Track track = parse(tcx("Other", lapXml("2024-03-03T09:00:00Z", trackpoint("2024-03-03T09:00:00Z", ""))));

        assertThat(track.sport()).isEmpty();
    }

    @Test
    void trackpointsWithoutTime_areSkipped_andTheRestSortedByTime() throws Exception {
        Track track = parse(tcx(
                "Biking",
                lapXml(
                        "2024-03-03T09:00:00Z",
                        trackpoint("2024-03-03T09:00:20Z", "")
                                + "<Trackpoint><DistanceMeters>5</DistanceMeters></Trackpoint>"
                                + trackpoint("2024-03-03T09:00:10Z", ""))));

        assertThat(track.points())
                .extracting(TrackPoint::time)
                .containsExactly(Instant.parse("2024-03-03T09:00:10Z"), Instant.parse("2024-03-03T09:00:20Z"));
    }

    @Test
    void lapWithoutTrackpoints_endsAfterItsTotalTime() throws Exception {
        Track track = parse(tcx(
                "Biking",
                "<Lap StartTime=\"2024-03-03T08:00:00Z\"><TotalTimeSeconds>90.5</TotalTimeSeconds></Lap>"
                        + lapXml("2024-03-03T09:00:00Z", trackpoint("2024-03-03T09:00:00Z", ""))));

        assertThat(track.laps())
                .first()
                .isEqualTo(new Track.Lap(
                        Instant.parse("2024-03-03T08:00:00Z"), Instant.parse("2024-03-03T08:01:30.500Z")));
    }

    @Test
    void onlyTheFirstActivity_isRead() throws Exception {
        String two = tcx("Running", lapXml("2024-03-03T09:00:00Z", trackpoint("2024-03-03T09:00:00Z", "")))
                .replace(
                        "</Activities>",
                        "<Activity Sport=\"Biking\">"
                                + lapXml("2024-03-04T09:00:00Z", trackpoint("2024-03-04T09:00:00Z", ""))
                                + "</Activity></Activities>");

        Track track = parse(two);

        assertThat(track.points()).hasSize(1);
        assertThat(track.sport()).contains("Run");
    }

    @Test
    void courseWithoutActivity_hasNoPoints() {
        String course = tcx("Biking", "")
                .replace("<Activities><Activity Sport=\"Biking\">", "<Courses><Course>")
                .replace(
                        "</Activity></Activities>",
                        "<Track>" + trackpoint("2024-03-03T09:00:00Z", "") + "</Track></Course></Courses>");

        assertThatThrownBy(() -> parse(course))
                .isInstanceOf(TrackFormatException.class)
                .hasMessage("The TCX file has no track points with a time.");
    }

    @Test
    void nonNumericHeartRate_isRefusedNamingTheValue() {
        String bad = tcx(
                "Biking",
                lapXml(
                        "2024-03-03T09:00:00Z",
                        trackpoint("2024-03-03T09:00:00Z", "<HeartRateBpm><Value>fast</Value></HeartRateBpm>")));

        assertThatThrownBy(() -> parse(bad))
                .isInstanceOf(TrackFormatException.class)
                .hasMessageStartingWith("The TCX file has an invalid Value 'fast' (line ");
    }

    private Track parse(String tcx) throws TrackFormatException {
        return parsers.parse(new ByteArrayInputStream(tcx.getBytes(StandardCharsets.UTF_8)), DataType.TCX);
    }

    private static Track.Lap lap(String start, String end) {
        return new Track.Lap(Instant.parse(start), Instant.parse(end));
    }

    /** A TCX file of one activity of this sport holding {@code laps}, with Garmin's namespaces. */
    static String tcx(String sport, String laps) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
                  xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">
                """ + "<Activities><Activity Sport=\"" + sport + "\">" + laps + "</Activity></Activities>"
                + "\n</TrainingCenterDatabase>\n";
    }

    private static String lapXml(String start, String trackpoints) {
        return "<Lap StartTime=\"" + start + "\"><Track>" + trackpoints + "</Track></Lap>";
    }

    private static String trackpoint(String time, String extra) {
        return "<Trackpoint><Time>" + time + "</Time><Position><LatitudeDegrees>45.9</LatitudeDegrees>"
                + "<LongitudeDegrees>6.1</LongitudeDegrees></Position>" + extra + "</Trackpoint>";
    }
}
