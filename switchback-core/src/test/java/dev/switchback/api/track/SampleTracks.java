package dev.switchback.api.track;

import com.garmin.fit.Activity;
import com.garmin.fit.ActivityMesg;
import com.garmin.fit.DateTime;
import com.garmin.fit.DeviceIndex;
import com.garmin.fit.DeviceInfoMesg;
import com.garmin.fit.Event;
import com.garmin.fit.EventMesg;
import com.garmin.fit.EventType;
import com.garmin.fit.File;
import com.garmin.fit.FileEncoder;
import com.garmin.fit.FileIdMesg;
import com.garmin.fit.Fit;
import com.garmin.fit.GarminProduct;
import com.garmin.fit.LapMesg;
import com.garmin.fit.LapTrigger;
import com.garmin.fit.Manufacturer;
import com.garmin.fit.RecordMesg;
import com.garmin.fit.SessionMesg;
import com.garmin.fit.Sport;
import com.garmin.fit.SportMesg;
import com.garmin.fit.SubSport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Makes the sample activity files under {@code src/test/resources/tracks/}, which the tests read as uploads.
 * Nothing can be downloaded here, so the files are written the way real devices and Garmin Connect write
 * them: the GPX and TCX as Garmin Connect exports them (namespaces, prefixes, extensions and all), the FIT
 * with the FIT SDK's own {@link FileEncoder}, message for message as a watch records an activity. The
 * routes are simulated around Lake Annecy with a fixed seed and strict arithmetic, so the files are the
 * same on every run and every JDK.
 *
 * <p>To write them again: {@code mvn -pl switchback-core test -Dtest=SampleTracksTest -Dtracks.regenerate=true}.
 */
final class SampleTracks {
    static final String RUN_GPX = "annecy-run.gpx";
    static final String HIKE_GPX10 = "semnoz-hike-gpx10.gpx";
    static final String RIDE_TCX = "annecy-ride.tcx";
    static final String TRAIL_RUN_FIT = "semnoz-trail-run.fit";
    static final List<String> ALL = List.of(RUN_GPX, HIKE_GPX10, RIDE_TCX, TRAIL_RUN_FIT);

    private static final double METRES_PER_DEGREE = 111_320;
    private static final double SEMICIRCLES_PER_DEGREE = (1L << 31) / 180.0;

    private SampleTracks() {}

    /** One simulated sample of an activity, in the units the formats use. */
    record Sample(
            Instant time,
            double latitude,
            double longitude,
            double altitude,
            double distance,
            double speed,
            int heartrate,
            int cadence,
            int watts) {}

    /** What a simulated activity does: where and when it starts, how fast and how often it records. */
    record Profile(
            long seed,
            Instant start,
            double latitude,
            double longitude,
            double altitude,
            double climbPerKm,
            int points,
            double speed,
            int maxGapSeconds,
            int restingHeartrate,
            int workingHeartrate,
            int cadence,
            int watts) {}

    static final Profile RUN = new Profile(
            255, Instant.parse("2024-05-12T06:31:07Z"), 45.899238, 6.130412, 447.2, 0, 360, 3.4, 6, 96, 156, 86, 0);
    static final Profile HIKE = new Profile(
            30, Instant.parse("2023-09-23T08:02:41Z"), 45.827640, 6.100550, 1190.0, 90, 60, 1.2, 30, 0, 0, 0, 0);
    static final Profile RIDE = new Profile(
            530, Instant.parse("2024-06-02T07:15:00Z"), 45.892540, 6.139870, 448.0, 6, 250, 8.2, 10, 104, 148, 88, 205);
    static final Profile TRAIL_RUN = new Profile(
            7, Instant.parse("2024-08-17T05:48:12Z"), 45.842911, 6.087340, 640.0, 55, 300, 2.6, 6, 92, 162, 82, 248);

