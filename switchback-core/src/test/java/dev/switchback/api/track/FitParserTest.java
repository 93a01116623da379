package dev.switchback.api.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.garmin.fit.DateTime;
import com.garmin.fit.DeviceIndex;
import com.garmin.fit.DeviceInfoMesg;
import com.garmin.fit.File;
import com.garmin.fit.FileEncoder;
import com.garmin.fit.FileIdMesg;
import com.garmin.fit.Fit;
import com.garmin.fit.GarminProduct;
import com.garmin.fit.Manufacturer;
import com.garmin.fit.Mesg;
import com.garmin.fit.RecordMesg;
import com.garmin.fit.SessionMesg;
import com.garmin.fit.Sport;
import com.garmin.fit.SubSport;
import dev.switchback.testing.UnitTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FIT through {@link TrackParsers} and Garmin's FIT SDK: the sample, devices, sports, and damaged files. */
@UnitTest
class FitParserTest {
    private final TrackParsers parsers = new TrackParsers();

    @TempDir
    Path directory;

    @Test
    void fenixTrailRun_yieldsEveryRecordInDegreesWithItsSensors() throws Exception {
        Track track = parsers.parse(SampleTracks.open(SampleTracks.TRAIL_RUN_FIT), DataType.FIT);

        assertThat(track.points()).hasSize(300);
        TrackPoint first = track.points().get(0);
        TrackPoint last = track.points().get(299);
        assertThat(first.time()).isEqualTo(Instant.parse("2024-08-17T05:48:12Z"));
        assertThat(last.time()).isEqualTo(Instant.parse("2024-08-17T06:05:28Z"));
        assertThat(first.latitude()).isCloseTo(45.842911, within(1e-6));
        assertThat(first.longitude()).isCloseTo(6.087340, within(1e-6));
        assertThat(last.latitude()).isCloseTo(45.832652, within(1e-6));
        assertThat(last.longitude()).isCloseTo(6.060836, within(1e-6));
        assertThat(first.altitude()).isCloseTo(639.8, within(0.1));
        assertThat(last.altitude()).isCloseTo(785.2, within(0.1));
        assertThat(last.distance()).isCloseTo(2710.66, within(0.01));
        assertThat(first.heartrate()).isEqualTo(94);
        assertThat(first.cadence()).isEqualTo(83);
        assertThat(first.watts()).isEqualTo(236);
    }

    @Test
    void fenixTrailRun_hasItsKilometreLapsSportAndDevice() throws Exception {
        Track track = parsers.parse(SampleTracks.open(SampleTracks.TRAIL_RUN_FIT), DataType.FIT);

        assertThat(track.laps())
                .containsExactly(
                        new Track.Lap(Instant.parse("2024-08-17T05:48:12Z"), Instant.parse("2024-08-17T05:54:31Z")),
                        new Track.Lap(Instant.parse("2024-08-17T05:54:33Z"), Instant.parse("2024-08-17T06:00:57Z")),
                        new Track.Lap(Instant.parse("2024-08-17T06:01:00Z"), Instant.parse("2024-08-17T06:05:28Z")));
        assertThat(track.sport()).contains("TrailRun");
        assertThat(track.device()).contains("Garmin FENIX7");
        assertThat(track.name()).isEmpty();
    }

    @Test
    void gzippedSample_equalsThePlainOne() throws Exception {
        assertThat(parsers.parse(SampleTracks.open(SampleTracks.TRAIL_RUN_FIT + ".gz"), DataType.FIT_GZ))
                .isEqualTo(parsers.parse(SampleTracks.open(SampleTracks.TRAIL_RUN_FIT), DataType.FIT));
    }

    @Test
    void recordsWithoutPositionOrSensors_areNaN_likeAnIndoorRide() throws Exception {
        RecordMesg record = new RecordMesg();
        record.setTimestamp(new DateTime(Instant.parse("2024-01-05T18:00:00Z")));
        record.setPower(180);

        Track track = parse(encode(
                fileId(Manufacturer.GARMIN, GarminProduct.EDGE_530),
                session(Sport.CYCLING, SubSport.VIRTUAL_ACTIVITY),
                record));

        TrackPoint point = track.points().get(0);
        assertThat(point.hasPosition()).isFalse();
        assertThat(point.altitude()).isNaN();
        assertThat(point.heartrate()).isNaN();
        assertThat(point.watts()).isEqualTo(180);
        assertThat(track.sport()).contains("VirtualRide");
        assertThat(track.device()).contains("Garmin Edge 530");
    }

