package dev.switchback.api.activity;

import dev.switchback.api.geo.LatLng;
import dev.switchback.api.upload.UploadId;
import dev.switchback.athlete.AthleteId;
import dev.switchback.store.Dialect;
import dev.switchback.store.Rows;
import dev.switchback.store.Sql;
import dev.switchback.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Activities, their streams and laps, and privacy zones. Every method runs in the caller's transaction:
 * an activity, its streams and its laps are written in one.
 */
public final class ActivityStore {
    private static final String COLUMNS = """
            id, athlete_id, name, description, sport_type, visibility, start_date, timezone, distance, moving_time,
            elapsed_time, total_elevation_gain, elev_high, elev_low, max_speed, average_heartrate, max_heartrate,
            average_cadence, average_watts, max_watts, start_lat, start_lng, end_lat, end_lng, summary_polyline,
            trainer, commute, manual, hide_from_home, gear_id, device_name, external_id, upload_id, source_digest,
            created_at, updated_at""";
    private static final double LATLNG_SCALE = 1e6;
    private static final double METRE_SCALE = 10;
    private static final double WHOLE_SCALE = 1;

    /** Inserts the activity, its streams and its laps; returns its id. */
    public ActivityId insert(Tx tx, NewActivity activity, Instant now) {
        Recording recording = activity.recording();
        ActivitySource source = activity.source();
        Measures m = recording.measures();
        ActivityMap map = recording.map();
        Sql insert = tx.sql("""
                        INSERT INTO activities (athlete_id, name, description, sport_type, visibility, start_date, utc_offset,
                            timezone, distance, moving_time, elapsed_time, total_elevation_gain, elev_high, elev_low, max_speed,
                            average_heartrate, max_heartrate, average_cadence, average_watts, max_watts, start_lat, start_lng,
                            end_lat, end_lng, summary_polyline, trainer, commute, manual, hide_from_home, gear_id, device_name,
                            external_id, upload_id, source_digest, created_at, updated_at)
                        VALUES (:athlete, :name, :description, :sport_type, :visibility, :start_date, :utc_offset,
                            :timezone, :distance, :moving_time, :elapsed_time, :gain, :elev_high, :elev_low, :max_speed,
                            :average_heartrate, :max_heartrate, :average_cadence, :average_watts, :max_watts, :start_lat, :start_lng,
                            :end_lat, :end_lng, :summary_polyline, :trainer, :commute, :manual, :hide_from_home, :gear_id, :device_name,
                            :external_id, :upload_id, :source_digest, :now, :now)
                        RETURNING id""");
        ActivityId id = new ActivityId(bindDetails(insert, activity.details())
                .bind("athlete", activity.athleteId())
                .bind("start_date", recording.start().instant())
                .bind("utc_offset", recording.start().utcOffsetSeconds())
                .bind("timezone", recording.start().zone().getId())
                .bind("distance", m.distance())
                .bind("moving_time", m.movingTime())
                .bind("elapsed_time", m.elapsedTime())
                .bind("gain", m.totalElevationGain())
                .bind("elev_high", orNull(m.elevHigh()))
                .bind("elev_low", orNull(m.elevLow()))
                .bind("max_speed", m.maxSpeed())
                .bind("average_heartrate", orNull(m.averageHeartrate()))
                .bind("max_heartrate", orNull(m.maxHeartrate()))
                .bind("average_cadence", orNull(m.averageCadence()))
                .bind("average_watts", orNull(m.averageWatts()))
                .bind("max_watts", orNull(m.maxWatts()))
                .bind("start_lat", map.start().map(LatLng::latitude).orElse(null))
                .bind("start_lng", map.start().map(LatLng::longitude).orElse(null))
                .bind("end_lat", map.end().map(LatLng::latitude).orElse(null))
                .bind("end_lng", map.end().map(LatLng::longitude).orElse(null))
                .bind("summary_polyline", map.summaryPolyline())
                .bind("manual", source.manual())
                .bind("device_name", source.deviceName().orElse(null))
                .bind("external_id", source.externalId().orElse(null))
                .bind("upload_id", source.uploadId().orElse(null))
                .bind("source_digest", source.digest().orElse(null))
                .bind("now", now)
                .number());
        recording.streams().ifPresent(streams -> insertStreams(tx, id, streams));
        insertLaps(tx, id, recording.laps());
        return id;
    }