    /** Simulates a route: a heading that wanders, smart recording's uneven gaps, a climbing, rolling profile. */
    static List<Sample> simulate(Profile p) {
        Random random = new Random(p.seed());
        List<Sample> samples = new ArrayList<>();
        double north = 0;
        double east = 0;
        double distance = 0;
        double heading = random.nextDouble() * 2 * Math.PI;
        Instant time = p.start();
        for (int i = 0; i < p.points(); i++) {
            double speed = p.speed() * (1 + 0.06 * random.nextGaussian());
            if (i > 0) {
                int gap = 1 + random.nextInt(p.maxGapSeconds());
                time = time.plusSeconds(gap);
                heading += 0.12 * random.nextGaussian();
                distance += speed * gap;
                north += speed * gap * StrictMath.cos(heading);
                east += speed * gap * StrictMath.sin(heading);
            }
            double latitude = p.latitude() + north / METRES_PER_DEGREE;
            double longitude =
                    p.longitude() + east / (METRES_PER_DEGREE * StrictMath.cos(StrictMath.toRadians(p.latitude())));
            double altitude = p.altitude()
                    + p.climbPerKm() * distance / 1000
                    + 6 * StrictMath.sin(distance / 700)
                    + 0.3 * random.nextGaussian();
            double effort = 1 - StrictMath.exp(-i / 60.0);
            int heartrate = p.workingHeartrate() == 0
                    ? 0
                    : (int) Math.round(p.restingHeartrate()
                            + effort * (p.workingHeartrate() - p.restingHeartrate())
                            + 3 * random.nextGaussian());
            int cadence = p.cadence() == 0 ? 0 : (int) Math.round(p.cadence() + 2 * random.nextGaussian());
            int watts = p.watts() == 0 ? 0 : (int) Math.round(p.watts() * (1 + 0.15 * random.nextGaussian()));
            samples.add(new Sample(
                    time, latitude, longitude, altitude, distance, speed, heartrate, cadence, Math.max(0, watts)));
        }
        return samples;
    }

    /** Auto-lap every {@code metres}: the index of each lap's first sample. */
    static List<Integer> lapStarts(List<Sample> samples, double metres) {
        List<Integer> starts = new ArrayList<>(List.of(0));
        for (int i = 1; i < samples.size(); i++) {
            if (Math.floor(samples.get(i).distance() / metres)
                    > Math.floor(samples.get(i - 1).distance() / metres)) {
                starts.add(i);
            }
        }
        return starts;
    }

    /** A run on a Forerunner 255, as Garmin Connect exports it to GPX 1.1. */
    static String runGpx() {
        List<Sample> samples = simulate(RUN);
        StringBuilder gpx = new StringBuilder();
        gpx.append("""
                <?xml version="1.0" encoding="UTF-8"?>
                <gpx creator="Garmin Connect" version="1.1"
                  xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/11.xsd"
                  xmlns:ns3="http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
                  xmlns="http://www.topografix.com/GPX/1/1"
                  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns2="http://www.garmin.com/xmlschemas/GpxExtensions/v3">
                  <metadata>
                    <link href="connect.garmin.com">
                      <text>Garmin Connect</text>
                    </link>
                """);
        gpx.append("    <time>").append(millis(RUN.start())).append("</time>\n");
        gpx.append("""
                  </metadata>
                  <trk>
                    <name>Annecy Running</name>
                    <type>running</type>
                    <trkseg>
                """);
        for (Sample s : samples) {
            gpx.append("      <trkpt lat=\"")
                    .append(fixed(s.latitude(), 7))
                    .append("\" lon=\"")
                    .append(fixed(s.longitude(), 7))
                    .append("\">\n");
            gpx.append("        <ele>").append(fixed(s.altitude(), 1)).append("</ele>\n");
            gpx.append("        <time>").append(millis(s.time())).append("</time>\n");
            gpx.append("        <extensions>\n          <ns3:TrackPointExtension>\n");
            gpx.append("            <ns3:hr>").append(s.heartrate()).append("</ns3:hr>\n");
            gpx.append("            <ns3:cad>").append(s.cadence()).append("</ns3:cad>\n");
            gpx.append("          </ns3:TrackPointExtension>\n        </extensions>\n      </trkpt>\n");
        }
        gpx.append("    </trkseg>\n  </trk>\n</gpx>\n");
        return gpx.toString();
    }

