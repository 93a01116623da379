package dev.switchback.api.upload;

import dev.switchback.api.Viewer;
import dev.switchback.api.activity.Activity;
import dev.switchback.api.activity.ActivityService;
import dev.switchback.api.activity.ActivityStore;
import dev.switchback.api.activity.DetailedActivity;
import dev.switchback.api.activity.Streams;
import dev.switchback.api.activity.TrackImport;
import dev.switchback.api.activity.Visibility;
import dev.switchback.api.track.DataType;
import dev.switchback.api.track.TrackParsers;
import dev.switchback.athlete.AthleteId;
import dev.switchback.store.Database;
import dev.switchback.store.DatabaseUrl;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * Run in a JVM of its own by {@link LargestUploadMemoryTest}: makes a gzipped GPX of the most points an upload
 * may have, makes its activity the way an upload's worker does (parse, analyse, store, in the same services) on
 * a SQLite file, then reads it back whole. Prints {@code made <points> points} when all of it worked.
 */
public final class LargestUpload {
    private LargestUpload() {}

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        int points = TrackParsers.Limits.DEFAULT.maxPoints();
        byte[] file = gpxGz(points);
        try (Database database =
                Database.open(DatabaseUrl.parse(directory.resolve("largest.db").toString()), 2)) {
            AthleteId athlete = new AthleteId(database.write(tx -> tx.sql("""
                            INSERT INTO athletes (username, password_hash, firstname, lastname, created_at, updated_at)
                            VALUES ('largest', 'x', 'A', 'B', 0, 0) RETURNING id""").number()));
            ActivityService activities = new ActivityService(database, new ActivityStore(), Clock.systemUTC());
            UploadService uploads =
                    new UploadService(database, new UploadStore(), activities, new TrackParsers(), Clock.systemUTC());
            Activity made = uploads.importFile(athlete, file, DataType.GPX_GZ, TrackImport.of(Visibility.EVERYONE));
            Viewer owner = Viewer.owner(athlete);
            DetailedActivity detailed = activities.find(owner, made.id());
            Streams streams = activities.streams(owner, made.id()).orElseThrow();
            System.out.println("made " + streams.size() + " points, "
                    + detailed.splitsMetric().size() + " km splits, a polyline of "
                    + detailed.polyline().length() + " characters");
        }
    }

    /** One point a second, position, altitude and time: some 48 MB of GPX, about 5 MB gzipped. */
    static byte[] gpxGz(int points) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8 << 20);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        try (Writer gpx = new BufferedWriter(
                new OutputStreamWriter(new GZIPOutputStream(bytes, 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
            gpx.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gpx version=\"1.1\" creator=\"LargestUpload\""
                    + " xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><type>cycling</type><trkseg>\n");
            for (int i = 0; i < points; i++) {
                gpx.write(String.format(
                        Locale.ROOT,
                        "<trkpt lat=\"%.6f\" lon=\"%.6f\"><ele>%.1f</ele><time>%s</time></trkpt>\n",
                        37.5 + i * 2e-6 + Math.sin(i / 60.0) * 2e-4,
                        -122.4 + i * 2e-6,
                        100 + Math.sin(i / 600.0) * 50,
                        start.plusSeconds(i)));
            }
            gpx.write("</trkseg></trk></gpx>\n");
        }
        return bytes.toByteArray();
    }
}
