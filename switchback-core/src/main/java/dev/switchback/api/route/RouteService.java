package dev.switchback.api.route;

import dev.switchback.api.Page;
import dev.switchback.api.Viewer;
import dev.switchback.api.segment.SegmentService;
import dev.switchback.athlete.Athlete;
import dev.switchback.athlete.AthleteId;
import dev.switchback.athlete.AthleteStore;
import dev.switchback.fault.FaultException;
import dev.switchback.store.Database;
import dev.switchback.store.Tx;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Routes as the API shows them (contract#scope-matrix): {@code read} for public routes; a private route needs
 * {@code read_all} and is seen only by its owner (the {@link Viewer}'s rules). What a token may not see
 * is a 404, never a hint.
 */
public final class RouteService {
    private final Database database;
    private final RouteStore store;
    private final AthleteStore athletes;
    private final SegmentService segments;
    private final Clock clock;

    public RouteService(
            Database database, RouteStore store, AthleteStore athletes, SegmentService segments, Clock clock) {
        this.database = database;
        this.store = store;
        this.athletes = athletes;
        this.segments = segments;
        this.clock = clock;
    }

    public Route create(NewRoute route) {
        RouteMeasures measures = RouteMeasures.of(route);
        Instant now = clock.instant();
        return database.write(
                tx -> store.find(tx, store.insert(tx, route, measures, now)).orElseThrow());
    }

    /** {@code GET /routes/{id}}. */
    public RouteView find(Viewer viewer, RouteId id) {
        return database.read(tx -> view(tx, viewer, visible(tx, viewer, id)));
    }

    /** {@code /routes/{id}/export_gpx}, {@code /export_tcx}, {@code /streams}: the same rule as the route. */
    public RoutePath path(Viewer viewer, RouteId id) {
        return database.read(tx -> new RoutePath(visible(tx, viewer, id), store.points(tx, id)));
    }

    /**
     * {@code GET /athletes/{id}/routes}: the authenticated athlete's own routes, private ones only with
     * {@code read_all}. Another athlete's id is {@code Athlete/id/invalid}, a 404.
     */
    public List<RouteView> listByAthlete(Viewer viewer, AthleteId athlete, Page page) {
        if (!viewer.mayListRoutesOf(athlete)) {
            throw FaultException.notFound("Athlete", "id");
        }
        return database.read(tx -> {
            Athlete owner = owner(tx, athlete);
            return store
                    .listByAthlete(tx, athlete, viewer.seesOwnPrivateRoutesAndSegments(), page.perPage(), page.offset())
                    .stream()
                    .map(route -> new RouteView(
                            route, owner, segments.findVisible(tx, viewer, store.segments(tx, route.id()))))
                    .toList();
        });
    }

    private Route visible(Tx tx, Viewer viewer, RouteId id) {
        return store.find(tx, id).filter(viewer::maySee).orElseThrow(() -> FaultException.notFound("Route", "id"));
    }

    private RouteView view(Tx tx, Viewer viewer, Route route) {
        Athlete owner = owner(tx, route.athleteId());
        return new RouteView(route, owner, segments.findVisible(tx, viewer, store.segments(tx, route.id())));
    }

    private Athlete owner(Tx tx, AthleteId athlete) {
        return athletes.find(tx, athlete).orElseThrow(() -> FaultException.notFound("Athlete", "id"));
    }
}