    /** A hike on an old eTrex, in GPX 1.0: the name on the file, no extensions, speed and course per point. */
    static String hikeGpx10() {
        List<Sample> samples = simulate(HIKE);
        StringBuilder gpx = new StringBuilder();
        gpx.append("""
                <?xml version="1.0" encoding="UTF-8" standalone="no" ?>
                <gpx xmlns="http://www.topografix.com/GPX/1/0" creator="eTrex 30" version="1.0"
                     xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                     xsi:schemaLocation="http://www.topografix.com/GPX/1/0 http://www.topografix.com/GPX/1/0/gpx.xsd">
                <name>Semnoz hike</name>
                """);
        gpx.append("<time>").append(seconds(HIKE.start())).append("</time>\n");
        gpx.append("<bounds minlat=\"")
                .append(fixed(
                        samples.stream().mapToDouble(Sample::latitude).min().orElseThrow(), 6))
                .append("\" minlon=\"")
                .append(fixed(
                        samples.stream().mapToDouble(Sample::longitude).min().orElseThrow(), 6))
                .append("\" maxlat=\"")
                .append(fixed(
                        samples.stream().mapToDouble(Sample::latitude).max().orElseThrow(), 6))
                .append("\" maxlon=\"")
                .append(fixed(
                        samples.stream().mapToDouble(Sample::longitude).max().orElseThrow(), 6))
                .append("\"/>\n");
        gpx.append("<trk>\n<number>1</number>\n<trkseg>\n");
        for (Sample s : samples) {
            gpx.append("<trkpt lat=\"")
                    .append(fixed(s.latitude(), 6))
                    .append("\" lon=\"")
                    .append(fixed(s.longitude(), 6))
                    .append("\">\n  <ele>")
                    .append(fixed(s.altitude(), 1))
                    .append("</ele>\n  <time>")
                    .append(seconds(s.time()))
                    .append("</time>\n  <speed>")
                    .append(fixed(s.speed(), 2))
                    .append("</speed>\n</trkpt>\n");
        }
        gpx.append("</trkseg>\n</trk>\n</gpx>\n");
        return gpx.toString();
    }

    /** A ride on an Edge 530 with a power meter, as Garmin Connect exports it to TCX: auto-laps every 5 km. */
    static String rideTcx() {
        List<Sample> samples = simulate(RIDE);
        List<Integer> laps = lapStarts(samples, 5000);
        StringBuilder tcx = new StringBuilder();
        tcx.append("""
                <?xml version="1.0" encoding="UTF-8"?>
                <TrainingCenterDatabase
                  xsi:schemaLocation="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2 http://www.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd"
                  xmlns:ns5="http://www.garmin.com/xmlschemas/ActivityGoals/v1"
                  xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2"
                  xmlns:ns2="http://www.garmin.com/xmlschemas/UserProfile/v2"
                  xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
                  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns4="http://www.garmin.com/xmlschemas/ProfileExtension/v1">
                  <Activities>
                    <Activity Sport="Biking">
                """);
        tcx.append("      <Id>").append(millis(RIDE.start())).append("</Id>\n");
        for (int lap = 0; lap < laps.size(); lap++) {
            int from = laps.get(lap);
            int to = lap + 1 < laps.size() ? laps.get(lap + 1) : samples.size();
            tcxLap(
                    tcx,
                    samples.subList(from, to),
                    from == 0 ? 0 : samples.get(from - 1).distance());
        }
        tcx.append("""
                      <Creator xsi:type="Device_t">
                        <Name>Edge 530</Name>
                        <UnitId>3389470125</UnitId>
                        <ProductID>3121</ProductID>
                        <Version>
                          <VersionMajor>9</VersionMajor>
                          <VersionMinor>75</VersionMinor>
                          <BuildMajor>0</BuildMajor>
                          <BuildMinor>0</BuildMinor>
                        </Version>
                      </Creator>
                    </Activity>
                  </Activities>
                  <Author xsi:type="Application_t">
                    <Name>Connect Api</Name>
                    <Build>
                      <Version>
                        <VersionMajor>0</VersionMajor>
                        <VersionMinor>0</VersionMinor>
                        <BuildMajor>0</BuildMajor>
                        <BuildMinor>0</BuildMinor>
                      </Version>
                    </Build>
                    <LangID>en</LangID>
                    <PartNumber>006-D2449-00</PartNumber>
                  </Author>
                </TrainingCenterDatabase>
                """);
        return tcx.toString();
    }

