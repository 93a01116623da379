package dev.switchback.api.segment;

import dev.switchback.api.activity.ActivityId;
import dev.switchback.api.geo.LatLng;
import dev.switchback.athlete.AthleteId;
import dev.switchback.store.Rows;
import dev.switchback.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Segments, the stars athletes give them, and athletes' records on them; every method runs in the caller's
 * transaction.
 */
public final class SegmentStore {
    /**
     * A segment's columns, with its counts: efforts and athletes from the stored efforts (contract#segment-efforts),
     * those of Only Me activities left out, as Strava leaves them off its leaderboards; stars.
     */
    private static final String COLUMNS = """
            s.id, s.creator_id, s.name, s.activity_type, s.private, s.hazardous, s.distance, s.average_grade,
            s.maximum_grade, s.elevation_high, s.elevation_low, s.total_elevation_gain, s.climb_category,
            s.start_lat, s.start_lng, s.end_lat, s.end_lng, s.polyline, s.city, s.state, s.country,
            s.created_at, s.updated_at,
            (SELECT COUNT(*) FROM segment_efforts e JOIN activities a ON a.id = e.activity_id
              WHERE e.segment_id = s.id AND a.visibility <> 'only_me') AS effort_count,
            (SELECT COUNT(DISTINCT e.athlete_id) FROM segment_efforts e JOIN activities a ON a.id = e.activity_id
              WHERE e.segment_id = s.id AND a.visibility <> 'only_me') AS athlete_count,
            (SELECT COUNT(*) FROM segment_stars t WHERE t.segment_id = s.id) AS star_count""";

    SegmentId insert(Tx tx, NewSegment segment, SegmentGeometry geometry, Instant now) {
        return new SegmentId(tx.sql("""
                        INSERT INTO segments (creator_id, name, activity_type, private, hazardous, distance, average_grade,
                            maximum_grade, elevation_high, elevation_low, total_elevation_gain, climb_category,
                            start_lat, start_lng, end_lat, end_lng, polyline, city, state, country, created_at, updated_at)
                        VALUES (:creator, :name, :type, :private, :hazardous, :distance, :averageGrade,
                            :maximumGrade, :high, :low, :gain, :category,
                            :startLat, :startLng, :endLat, :endLng, :polyline, :city, :state, :country, :now, :now)
                        RETURNING id""")
                .bind("creator", segment.creatorId().orElse(null))
                .bind("name", segment.name())
                .bind("type", segment.activityType().wireName())
                .bind("private", segment.isPrivate())
                .bind("hazardous", segment.hazardous())
                .bind("distance", geometry.distance())
                .bind("averageGrade", geometry.averageGrade())
                .bind("maximumGrade", geometry.maximumGrade())
                .bind("high", orNull(geometry.elevationHigh()))
                .bind("low", orNull(geometry.elevationLow()))
                .bind("gain", geometry.totalElevationGain())
                .bind("category", geometry.climbCategory())
                .bind("startLat", geometry.start().latitude())
                .bind("startLng", geometry.start().longitude())
                .bind("endLat", geometry.end().latitude())
                .bind("endLng", geometry.end().longitude())
                .bind("polyline", geometry.polyline())
                .bind("city", segment.city().orElse(null))
                .bind("state", segment.state().orElse(null))
                .bind("country", segment.country().orElse(null))
                .bind("now", now)
                .number());
    }

    public Optional<Segment> find(Tx tx, SegmentId id) {
        return tx.sql("SELECT " + COLUMNS + " FROM segments s WHERE s.id = :id")
                .bind("id", id)
                .one(SegmentStore::map);
    }

    public boolean isStarred(Tx tx, AthleteId athlete, SegmentId id) {
        return tx.sql("SELECT segment_id FROM segment_stars WHERE athlete_id = :athlete AND segment_id = :segment")
                .bind("athlete", athlete)
                .bind("segment", id)
                .exists();
    }

    /** Stars or unstars; starring twice keeps the first star's time. */
    public void setStarred(Tx tx, AthleteId athlete, SegmentId id, boolean starred, Instant now) {
        if (starred) {
            tx.sql("""
                            INSERT INTO segment_stars (athlete_id, segment_id, starred_at) VALUES (:athlete, :segment, :now)
                            ON CONFLICT (athlete_id, segment_id) DO NOTHING""")
                    .bind("athlete", athlete)
                    .bind("segment", id)
                    .bind("now", now)
                    .update();
        } else {
            tx.sql("DELETE FROM segment_stars WHERE athlete_id = :athlete AND segment_id = :segment")
                    .bind("athlete", athlete)
                    .bind("segment", id)
                    .update();
        }
    }