    private static Sql bindDetails(Sql statement, ActivityDetails details) {
        return statement
                .bind("name", details.name())
                .bind("description", details.description().orElse(null))
                .bind("sport_type", details.sportType().name())
                .bind("visibility", details.visibility().wireName())
                .bind("trainer", details.trainer())
                .bind("commute", details.commute())
                .bind("hide_from_home", details.hideFromHome())
                .bind("gear_id", details.gearId().orElse(null));
    }

    private static void insertStreams(Tx tx, ActivityId activity, Streams streams) {
        tx.sql("""
                        INSERT INTO activity_streams (activity_id, point_count, time_data, latlng_data, altitude_data,
                            distance_data, heartrate_data, cadence_data, watts_data)
                        VALUES (:activity, :count, :time, :latlng, :altitude, :distance, :heartrate, :cadence, :watts)""")
                .bind("activity", activity)
                .bind("count", streams.size())
                .bind("time", StreamCodec.encodeTime(streams.time()))
                .bind(
                        "latlng",
                        streams.latitude()
                                .map(lat -> latLng(lat, streams.longitude().get()))
                                .orElse(null))
                .bind("altitude", encode(streams, StreamType.ALTITUDE, METRE_SCALE))
                .bind("distance", encode(streams, StreamType.DISTANCE, METRE_SCALE))
                .bind("heartrate", encode(streams, StreamType.HEARTRATE, WHOLE_SCALE))
                .bind("cadence", encode(streams, StreamType.CADENCE, WHOLE_SCALE))
                .bind("watts", encode(streams, StreamType.WATTS, WHOLE_SCALE))
                .update();
    }

    /** Latitudes then longitudes, in one column (they are always present together). */
    private static byte[] latLng(double[] lat, double[] lng) {
        return StreamCodec.encode(LATLNG_SCALE, lat, lng);
    }

    private static byte[] encode(Streams streams, StreamType type, double scale) {
        return streams.column(type)
                .map(values -> StreamCodec.encode(values, scale))
                .orElse(null);
    }

    private static void insertLaps(Tx tx, ActivityId activity, List<Lap> laps) {
        Sql insert = tx.sql("""
                INSERT INTO activity_laps (activity_id, lap_index, start_date, elapsed_time, moving_time, distance,
                    start_index, end_index, total_elevation_gain, max_speed, average_heartrate, max_heartrate,
                    average_cadence, average_watts)
                VALUES (:activity, :lap_index, :start_date, :elapsed_time, :moving_time, :distance,
                    :start_index, :end_index, :gain, :max_speed, :average_heartrate, :max_heartrate,
                    :average_cadence, :average_watts)""");
        for (Lap lap : laps) {
            insert.bind("activity", activity)
                    .bind("lap_index", lap.lapIndex())
                    .bind("start_date", lap.startDate())
                    .bind("elapsed_time", lap.elapsedTime())
                    .bind("moving_time", lap.movingTime())
                    .bind("distance", lap.distance())
                    .bind("start_index", lap.startIndex())
                    .bind("end_index", lap.endIndex())
                    .bind("gain", lap.totalElevationGain())
                    .bind("max_speed", lap.maxSpeed())
                    .bind("average_heartrate", orNull(lap.averageHeartrate()))
                    .bind("max_heartrate", orNull(lap.maxHeartrate()))
                    .bind("average_cadence", orNull(lap.averageCadence()))
                    .bind("average_watts", orNull(lap.averageWatts()))
                    .addToBatch();
        }
        insert.runBatch();
    }

    public Optional<Activity> find(Tx tx, ActivityId id) {
        return tx.sql("SELECT " + COLUMNS + " FROM activities WHERE id = :id")
                .bind("id", id)
                .one(ActivityStore::map);
    }

    /**
     * The activity, its row locked until the transaction ends, for a change that must read the state it changes
     * (the {@code updates} of its webhook event). On PostgreSQL {@code FOR UPDATE}: without it, at READ
     * COMMITTED, a second change read the row as it was before a first one still in flight. SQLite runs one write
     * transaction at a time, so a plain read is already the latest.
     */
    public Optional<Activity> findForChange(Tx tx, ActivityId id) {
        String lock = tx.dialect() == Dialect.POSTGRESQL ? " FOR UPDATE" : "";
        return tx.sql("SELECT " + COLUMNS + " FROM activities WHERE id = :id" + lock)
                .bind("id", id)
                .one(ActivityStore::map);
    }