    private static void tcxLap(StringBuilder tcx, List<Sample> lap, double distanceBefore) {
        Sample first = lap.get(0);
        Sample last = lap.get(lap.size() - 1);
        double seconds = ChronoUnit.SECONDS.between(first.time(), last.time());
        tcx.append("      <Lap StartTime=\"").append(millis(first.time())).append("\">\n");
        tcx.append(String.format(
                Locale.ROOT,
                """
                        <TotalTimeSeconds>%s</TotalTimeSeconds>
                        <DistanceMeters>%s</DistanceMeters>
                        <MaximumSpeed>%s</MaximumSpeed>
                        <Calories>%d</Calories>
                        <AverageHeartRateBpm>
                          <Value>%d</Value>
                        </AverageHeartRateBpm>
                        <MaximumHeartRateBpm>
                          <Value>%d</Value>
                        </MaximumHeartRateBpm>
                        <Intensity>Active</Intensity>
                        <Cadence>%d</Cadence>
                        <TriggerMethod>Distance</TriggerMethod>
                        <Track>
                """,
                fixed(seconds, 1),
                fixed(last.distance() - distanceBefore, 1),
                fixed(lap.stream().mapToDouble(Sample::speed).max().orElseThrow(), 3),
                Math.round(seconds * 0.19),
                Math.round(lap.stream().mapToInt(Sample::heartrate).average().orElseThrow()),
                lap.stream().mapToInt(Sample::heartrate).max().orElseThrow(),
                Math.round(lap.stream().mapToInt(Sample::cadence).average().orElseThrow())));
        for (Sample s : lap) {
            tcx.append("          <Trackpoint>\n");
            tcx.append("            <Time>").append(millis(s.time())).append("</Time>\n");
            tcx.append("            <Position>\n");
            tcx.append("              <LatitudeDegrees>")
                    .append(fixed(s.latitude(), 7))
                    .append("</LatitudeDegrees>\n");
            tcx.append("              <LongitudeDegrees>")
                    .append(fixed(s.longitude(), 7))
                    .append("</LongitudeDegrees>\n");
            tcx.append("            </Position>\n");
            tcx.append("            <AltitudeMeters>")
                    .append(fixed(s.altitude(), 1))
                    .append("</AltitudeMeters>\n");
            tcx.append("            <DistanceMeters>")
                    .append(fixed(s.distance(), 2))
                    .append("</DistanceMeters>\n");
            tcx.append("            <HeartRateBpm>\n              <Value>")
                    .append(s.heartrate())
                    .append("</Value>\n            </HeartRateBpm>\n");
            tcx.append("            <Cadence>").append(s.cadence()).append("</Cadence>\n");
            tcx.append("            <Extensions>\n              <ns3:TPX>\n");
            tcx.append("                <ns3:Speed>")
                    .append(fixed(s.speed(), 3))
                    .append("</ns3:Speed>\n");
            tcx.append("                <ns3:Watts>").append(s.watts()).append("</ns3:Watts>\n");
            tcx.append("              </ns3:TPX>\n            </Extensions>\n          </Trackpoint>\n");
        }
        tcx.append(String.format(
                Locale.ROOT,
                """
                        </Track>
                        <Extensions>
                          <ns3:LX>
                            <ns3:AvgSpeed>%s</ns3:AvgSpeed>
                            <ns3:AvgWatts>%d</ns3:AvgWatts>
                            <ns3:MaxWatts>%d</ns3:MaxWatts>
                          </ns3:LX>
                        </Extensions>
                      </Lap>
                """,
                fixed(lap.stream().mapToDouble(Sample::speed).average().orElseThrow(), 3),
                Math.round(lap.stream().mapToInt(Sample::watts).average().orElseThrow()),
                lap.stream().mapToInt(Sample::watts).max().orElseThrow()));
    }

    /** A trail run on a fenix 7, encoded by the FIT SDK as the watch writes it: auto-laps every kilometre. */
    static void trailRunFit(Path target) {
        List<Sample> samples = simulate(TRAIL_RUN);
        List<Integer> laps = lapStarts(samples, 1000);
        DateTime start = new DateTime(TRAIL_RUN.start());
        FileEncoder encoder = new FileEncoder(target.toFile(), Fit.ProtocolVersion.V2_0);

        FileIdMesg fileId = new FileIdMesg();
        fileId.setType(File.ACTIVITY);
        fileId.setManufacturer(Manufacturer.GARMIN);
        fileId.setProduct(GarminProduct.FENIX7);
        fileId.setSerialNumber(3414587209L);
        fileId.setTimeCreated(start);
        encoder.write(fileId);

        DeviceInfoMesg creator = new DeviceInfoMesg();
        creator.setDeviceIndex(DeviceIndex.CREATOR);
        creator.setManufacturer(Manufacturer.GARMIN);
        creator.setProduct(GarminProduct.FENIX7);
        creator.setSerialNumber(3414587209L);
        creator.setSoftwareVersion(18.22f);
        creator.setTimestamp(start);
        encoder.write(creator);

        SportMesg sport = new SportMesg();
        sport.setSport(Sport.RUNNING);
        sport.setSubSport(SubSport.TRAIL);
        sport.setName("Trail Run");
        encoder.write(sport);

        encoder.write(timerEvent(start, EventType.START));
        for (int lap = 0; lap < laps.size(); lap++) {
            int from = laps.get(lap);
            int to = lap + 1 < laps.size() ? laps.get(lap + 1) : samples.size();
            for (Sample s : samples.subList(from, to)) {
                encoder.write(record(s));
            }
            encoder.write(lap(
                    lap,
                    samples.subList(from, to),
                    from == 0 ? 0 : samples.get(from - 1).distance()));
        }
        Sample last = samples.get(samples.size() - 1);
        DateTime end = new DateTime(last.time());
        encoder.write(timerEvent(end, EventType.STOP_ALL));
        float elapsed = ChronoUnit.SECONDS.between(TRAIL_RUN.start(), last.time());

        SessionMesg session = new SessionMesg();
        session.setMessageIndex(0);
        session.setTimestamp(end);
        session.setStartTime(start);
        session.setTotalElapsedTime(elapsed);
        session.setTotalTimerTime(elapsed);
        session.setTotalDistance((float) last.distance());
        session.setSport(Sport.RUNNING);
        session.setSubSport(SubSport.TRAIL);
        session.setFirstLapIndex(0);
        session.setNumLaps(laps.size());
        session.setEvent(Event.SESSION);
        session.setEventType(EventType.STOP);
        encoder.write(session);

        ActivityMesg activity = new ActivityMesg();
        activity.setTimestamp(end);
        activity.setTotalTimerTime(elapsed);
        activity.setNumSessions(1);
        activity.setType(Activity.MANUAL);
        activity.setEvent(Event.ACTIVITY);
        activity.setEventType(EventType.STOP);
        activity.setLocalTimestamp(end.getTimestamp() + 2 * 3600); // Annecy in summer: UTC+2
        encoder.write(activity);
        encoder.close();
    }