    /**
     * The athlete's starred segments, newest star first; their own private ones only with
     * {@code includeOwnPrivate}, and never another athlete's private one.
     */
    public List<Segment> starred(Tx tx, AthleteId athlete, boolean includeOwnPrivate, int limit, long offset) {
        return tx.sql("SELECT " + COLUMNS + """
                         FROM segment_stars t JOIN segments s ON s.id = t.segment_id
                        WHERE t.athlete_id = :athlete
                          AND (s.private = FALSE OR (s.creator_id = :athlete AND :includeOwnPrivate))
                        ORDER BY t.starred_at DESC, s.id DESC
                        LIMIT :limit OFFSET :offset""")
                .bind("athlete", athlete)
                .bind("includeOwnPrivate", includeOwnPrivate)
                .bind("limit", limit)
                .bind("offset", offset)
                .list(SegmentStore::map);
    }

    /** Public segments starting inside the box, in the categories, most athletes first. */
    public List<Segment> explore(Tx tx, ExploreQuery query, int limit) {
        return tx.sql("SELECT " + COLUMNS + """
                         FROM segments s
                        WHERE s.private = FALSE
                          AND s.start_lat BETWEEN :swLat AND :neLat
                          AND s.start_lng BETWEEN :swLng AND :neLng
                          AND s.climb_category BETWEEN :minCategory AND :maxCategory
                          AND (:anyType OR s.activity_type = :type)
                        ORDER BY athlete_count DESC, s.id
                        LIMIT :limit""")
                .bind("swLat", query.bounds().southWest().latitude())
                .bind("swLng", query.bounds().southWest().longitude())
                .bind("neLat", query.bounds().northEast().latitude())
                .bind("neLng", query.bounds().northEast().longitude())
                .bind("minCategory", query.minCategory())
                .bind("maxCategory", query.maxCategory())
                .bind("anyType", query.activityType().isEmpty())
                .bind(
                        "type",
                        query.activityType().map(SegmentActivityType::wireName).orElse(""))
                .bind("limit", limit)
                .list(SegmentStore::map);
    }

    /**
     * An athlete's record on a segment from their efforts: how many, and the fastest (the earliest of equals),
     * those of Only Me activities only with {@code includeOnlyMe}.
     */
    public AthleteSegmentStats athleteStats(Tx tx, SegmentId id, AthleteId athlete, boolean includeOnlyMe) {
        long count = tx.sql("""
                        SELECT COUNT(*) FROM segment_efforts e JOIN activities a ON a.id = e.activity_id
                         WHERE e.segment_id = :segment AND e.athlete_id = :athlete
                           AND (:only_me OR a.visibility <> 'only_me')""")
                .bind("segment", id)
                .bind("athlete", athlete)
                .bind("only_me", includeOnlyMe)
                .number();
        return tx.sql("""
                        SELECT e.elapsed_time, e.start_date, e.activity_id, a.timezone
                          FROM segment_efforts e JOIN activities a ON a.id = e.activity_id
                         WHERE e.segment_id = :segment AND e.athlete_id = :athlete
                           AND (:only_me OR a.visibility <> 'only_me')
                         ORDER BY e.elapsed_time, e.start_date, e.id
                         LIMIT 1""")
                .bind("segment", id)
                .bind("athlete", athlete)
                .bind("only_me", includeOnlyMe)
                .one(rs -> {
                    Instant date = Rows.instant(rs, "start_date");
                    return new AthleteSegmentStats(
                            (int) count,
                            Optional.of(Duration.ofSeconds(rs.getLong("elapsed_time"))),
                            Optional.of(date),
                            Optional.of(LocalDate.ofInstant(date, ZoneId.of(rs.getString("timezone")))),
                            Optional.of(new ActivityId(rs.getLong("activity_id"))));
                })
                .orElse(AthleteSegmentStats.NONE);
    }

    private static Segment map(ResultSet rs) throws SQLException {
        return new Segment(
                new SegmentId(rs.getLong("id")),
                Rows.optionalLong(rs, "creator_id").map(AthleteId::new),
                rs.getString("name"),
                SegmentActivityType.fromWireName(rs.getString("activity_type"))
                        .orElseThrow(() -> new IllegalStateException("unknown activity_type in segments")),
                rs.getBoolean("private"),
                rs.getBoolean("hazardous"),
                rs.getDouble("distance"),
                rs.getDouble("average_grade"),
                rs.getDouble("maximum_grade"),
                nullableDouble(rs, "elevation_high"),
                nullableDouble(rs, "elevation_low"),
                rs.getDouble("total_elevation_gain"),
                rs.getInt("climb_category"),
                new LatLng(rs.getDouble("start_lat"), rs.getDouble("start_lng")),
                new LatLng(rs.getDouble("end_lat"), rs.getDouble("end_lng")),
                rs.getString("polyline"),
                Optional.ofNullable(rs.getString("city")),
                Optional.ofNullable(rs.getString("state")),
                Optional.ofNullable(rs.getString("country")),
                rs.getLong("effort_count"),
                rs.getLong("athlete_count"),
                rs.getLong("star_count"),
                Instant.ofEpochSecond(rs.getLong("created_at")),
                Instant.ofEpochSecond(rs.getLong("updated_at")));
    }

    private static OptionalDouble nullableDouble(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    private static Double orNull(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }
}