    /** The activity an athlete made from a file with this digest, if any. */
    public Optional<ActivityId> findBySource(Tx tx, AthleteId athlete, String digest) {
        return tx.sql("SELECT id FROM activities WHERE athlete_id = :athlete AND source_digest = :digest")
                .bind("athlete", athlete)
                .bind("digest", digest)
                .one(row -> new ActivityId(row.getLong(1)));
    }

    /**
     * One page of an athlete's activities, newest first (oldest first when {@link ActivityQuery#oldestFirst()}),
     * without the Only Me ones unless {@code includeOnlyMe}.
     */
    public List<Activity> list(Tx tx, AthleteId athlete, boolean includeOnlyMe, ActivityQuery query) {
        String order = query.oldestFirst() ? "ASC" : "DESC";
        return tx.sql("SELECT " + COLUMNS + """
                         FROM activities
                        WHERE athlete_id = :athlete
                          AND (:include_only_me OR visibility <> 'only_me')
                          AND start_date < :before AND start_date > :after
                        ORDER BY start_date %s, id %s
                        LIMIT :limit OFFSET :offset""".formatted(order, order))
                .bind("athlete", athlete)
                .bind("include_only_me", includeOnlyMe)
                .bind("before", query.before().map(Instant::getEpochSecond).orElse(Long.MAX_VALUE))
                .bind("after", query.after().map(Instant::getEpochSecond).orElse(Long.MIN_VALUE))
                .bind("limit", query.page().perPage())
                .bind("offset", query.page().offset())
                .list(ActivityStore::map);
    }

    /** Every activity of an athlete with the given visibility, for totals. */
    public List<Activity> listByVisibility(Tx tx, AthleteId athlete, Visibility visibility) {
        return tx.sql(
                        "SELECT " + COLUMNS
                                + " FROM activities WHERE athlete_id = :athlete AND visibility = :visibility ORDER BY start_date")
                .bind("athlete", athlete)
                .bind("visibility", visibility.wireName())
                .list(ActivityStore::map);
    }

    public void updateDetails(Tx tx, ActivityId id, ActivityDetails details, Instant now) {
        Sql update = tx.sql("""
                UPDATE activities
                   SET name = :name, description = :description, sport_type = :sport_type, visibility = :visibility,
                       trainer = :trainer, commute = :commute, hide_from_home = :hide_from_home, gear_id = :gear_id,
                       updated_at = :now
                 WHERE id = :id""");
        bindDetails(update, details).bind("id", id).bind("now", now).update();
    }

    /** Deletes the activity; its streams, laps and efforts go with it, its upload keeps no activity. */
    public boolean delete(Tx tx, ActivityId id) {
        return tx.sql("DELETE FROM activities WHERE id = :id").bind("id", id).update() == 1;
    }

    public Optional<Streams> streams(Tx tx, ActivityId activity) {
        return tx.sql("""
                        SELECT point_count, time_data, latlng_data, altitude_data, distance_data, heartrate_data,
                               cadence_data, watts_data
                          FROM activity_streams WHERE activity_id = :activity""").bind("activity", activity).one(ActivityStore::streams);
    }

    /** Every column holds exactly {@code point_count} points (latitudes and longitudes: twice as many values). */
    private static Streams streams(ResultSet rs) throws SQLException {
        int count = rs.getInt("point_count");
        int[] time = StreamCodec.decodeTime(rs.getBytes("time_data"), count);
        byte[] latLng = rs.getBytes("latlng_data");
        double[][] positions = latLng == null ? new double[2][] : StreamCodec.decode(latLng, LATLNG_SCALE, count, 2);
        return new Streams(
                time,
                positions[0],
                positions[1],
                decode(rs, "altitude_data", METRE_SCALE, count),
                decode(rs, "distance_data", METRE_SCALE, count),
                decode(rs, "heartrate_data", WHOLE_SCALE, count),
                decode(rs, "cadence_data", WHOLE_SCALE, count),
                decode(rs, "watts_data", WHOLE_SCALE, count));
    }

    private static double[] decode(ResultSet rs, String column, double scale, int count) throws SQLException {
        byte[] packed = rs.getBytes(column);
        return packed == null ? null : StreamCodec.decode(packed, scale, count);
    }

