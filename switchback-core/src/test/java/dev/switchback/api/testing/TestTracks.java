package dev.switchback.api.testing;

import dev.switchback.api.track.Track;
import dev.switchback.api.track.TrackPoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/** Tracks made in code for tests: straight lines at a steady pace, and their GPX. */
public final class TestTracks {
    private TestTracks() {}

    /**
     * One point a second from {@code (lat1, lng1)} to {@code (lat2, lng2)} over {@code seconds}, climbing
     * steadily from {@code altitude1} to {@code altitude2}, heart rate 140 and cadence 85 throughout.
     */
    public static Track line(
            Instant start,
            double lat1,
            double lng1,
            double lat2,
            double lng2,
            int seconds,
            double altitude1,
            double altitude2) {
        List<TrackPoint> points = new ArrayList<>();
        for (int i = 0; i <= seconds; i++) {
            double f = (double) i / seconds;
            points.add(new TrackPoint(
                    start.plusSeconds(i),
                    lat1 + f * (lat2 - lat1),
                    lng1 + f * (lng2 - lng1),
                    altitude1 + f * (altitude2 - altitude1),
                    Double.NaN,
                    140,
                    85,
                    Double.NaN));
        }
        return new Track(
                points, List.of(), Optional.of("Ride"), Optional.empty(), Optional.of("Switchback test device"));
    }

    /**
     * One point a second along {@code waypoints} ({@code [lat, lng, altitude]} each) at a steady pace, the whole
     * path in {@code seconds}, as a {@code sport}: a track that rides a segment's path from its start to its end.
     */
    public static Track along(Instant start, int seconds, String sport, double[]... waypoints) {
        double[] at = new double[waypoints.length];
        for (int i = 1; i < waypoints.length; i++) {
            at[i] = at[i - 1]
                    + dev.switchback.api.geo.Geo.haversine(
                            waypoints[i - 1][0], waypoints[i - 1][1], waypoints[i][0], waypoints[i][1]);
        }
        List<TrackPoint> points = new ArrayList<>();
        int leg = 0;
        for (int s = 0; s <= seconds; s++) {
            double along = at[at.length - 1] * s / seconds;
            while (leg < waypoints.length - 2 && along > at[leg + 1]) {
                leg++;
            }
            double f = at[leg + 1] == at[leg] ? 0 : (along - at[leg]) / (at[leg + 1] - at[leg]);
            double[] a = waypoints[leg];
            double[] b = waypoints[leg + 1];
            points.add(new TrackPoint(
                    start.plusSeconds(s),
                    a[0] + f * (b[0] - a[0]),
                    a[1] + f * (b[1] - a[1]),
                    a[2] + f * (b[2] - a[2]),
                    Double.NaN,
                    140,
                    85,
                    Double.NaN));
        }
        return new Track(points, List.of(), Optional.of(sport), Optional.empty(), Optional.empty());
    }

    /** About 3 km north-east in ten minutes, climbing 30 m: a plain ride at {@code start}. */
    public static Track ride(Instant start) {
        return line(start, 45.0, 6.0, 45.02, 6.02, 600, 200, 230);
    }

    /** The track as GPX 1.1 with Garmin's heart-rate and cadence extensions. */
    public static String gpx(Track track) {
        StringBuilder gpx = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <gpx version="1.1" creator="Switchback tests" xmlns="http://www.topografix.com/GPX/1/1"
                     xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
                <trk><type>%s</type><trkseg>
                """.formatted(track.sport().orElse("Ride")));
        for (TrackPoint p : track.points()) {
            gpx.append("<trkpt lat=\"")
                    .append(p.latitude())
                    .append("\" lon=\"")
                    .append(p.longitude())
                    .append("\">")
                    .append("<ele>")
                    .append(p.altitude())
                    .append("</ele><time>")
                    .append(p.time())
                    .append("</time>")
                    .append("<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>")
                    .append(Math.round(p.heartrate()))
                    .append("</gpxtpx:hr><gpxtpx:cad>")
                    .append(Math.round(p.cadence()))
                    .append("</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions></trkpt>\n");
        }
        return gpx.append("</trkseg></trk></gpx>\n").toString();
    }

    public static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
