package dev.switchback.api.activity;

import dev.switchback.api.testing.TestTracks;
import dev.switchback.api.track.Track;
import dev.switchback.api.track.TrackPoint;
import dev.switchback.athlete.AthleteId;
import dev.switchback.store.Database;
import dev.switchback.store.DatabaseUrl;
import dev.switchback.store.Dialect;
import dev.switchback.store.Sql;
import dev.switchback.store.Tx;
import dev.switchback.store.testing.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Not a test: measures the two ways of storing streams that V3 chose between, on SQLite and PostgreSQL.
 * Twenty two-hour rides at 1 Hz (7,201 points, every stream) stored as a row per point, and as one row
 * per activity of encoded columns (what ActivityStore does); bytes on disk, time to write, time to read
 * one activity back. Run with {@code java -cp <test classpath> dev.switchback.api.activity.StreamStorageMeasurement}.
 */
public final class StreamStorageMeasurement {
    private static final int ACTIVITIES = 20;

    public static void main(String[] args) {
        Track track = ride();
        Streams streams = TrackAnalysis.analyse(track).streams().orElseThrow();
        for (TestDatabase.Kind kind : TestDatabase.Kind.values()) {
            try (TestDatabase testDatabase = TestDatabase.create(kind);
                    Database database = Database.open(DatabaseUrl.parse(testDatabase.url()), 2)) {
                database.write(tx -> tx.sql("""
                        CREATE TABLE point_rows (activity_id BIGINT NOT NULL, idx INTEGER NOT NULL, time INTEGER NOT NULL,
                            lat DOUBLE PRECISION, lng DOUBLE PRECISION, altitude DOUBLE PRECISION, distance DOUBLE PRECISION,
                            heartrate DOUBLE PRECISION, cadence DOUBLE PRECISION, watts DOUBLE PRECISION,
                            PRIMARY KEY (activity_id, idx))""").update());
                measure(kind, database, streams);
            }
        }
    }

    private static void measure(TestDatabase.Kind kind, Database database, Streams streams) {
        AthleteId athlete = new AthleteId(database.write(tx -> tx.sql("""
                INSERT INTO athletes (username, password_hash, firstname, lastname, created_at, updated_at)
                VALUES ('m', 'x', 'A', 'B', 0, 0) RETURNING id""").number()));
        ActivityStore store = new ActivityStore();
        Recording recording = TrackAnalysis.analyse(ride());
        ActivityDetails details = new ActivityDetails(
                "Ride", Optional.empty(), SportType.Ride, Visibility.EVERYONE, false, false, false, Optional.empty());
        NewActivity activity = new NewActivity(athlete, details, recording, ActivitySource.MANUAL);
        long rowsStart = System.nanoTime();
        for (int a = 1; a <= ACTIVITIES; a++) {
            int number = a;
            database.write(tx -> insertRows(tx, number, streams));
        }
        long rowsNanos = System.nanoTime() - rowsStart;
        long blobStart = System.nanoTime();
        List<ActivityId> ids = new ArrayList<>();
        for (int a = 1; a <= ACTIVITIES; a++) {
            ids.add(database.write(tx -> store.insert(tx, activity, Instant.EPOCH)));
        }
        long blobNanos = System.nanoTime() - blobStart;
        long readRows =
                time(() -> database.read(tx -> tx.sql("SELECT * FROM point_rows WHERE activity_id = 7 ORDER BY idx")
                        .list(row -> row.getDouble("lat"))));
        long readBlob =
                time(() -> database.read(tx -> store.streams(tx, ids.get(6))).orElseThrow());
        System.out.printf(
                "%s: rows per point %d kB/activity, write %d ms/activity, read %d ms; "
                        + "encoded columns %d kB/activity, write %d ms/activity, read %d ms%n",
                kind,
                bytes(database, "point_rows") / ACTIVITIES / 1024,
                rowsNanos / ACTIVITIES / 1_000_000,
                readRows / 1_000_000,
                bytes(database, "activity_streams") / ACTIVITIES / 1024,
                blobNanos / ACTIVITIES / 1_000_000,
                readBlob / 1_000_000);
    }

    private static int insertRows(Tx tx, long activity, Streams s) {
        Sql batch = tx.sql("""
                INSERT INTO point_rows (activity_id, idx, time, lat, lng, altitude, distance, heartrate, cadence, watts)
                VALUES (:a, :i, :t, :lat, :lng, :alt, :d, :hr, :cad, :w)""");
        for (int i = 0; i < s.size(); i++) {
            batch.bind("a", activity)
                    .bind("i", i)
                    .bind("t", s.time()[i])
                    .bind("lat", s.latitude().get()[i])
                    .bind("lng", s.longitude().get()[i])
                    .bind("alt", s.column(StreamType.ALTITUDE).get()[i])
                    .bind("d", s.column(StreamType.DISTANCE).get()[i])
                    .bind("hr", s.column(StreamType.HEARTRATE).get()[i])
                    .bind("cad", s.column(StreamType.CADENCE).get()[i])
                    .bind("w", s.column(StreamType.WATTS).get()[i])
                    .addToBatch();
        }
        return batch.runBatch();
    }

    /** Bytes of a table and its indexes: dbstat on SQLite, pg_total_relation_size on PostgreSQL. */
    private static long bytes(Database database, String table) {
        String sql = database.dialect() == Dialect.SQLITE
                ? "SELECT SUM(pgsize) FROM dbstat WHERE name = '" + table + "' OR name LIKE 'sqlite_autoindex_" + table
                        + "%'"
                : "SELECT pg_total_relation_size('" + table + "')";
        return database.read(tx -> tx.sql(sql).number());
    }

    private static long time(Runnable read) {
        read.run();
        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            read.run();
        }
        return (System.nanoTime() - start) / 10;
    }

    /**
     * Two hours at 1 Hz, winding, with every sensor and the noise of real ones (GPS jitter of a couple of
     * metres, barometer decimetres, heart rate drifting, power jumping): position, altitude, heart rate,
     * cadence, power.
     */
    private static Track ride() {
        java.util.Random random = new java.util.Random(42);
        Track line = TestTracks.line(Instant.parse("2026-03-01T08:00:00Z"), 45, 6, 45.5, 6.4, 7200, 200, 900);
        List<TrackPoint> points = new ArrayList<>();
        double heartrate = 130;
        for (int i = 0; i < line.points().size(); i++) {
            TrackPoint p = line.points().get(i);
            heartrate = Math.max(90, Math.min(185, heartrate + random.nextGaussian()));
            points.add(new TrackPoint(
                    p.time(),
                    p.latitude() + Math.sin(i / 40.0) * 3e-4 + random.nextGaussian() * 2e-5,
                    p.longitude() + random.nextGaussian() * 2e-5,
                    p.altitude() + Math.sin(i / 90.0) * 12 + random.nextGaussian() * 0.3,
                    Double.NaN,
                    Math.round(heartrate),
                    85 + Math.round(random.nextGaussian() * 4),
                    Math.max(0, Math.round(220 + random.nextGaussian() * 60))));
        }
        return new Track(points, List.of(), Optional.of("Ride"), Optional.empty(), Optional.empty());
    }
}
