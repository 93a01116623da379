package dev.switchback.api.activity;

import dev.switchback.api.geo.LatLng;
import dev.switchback.api.segment.SegmentActivityType;
import dev.switchback.api.segment.SegmentId;
import dev.switchback.athlete.AthleteId;
import dev.switchback.store.Rows;
import dev.switchback.store.Sql;
import dev.switchback.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/** Segment efforts and best efforts (contract#segment-efforts); every method runs in the caller's transaction. */
public final class EffortStore {
    /**
     * The segments an athlete's activity of this type may have efforts on (public ones, and the athlete's own
     * private ones) whose start and end both lie in the box.
     */
    List<SegmentPath> candidates(
            Tx tx, AthleteId athlete, SegmentActivityType type, LatLng southWest, LatLng northEast) {
        return tx.sql("""
                        SELECT id, start_lat, start_lng, end_lat, end_lng, distance FROM segments
                         WHERE activity_type = :type AND (private = FALSE OR creator_id = :athlete)
                           AND start_lat BETWEEN :south AND :north AND start_lng BETWEEN :west AND :east
                           AND end_lat BETWEEN :south AND :north AND end_lng BETWEEN :west AND :east
                         ORDER BY id""")
                .bind("type", type.wireName())
                .bind("athlete", athlete)
                .bind("south", southWest.latitude())
                .bind("west", southWest.longitude())
                .bind("north", northEast.latitude())
                .bind("east", northEast.longitude())
                .list(rs -> new SegmentPath(
                        new SegmentId(rs.getLong("id")),
                        new LatLng(rs.getDouble("start_lat"), rs.getDouble("start_lng")),
                        new LatLng(rs.getDouble("end_lat"), rs.getDouble("end_lng")),
                        rs.getDouble("distance")));
    }

    /** How many of the athlete's efforts on the segment took {@code elapsed} seconds or less. */
    long segmentEffortsAtMost(Tx tx, AthleteId athlete, SegmentId segment, long elapsed) {
        return tx.sql("""
                        SELECT COUNT(*) FROM segment_efforts
                         WHERE segment_id = :segment AND athlete_id = :athlete AND elapsed_time <= :elapsed""")
                .bind("segment", segment)
                .bind("athlete", athlete)
                .bind("elapsed", elapsed)
                .number();
    }

    /** How many of the athlete's best efforts of this name took {@code elapsed} seconds or less. */
    long bestEffortsAtMost(Tx tx, AthleteId athlete, String name, long elapsed) {
        return tx.sql("""
                        SELECT COUNT(*) FROM best_efforts
                         WHERE athlete_id = :athlete AND name = :name AND elapsed_time <= :elapsed""")
                .bind("athlete", athlete)
                .bind("name", name)
                .bind("elapsed", elapsed)
                .number();
    }

    void insertSegmentEfforts(Tx tx, ActivityId activity, AthleteId athlete, List<SegmentEffort> efforts) {
        Sql insert = tx.sql("""
                INSERT INTO segment_efforts (activity_id, athlete_id, segment_id, start_date, elapsed_time, moving_time,
                    distance, start_index, end_index, average_heartrate, max_heartrate, average_cadence, average_watts,
                    pr_rank, hidden)
                VALUES (:activity, :athlete, :segment, :start_date, :elapsed_time, :moving_time, :distance,
                    :start_index, :end_index, :average_heartrate, :max_heartrate, :average_cadence, :average_watts,
                    :pr_rank, :hidden)""");
        for (SegmentEffort e : efforts) {
            insert.bind("activity", activity)
                    .bind("athlete", athlete)
                    .bind("segment", e.segmentId())
                    .bind("start_date", e.startDate())
                    .bind("elapsed_time", e.elapsedTime())
                    .bind("moving_time", e.movingTime())
                    .bind("distance", e.distance())
                    .bind("start_index", e.startIndex())
                    .bind("end_index", e.endIndex())
                    .bind("average_heartrate", orNull(e.averageHeartrate()))
                    .bind("max_heartrate", orNull(e.maxHeartrate()))
                    .bind("average_cadence", orNull(e.averageCadence()))
                    .bind("average_watts", orNull(e.averageWatts()))
                    .bind("pr_rank", orNull(e.prRank()))
                    .bind("hidden", e.hidden())
                    .addToBatch();
        }
        insert.runBatch();
    }

    void insertBestEfforts(Tx tx, ActivityId activity, AthleteId athlete, List<BestEffort> efforts) {
        Sql insert = tx.sql("""
                INSERT INTO best_efforts (activity_id, athlete_id, name, distance, start_date, elapsed_time, moving_time,
                    start_index, end_index, pr_rank)
                VALUES (:activity, :athlete, :name, :distance, :start_date, :elapsed_time, :moving_time,
                    :start_index, :end_index, :pr_rank)""");
        for (BestEffort e : efforts) {
            insert.bind("activity", activity)
                    .bind("athlete", athlete)
                    .bind("name", e.name())
                    .bind("distance", e.distance())
                    .bind("start_date", e.startDate())
                    .bind("elapsed_time", e.elapsedTime())
                    .bind("moving_time", e.movingTime())
                    .bind("start_index", e.startIndex())
                    .bind("end_index", e.endIndex())
                    .bind("pr_rank", orNull(e.prRank()))
                    .addToBatch();
        }
        insert.runBatch();
    }

    /** An activity's segment efforts, in the order it rode them. */
    public List<SegmentEffort> segmentEfforts(Tx tx, ActivityId activity) {
        return tx.sql("""
                        SELECT id, segment_id, start_date, elapsed_time, moving_time, distance, start_index, end_index,
                               average_heartrate, max_heartrate, average_cadence, average_watts, pr_rank, hidden
                          FROM segment_efforts WHERE activity_id = :activity ORDER BY start_index, id""")
                .bind("activity", activity)
                .list(rs -> new SegmentEffort(
                        rs.getLong("id"),
                        new SegmentId(rs.getLong("segment_id")),
                        Rows.instant(rs, "start_date"),
                        rs.getLong("elapsed_time"),
                        rs.getLong("moving_time"),
                        rs.getDouble("distance"),
                        rs.getInt("start_index"),
                        rs.getInt("end_index"),
                        optional(rs, "average_heartrate"),
                        optional(rs, "max_heartrate"),
                        optional(rs, "average_cadence"),
                        optional(rs, "average_watts"),
                        optionalInt(rs, "pr_rank"),
                        rs.getBoolean("hidden")));
    }

    /** A run's best efforts, shortest distance first. */
    public List<BestEffort> bestEfforts(Tx tx, ActivityId activity) {
        return tx.sql("""
                        SELECT id, name, distance, start_date, elapsed_time, moving_time, start_index, end_index, pr_rank
                          FROM best_efforts WHERE activity_id = :activity ORDER BY distance, id""")
                .bind("activity", activity)
                .list(rs -> new BestEffort(
                        rs.getLong("id"),
                        rs.getString("name"),
                        rs.getDouble("distance"),
                        Rows.instant(rs, "start_date"),
                        rs.getLong("elapsed_time"),
                        rs.getLong("moving_time"),
                        rs.getInt("start_index"),
                        rs.getInt("end_index"),
                        optionalInt(rs, "pr_rank")));
    }

    private static OptionalDouble optional(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    private static OptionalInt optionalInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(value);
    }

    private static Double orNull(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }

    private static Integer orNull(OptionalInt value) {
        return value.isPresent() ? value.getAsInt() : null;
    }
}
