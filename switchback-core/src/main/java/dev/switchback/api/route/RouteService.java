package dev.switchback.api.route;

import dev.switchback.api.Page;
import dev.switchback.api.segment.SegmentService;
import dev.switchback.athlete.Athlete;
import dev.switchback.athlete.AthleteId;
import dev.switchback.athlete.AthleteService;
import dev.switchback.fault.FaultException;
import dev.switchback.oauth.AccessGrant;
import dev.switchback.scope.Scope;
import java.time.Clock;
import java.util.List;

/**
 * Routes as the API shows them (spec §7.5): {@code read} for public routes; a private route needs
 * {@code read_all} and is seen only by its owner. What a token may not see is a 404, never a hint.
 */
public final class RouteService {
    private final RouteStore store;
    private final AthleteService athletes;
    private final SegmentService segments;
    private final Clock clock;

    public RouteService(RouteStore store, AthleteService athletes, SegmentService segments, Clock clock) {
        this.store = store;
        this.athletes = athletes;
        this.segments = segments;
        this.clock = clock;
    }

    public Route create(NewRoute route) {
        RouteId id = store.insert(route, RouteMeasures.of(route), clock.instant());
        return store.find(id).orElseThrow();
    }

    /** {@code GET /routes/{id}}. */
    public RouteView find(AccessGrant viewer, RouteId id) {
        return view(viewer, visible(viewer, id));
    }

    /** {@code /routes/{id}/export_gpx}, {@code /export_tcx}, {@code /streams}: the same rule as the route. */
    public RoutePath path(AccessGrant viewer, RouteId id) {
        Route route = visible(viewer, id);
        return new RoutePath(route, store.points(id));
    }

    /**
     * {@code GET /athletes/{id}/routes}: the authenticated athlete's own routes, private ones only with
     * {@code read_all}. Another athlete's id is {@code Athlete/id/invalid}, a 404.
     */
    public List<RouteView> listByAthlete(AccessGrant viewer, long athleteId, Page page) {
        if (athleteId != viewer.athleteId().value()) {
            throw FaultException.notFound("Athlete", "id");
        }
        Athlete owner = owner(athleteId);
        return store.listByAthlete(athleteId, readAll(viewer), page.perPage(), page.offset()).stream()
                .map(route -> new RouteView(route, owner, segments.findVisible(viewer, store.segments(route.id()))))
                .toList();
    }

    private Route visible(AccessGrant viewer, RouteId id) {
        return store.find(id)
                .filter(route -> route.visibleTo(viewer.athleteId().value(), readAll(viewer)))
                .orElseThrow(() -> FaultException.notFound("Route", "id"));
    }

    private RouteView view(AccessGrant viewer, Route route) {
        return new RouteView(route, owner(route.athleteId()), segments.findVisible(viewer, store.segments(route.id())));
    }

    private Athlete owner(long athleteId) {
        return athletes.find(new AthleteId(athleteId)).orElseThrow(() -> FaultException.notFound("Athlete", "id"));
    }

    private static boolean readAll(AccessGrant viewer) {
        return viewer.scopes().permits(Scope.READ_ALL);
    }
}