    @Test
    void productName_isTheDeviceOfOtherMakers() throws Exception {
        FileIdMesg fileId = fileId(Manufacturer.WAHOO_FITNESS, 31);
        fileId.setProductName("ELEMNT BOLT");

        Track track = parse(encode(fileId, record("2024-01-05T18:00:00Z")));

        assertThat(track.device()).contains("Wahoo Fitness ELEMNT BOLT");
    }

    @Test
    void creatorDeviceInfo_namesTheDeviceWhenFileIdDoesNot() throws Exception {
        DeviceInfoMesg creator = new DeviceInfoMesg();
        creator.setDeviceIndex(DeviceIndex.CREATOR);
        creator.setManufacturer(Manufacturer.GARMIN);
        creator.setProduct(GarminProduct.FR965);
        FileIdMesg fileId = new FileIdMesg();
        fileId.setType(File.ACTIVITY);

        Track track = parse(encode(fileId, creator, record("2024-01-05T18:00:00Z")));

        assertThat(track.device()).contains("Garmin FR965");
    }

    @Test
    void activityWithoutRecords_isRefused() {
        byte[] empty =
                encode(fileId(Manufacturer.GARMIN, GarminProduct.FR255), session(Sport.RUNNING, SubSport.GENERIC));

        assertThatThrownBy(() -> parse(empty))
                .isInstanceOf(TrackFormatException.class)
                .hasMessage("The FIT file has no track points with a time.");
    }

    @Test
    void truncatedFile_isRefusedAsTruncated() {
        byte[] whole = SampleTracks.bytes(SampleTracks.TRAIL_RUN_FIT);

        assertThatThrownBy(() -> parse(Arrays.copyOf(whole, whole.length - 1)))
                .isInstanceOf(TrackFormatException.class)
                .hasMessage("The FIT file is truncated: its header announces " + whole.length + " bytes, the file has "
                        + (whole.length - 1) + ".");
    }

    @Test
    void flippedByte_isRefusedByTheChecksum() {
        byte[] damaged = SampleTracks.bytes(SampleTracks.TRAIL_RUN_FIT);
        damaged[damaged.length / 2] ^= 0x40;

        assertThatThrownBy(() -> parse(damaged))
                .isInstanceOf(TrackFormatException.class)
                .hasMessage("The FIT file is corrupt: its checksum or its records are invalid.");
    }

    @Test
    void fitSportsAndSubSports_mapToStravaSportTypes() {
        assertThat(SportTypes.fromFit(Sport.RUNNING, SubSport.GENERIC)).contains("Run");
        assertThat(SportTypes.fromFit(Sport.RUNNING, SubSport.TRAIL)).contains("TrailRun");
        assertThat(SportTypes.fromFit(Sport.CYCLING, SubSport.ROAD)).contains("Ride");
        assertThat(SportTypes.fromFit(Sport.CYCLING, SubSport.MOUNTAIN)).contains("MountainBikeRide");
        assertThat(SportTypes.fromFit(Sport.CYCLING, SubSport.GRAVEL_CYCLING)).contains("GravelRide");
        assertThat(SportTypes.fromFit(Sport.HIKING, null)).contains("Hike");
        assertThat(SportTypes.fromFit(Sport.WALKING, null)).contains("Walk");
        assertThat(SportTypes.fromFit(Sport.SWIMMING, SubSport.LAP_SWIMMING)).contains("Swim");
        assertThat(SportTypes.fromFit(Sport.GOLF, null)).isEmpty();
        assertThat(SportTypes.fromFit(null, null)).isEmpty();
    }

    private Track parse(byte[] fit) throws TrackFormatException {
        return parsers.parse(new ByteArrayInputStream(fit), DataType.FIT);
    }

    /** A FIT file of these messages, encoded by the FIT SDK. */
    private byte[] encode(Mesg... messages) {
        Path file = directory.resolve("test-" + System.nanoTime() + ".fit");
        FileEncoder encoder = new FileEncoder(file.toFile(), Fit.ProtocolVersion.V2_0);
        encoder.write(List.of(messages));
        encoder.close();
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static FileIdMesg fileId(int manufacturer, int product) {
        FileIdMesg fileId = new FileIdMesg();
        fileId.setType(File.ACTIVITY);
        fileId.setManufacturer(manufacturer);
        fileId.setProduct(product);
        return fileId;
    }

    private static SessionMesg session(Sport sport, SubSport subSport) {
        SessionMesg session = new SessionMesg();
        session.setSport(sport);
        session.setSubSport(subSport);
        return session;
    }

    private static RecordMesg record(String time) {
        RecordMesg record = new RecordMesg();
        record.setTimestamp(new DateTime(Instant.parse(time)));
        return record;
    }
}
