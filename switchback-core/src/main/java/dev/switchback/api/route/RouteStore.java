package dev.switchback.api.route;

import dev.switchback.api.geo.GeoPoint;
import dev.switchback.api.segment.SegmentId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/** Routes, their points and the segments they follow. */
public final class RouteStore {
    private static final String COLUMNS = """
            id, athlete_id, name, description, route_type, sub_type, private, starred, distance, elevation_gain,
            estimated_moving_time, polyline, summary_polyline, created_at, updated_at""";

    private final Jdbi jdbi;

    public RouteStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Inserts a route with its points and segments, in one transaction. */
    RouteId insert(NewRoute route, RouteMeasures measures, Instant now) {
        return jdbi.inTransaction(handle -> {
            RouteId id = new RouteId(handle.createQuery("""
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
                    .bind("now", now.getEpochSecond())
                    .mapTo(Long.class)
                    .one());
            insertPoints(handle, id, route.points());
            insertSegments(handle, id, route.segments());
            return id;
        });
    }

    private static void insertPoints(Handle handle, RouteId id, List<GeoPoint> points) {
        PreparedBatch batch = handle.prepareBatch("""
                INSERT INTO route_points (route_id, seq, latitude, longitude, altitude)
                VALUES (:route, :seq, :latitude, :longitude, :altitude)""");
        for (int seq = 0; seq < points.size(); seq++) {
            GeoPoint point = points.get(seq);
            batch.bind("route", id.value()).bind("seq", seq)
                    .bind("latitude", point.latitude()).bind("longitude", point.longitude())
                    .bind("altitude", point.hasAltitude() ? point.altitude() : null)
                    .add();
        }
        batch.execute();
    }

    private static void insertSegments(Handle handle, RouteId id, List<SegmentId> segments) {
        for (int seq = 0; seq < segments.size(); seq++) {
            handle.createUpdate("INSERT INTO route_segments (route_id, seq, segment_id) VALUES (:route, :seq, :segment)")
                    .bind("route", id.value()).bind("seq", seq).bind("segment", segments.get(seq).value())
                    .execute();
        }
    }

    public Optional<Route> find(RouteId id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM routes WHERE id = :id")
                .bind("id", id.value())
                .map(RouteStore::map)
                .findOne());
    }

    /** An athlete's routes, newest first; private ones only with {@code includePrivate}. */
    public List<Route> listByAthlete(long athleteId, boolean includePrivate, int limit, long offset) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + """
                         FROM routes
                        WHERE athlete_id = :athlete AND (private = FALSE OR :includePrivate)
                        ORDER BY id DESC
                        LIMIT :limit OFFSET :offset""")
                .bind("athlete", athleteId)
                .bind("includePrivate", includePrivate)
                .bind("limit", limit)
                .bind("offset", offset)
                .map(RouteStore::map)
                .list());
    }

    /** The route's points, in order. */
    public List<GeoPoint> points(RouteId id) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT latitude, longitude, altitude FROM route_points WHERE route_id = :route ORDER BY seq""")
                .bind("route", id.value())
                .map((rs, ctx) -> {
                    double altitude = rs.getDouble("altitude");
                    boolean unknown = rs.wasNull();
                    return GeoPoint.of(rs.getDouble("latitude"), rs.getDouble("longitude"), unknown ? Double.NaN : altitude);
                })
                .list());
    }

    /** The segments the route follows, in order. */
    public List<SegmentId> segments(RouteId id) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT segment_id FROM route_segments WHERE route_id = :route ORDER BY seq""")
                .bind("route", id.value())
                .map((rs, ctx) -> new SegmentId(rs.getLong("segment_id")))
                .list());
    }

    private static Route map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Route(
                new RouteId(rs.getLong("id")),
                rs.getLong("athlete_id"),
                rs.getString("name"),
                rs.getString("description"),
                RouteType.fromCode(rs.getInt("route_type")).orElseThrow(() -> new IllegalStateException("unknown route_type")),
                RouteSubType.fromCode(rs.getInt("sub_type")).orElseThrow(() -> new IllegalStateException("unknown sub_type")),
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