    private static RecordMesg record(Sample s) {
        RecordMesg record = new RecordMesg();
        record.setTimestamp(new DateTime(s.time()));
        record.setPositionLat((int) Math.round(s.latitude() * SEMICIRCLES_PER_DEGREE));
        record.setPositionLong((int) Math.round(s.longitude() * SEMICIRCLES_PER_DEGREE));
        record.setEnhancedAltitude((float) s.altitude());
        record.setDistance((float) s.distance());
        record.setEnhancedSpeed((float) s.speed());
        record.setHeartRate((short) s.heartrate());
        record.setCadence((short) s.cadence());
        record.setPower(s.watts());
        return record;
    }

    private static LapMesg lap(int index, List<Sample> lap, double distanceBefore) {
        Sample first = lap.get(0);
        Sample last = lap.get(lap.size() - 1);
        float seconds = ChronoUnit.SECONDS.between(first.time(), last.time());
        LapMesg mesg = new LapMesg();
        mesg.setMessageIndex(index);
        mesg.setTimestamp(new DateTime(last.time()));
        mesg.setStartTime(new DateTime(first.time()));
        mesg.setTotalElapsedTime(seconds);
        mesg.setTotalTimerTime(seconds);
        mesg.setTotalDistance((float) (last.distance() - distanceBefore));
        mesg.setEvent(Event.LAP);
        mesg.setEventType(EventType.STOP);
        mesg.setLapTrigger(LapTrigger.DISTANCE);
        mesg.setSport(Sport.RUNNING);
        mesg.setSubSport(SubSport.TRAIL);
        return mesg;
    }

    private static EventMesg timerEvent(DateTime time, EventType type) {
        EventMesg event = new EventMesg();
        event.setTimestamp(time);
        event.setEvent(Event.TIMER);
        event.setEventType(type);
        return event;
    }

    /** A number with a fixed count of decimals, the same on every JDK (Double.toString changed in 19). */
    private static String fixed(double value, int decimals) {
        return new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** Garmin Connect writes times with milliseconds, old devices to the second; the samples are on whole seconds. */
    private static String millis(Instant time) {
        return seconds(time).replace("Z", ".000Z");
    }

    private static String seconds(Instant time) {
        return time.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Writes every sample, plain and gzipped, into {@code directory}. */
    static void writeAll(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve(RUN_GPX), runGpx(), StandardCharsets.UTF_8);
        Files.writeString(directory.resolve(HIKE_GPX10), hikeGpx10(), StandardCharsets.UTF_8);
        Files.writeString(directory.resolve(RIDE_TCX), rideTcx(), StandardCharsets.UTF_8);
        trailRunFit(directory.resolve(TRAIL_RUN_FIT));
        for (String name : ALL) {
            gzip(directory.resolve(name), directory.resolve(name + ".gz"));
        }
    }

    private static void gzip(Path source, Path target) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(target))) {
            Files.copy(source, out);
        }
    }

    /** A sample file from the test resources, as an upload stream. */
    static InputStream open(String name) {
        InputStream in = SampleTracks.class.getResourceAsStream("/tracks/" + name);
        if (in == null) {
            throw new UncheckedIOException(new IOException("no sample file tracks/" + name));
        }
        return in;
    }

    static byte[] bytes(String name) {
        try (InputStream in = open(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
