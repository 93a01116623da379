package dev.switchback.api.route;

import dev.switchback.api.geo.GeoPoint;
import dev.switchback.api.segment.SegmentId;
import dev.switchback.athlete.AthleteId;
import dev.switchback.store.Sql;
import dev.switchback.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Routes, their points and the segments they follow; every method runs in the caller's transaction. */
public final class RouteStore {
    private static final String COLUMNS = """
            id, athlete_id, name, description, route_type, sub_type, private, starred, distance, elevation_gain,
            estimated_moving_time, polyline, summary_polyline, created_at, updated_at""";

    /** Inserts a route with its points and segments. */
    RouteId insert(Tx tx, NewRoute route, RouteMeasures measures, Instant now) {
        RouteId id = new RouteId(tx.sql("""
                        INSERT INTO routes (athlete_id, name, description, route_type, sub_type, private, distance,
                            elevation_gain, estimated_moving_time, polyline, summary_polyline, created_at, updated_at)
                        VALUES (:athlete, :name, :description, :type, :subType, :private, :distance,
                            :gain, :movingTime, :polyline, :summaryPolyline, :now, :now)
                        RETURNING id""")
                .bind("athlete", route.athleteId())
                .bind("name", route.name())
                .bind("description", route.description())
                .bind("type", route.type().code())
                .bind("subType", route.subType().code())
                .bind("private", route.isPrivate())
                .bind("distance", measures.distance())
                .bind("gain", measures.elevationGain())
                .bind("movingTime", measures.estimatedMovingTime().toSeconds())
                .bind("polyline", measures.polyline())
                .bind("summaryPolyline", measures.summaryPolyline())
                .bind("now", now)
                .number());
        insertPoints(tx, id, route.points());
        insertSegments(tx, id, route.segments());
        return id;
    }

    private static void insertPoints(Tx tx, RouteId id, List<GeoPoint> points) {
        Sql batch = tx.sql("""
                INSERT INTO route_points (route_id, seq, latitude, longitude, altitude)
                VALUES (:route, :seq, :latitude, :longitude, :altitude)""");
        for (int seq = 0; seq < points.size(); seq++) {
            GeoPoint point = points.get(seq);
            batch.bind("route", id)
                    .bind("seq", seq)
                    .bind("latitude", point.latitude())
                    .bind("longitude", point.longitude())
                    .bind("altitude", point.hasAltitude() ? point.altitude() : null)
                    .addToBatch();
        }
        batch.runBatch();
    }

    private static void insertSegments(Tx tx, RouteId id, List<SegmentId> segments) {
        Sql batch = tx.sql("INSERT INTO route_segments (route_id, seq, segment_id) VALUES (:route, :seq, :segment)");
        for (int seq = 0; seq < segments.size(); seq++) {
            batch.bind("route", id)
                    .bind("seq", seq)
                    .bind("segment", segments.get(seq))
                    .addToBatch();
        }
        batch.runBatch();
    }

    public Optional<Route> find(Tx tx, RouteId id) {
        return tx.sql("SELECT " + COLUMNS + " FROM routes WHERE id = :id")
                .bind("id", id)
                .one(RouteStore::map);
    }

    /** An athlete's routes, newest first; private ones only with {@code includePrivate}. */
    public List<Route> listByAthlete(Tx tx, AthleteId athlete, boolean includePrivate, int limit, long offset) {
        return tx.sql("SELECT " + COLUMNS + """
                         FROM routes
                        WHERE athlete_id = :athlete AND (private = FALSE OR :includePrivate)
                        ORDER BY id DESC
                        LIMIT :limit OFFSET :offset""")
                .bind("athlete", athlete)
                .bind("includePrivate", includePrivate)
                .bind("limit", limit)
                .bind("offset", offset)
                .list(RouteStore::map);
    }

    /** The route's points, in order. */
    public List<GeoPoint> points(Tx tx, RouteId id) {
        return tx.sql("SELECT latitude, longitude, altitude FROM route_points WHERE route_id = :route ORDER BY seq")
                .bind("route", id)
                .list(rs -> {
                    double altitude = rs.getDouble("altitude");
                    boolean unknown = rs.wasNull();
                    return GeoPoint.of(
                            rs.getDouble("latitude"), rs.getDouble("longitude"), unknown ? Double.NaN : altitude);
                });
    }

    /** The segments the route follows, in order. */
    public List<SegmentId> segments(Tx tx, RouteId id) {
        return tx.sql("SELECT segment_id FROM route_segments WHERE route_id = :route ORDER BY seq")
                .bind("route", id)
                .list(rs -> new SegmentId(rs.getLong("segment_id")));
    }

    private static Route map(ResultSet rs) throws SQLException {
        return new Route(
                new RouteId(rs.getLong("id")),
                new AthleteId(rs.getLong("athlete_id")),
                rs.getString("name"),
                rs.getString("description"),
                RouteType.fromCode(rs.getInt("route_type"))
                        .orElseThrow(() -> new IllegalStateException("unknown route_type")),
                RouteSubType.fromCode(rs.getInt("sub_type"))
                        .orElseThrow(() -> new IllegalStateException("unknown sub_type")),
                rs.getBoolean("private"),
                rs.getBoolean("starred"),
                rs.getDouble("distance"),
                rs.getDouble("elevation_gain"),
                Duration.ofSeconds(rs.getLong("estimated_moving_time")),
                rs.getString("polyline"),
                rs.getString("summary_polyline"),
                Instant.ofEpochSecond(rs.getLong("created_at")),
                Instant.ofEpochSecond(rs.getLong("updated_at")));
    }
}