    public List<Lap> laps(Tx tx, ActivityId activity) {
        return tx.sql("""
                        SELECT id, lap_index, start_date, elapsed_time, moving_time, distance, start_index, end_index,
                               total_elevation_gain, max_speed, average_heartrate, max_heartrate, average_cadence, average_watts
                          FROM activity_laps WHERE activity_id = :activity ORDER BY lap_index""")
                .bind("activity", activity)
                .list(rs -> new Lap(
                        rs.getLong("id"),
                        rs.getInt("lap_index"),
                        Instant.ofEpochSecond(rs.getLong("start_date")),
                        rs.getLong("elapsed_time"),
                        rs.getLong("moving_time"),
                        rs.getDouble("distance"),
                        rs.getInt("start_index"),
                        rs.getInt("end_index"),
                        rs.getDouble("total_elevation_gain"),
                        rs.getDouble("max_speed"),
                        optional(rs, "average_heartrate"),
                        optional(rs, "max_heartrate"),
                        optional(rs, "average_cadence"),
                        optional(rs, "average_watts")));
    }

    public void insertPrivacyZone(Tx tx, AthleteId athlete, PrivacyZone zone, Instant now) {
        tx.sql("""
                        INSERT INTO privacy_zones (athlete_id, latitude, longitude, radius, created_at)
                        VALUES (:athlete, :latitude, :longitude, :radius, :now)""")
                .bind("athlete", athlete)
                .bind("latitude", zone.latitude())
                .bind("longitude", zone.longitude())
                .bind("radius", zone.radius())
                .bind("now", now)
                .update();
    }

    public List<PrivacyZone> privacyZones(Tx tx, AthleteId athlete) {
        return tx.sql("SELECT latitude, longitude, radius FROM privacy_zones WHERE athlete_id = :athlete ORDER BY id")
                .bind("athlete", athlete)
                .list(rs ->
                        new PrivacyZone(rs.getDouble("latitude"), rs.getDouble("longitude"), rs.getDouble("radius")));
    }

    static Activity map(ResultSet rs) throws SQLException {
        ActivityDetails details = new ActivityDetails(
                rs.getString("name"),
                Optional.ofNullable(rs.getString("description")),
                SportType.valueOf(rs.getString("sport_type")),
                Visibility.fromWireName(rs.getString("visibility")).orElseThrow(),
                rs.getBoolean("trainer"),
                rs.getBoolean("commute"),
                rs.getBoolean("hide_from_home"),
                Optional.ofNullable(rs.getString("gear_id")));
        StartTime start =
                new StartTime(Instant.ofEpochSecond(rs.getLong("start_date")), ZoneId.of(rs.getString("timezone")));
        Measures measures = new Measures(
                rs.getDouble("distance"),
                rs.getLong("moving_time"),
                rs.getLong("elapsed_time"),
                rs.getDouble("total_elevation_gain"),
                optional(rs, "elev_high"),
                optional(rs, "elev_low"),
                rs.getDouble("max_speed"),
                optional(rs, "average_heartrate"),
                optional(rs, "max_heartrate"),
                optional(rs, "average_cadence"),
                optional(rs, "average_watts"),
                optional(rs, "max_watts"));
        ActivityMap map = new ActivityMap(
                latLng(rs, "start_lat", "start_lng"),
                latLng(rs, "end_lat", "end_lng"),
                rs.getString("summary_polyline"));
        Optional<UploadId> upload = Rows.optionalLong(rs, "upload_id").map(UploadId::new);
        ActivitySource source = new ActivitySource(
                rs.getBoolean("manual"),
                Optional.ofNullable(rs.getString("device_name")),
                Optional.ofNullable(rs.getString("external_id")),
                upload,
                Optional.ofNullable(rs.getString("source_digest")));
        return new Activity(
                new ActivityId(rs.getLong("id")),
                new AthleteId(rs.getLong("athlete_id")),
                details,
                start,
                measures,
                map,
                source,
                Instant.ofEpochSecond(rs.getLong("created_at")),
                Instant.ofEpochSecond(rs.getLong("updated_at")));
    }

    private static OptionalDouble optional(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    private static Optional<LatLng> latLng(ResultSet rs, String latColumn, String lngColumn) throws SQLException {
        OptionalDouble lat = optional(rs, latColumn);
        OptionalDouble lng = optional(rs, lngColumn);
        return lat.isPresent() && lng.isPresent()
                ? Optional.of(new LatLng(lat.getAsDouble(), lng.getAsDouble()))
                : Optional.empty();
    }

    private static Double orNull(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }
}
