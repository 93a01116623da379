package dev.switchback.api.segment;

import dev.switchback.api.Page;
import dev.switchback.fault.FaultException;
import dev.switchback.oauth.AccessGrant;
import dev.switchback.scope.Scope;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Segments as the API shows them (spec §7.5): a private segment is seen only by its creator, and only
 * with {@code read_all}; to anyone else it does not exist (404). Athlete-specific data needs
 * {@code read_all} too.
 */
public final class SegmentService {
    /** Strava's explorer returns at most ten segments. */
    public static final int EXPLORE_LIMIT = 10;

    private final SegmentStore store;
    private final Clock clock;

    public SegmentService(SegmentStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Segment create(NewSegment segment) {
        SegmentId id = store.insert(segment, SegmentGeometry.of(segment.points()), clock.instant());
        return store.find(id).orElseThrow();
    }

    /** Sets an athlete's record on a segment (for the demo, the tests, and later the activities that ride it). */
    public void recordAthleteStats(SegmentId id, long athleteId, AthleteSegmentStats stats) {
        store.putAthleteStats(id, athleteId, stats);
    }

    /** {@code GET /segments/{id}}. */
    public SegmentView find(AccessGrant viewer, SegmentId id) {
        return view(viewer, visible(viewer, id));
    }

    /** The segments of {@code ids} the viewer may see, in order; the others are left out. */
    public List<SegmentView> findVisible(AccessGrant viewer, List<SegmentId> ids) {
        return ids.stream()
                .map(store::find)
                .flatMap(Optional::stream)
                .filter(segment -> segment.visibleTo(viewer.athleteId().value(), readAll(viewer)))
                .map(segment -> view(viewer, segment))
                .toList();
    }

    /** {@code GET /segments/starred}: private segments filtered out without {@code read_all}. */
    public List<SegmentView> starred(AccessGrant viewer, Page page) {
        return store.starred(viewer.athleteId().value(), readAll(viewer), page.perPage(), page.offset()).stream()
                .map(segment -> new SegmentView(segment, true, athleteStats(viewer, segment)))
                .toList();
    }

    /** {@code PUT /segments/{id}/starred}: the segment must be one the token may see. */
    public SegmentView star(AccessGrant viewer, SegmentId id, boolean starred) {
        Segment segment = visible(viewer, id);
        store.setStarred(viewer.athleteId().value(), id, starred, clock.instant());
        return view(viewer, store.find(id).orElse(segment));
    }

    /** {@code GET /segments/explore}: public segments only, whatever the scope. */
    public List<SegmentView> explore(AccessGrant viewer, ExploreQuery query) {
        return store.explore(query, EXPLORE_LIMIT).stream()
                .map(segment -> new SegmentView(segment, store.isStarred(viewer.athleteId().value(), segment.id()), Optional.empty()))
                .toList();
    }

    private Segment visible(AccessGrant viewer, SegmentId id) {
        return store.find(id)
                .filter(segment -> segment.visibleTo(viewer.athleteId().value(), readAll(viewer)))
                .orElseThrow(() -> FaultException.notFound("Segment", "id"));
    }

    private SegmentView view(AccessGrant viewer, Segment segment) {
        return new SegmentView(segment, store.isStarred(viewer.athleteId().value(), segment.id()), athleteStats(viewer, segment));
    }

    private Optional<AthleteSegmentStats> athleteStats(AccessGrant viewer, Segment segment) {
        if (!readAll(viewer)) {
            return Optional.empty();
        }
        return Optional.of(store.athleteStats(segment.id(), viewer.athleteId().value()).orElse(AthleteSegmentStats.NONE));
    }

    private static boolean readAll(AccessGrant viewer) {
        return viewer.scopes().permits(Scope.READ_ALL);
    }
}
