package dev.switchback.api.segment;

import dev.switchback.api.Page;
import dev.switchback.api.Viewer;
import dev.switchback.fault.FaultException;
import dev.switchback.store.Database;
import dev.switchback.store.Tx;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Segments as the API shows them (contract#scope-matrix): a private segment is seen only by its creator, and only
 * with {@code read_all}; to anyone else it does not exist (404). Athlete-specific data needs
 * {@code read_all} too. The rules are the {@link Viewer}'s.
 */
public final class SegmentService {
    /** Strava's explorer returns at most ten segments. */
    public static final int EXPLORE_LIMIT = 10;

    private final Database database;
    private final SegmentStore store;
    private final Clock clock;

    public SegmentService(Database database, SegmentStore store, Clock clock) {
        this.database = database;
        this.store = store;
        this.clock = clock;
    }

    public Segment create(NewSegment segment) {
        SegmentGeometry geometry = SegmentGeometry.of(segment.points());
        Instant now = clock.instant();
        return database.write(
                tx -> store.find(tx, store.insert(tx, segment, geometry, now)).orElseThrow());
    }

    /** {@code GET /segments/{id}}. */
    public SegmentView find(Viewer viewer, SegmentId id) {
        return database.read(tx -> view(tx, viewer, visible(tx, viewer, id)));
    }

    /**
     * The segments of {@code ids} the viewer may see, in order; the others are left out. In the caller's
     * transaction: a route's segments are read with the route.
     */
    public List<SegmentView> findVisible(Tx tx, Viewer viewer, List<SegmentId> ids) {
        return ids.stream()
                .map(id -> store.find(tx, id))
                .flatMap(Optional::stream)
                .filter(viewer::maySee)
                .map(segment -> view(tx, viewer, segment))
                .toList();
    }

    /** {@code GET /segments/starred}: private segments filtered out without {@code read_all}. */
    public List<SegmentView> starred(Viewer viewer, Page page) {
        boolean ownPrivate = viewer.seesOwnPrivateRoutesAndSegments();
        return database.read(tx ->
                store.starred(tx, viewer.athleteId(), ownPrivate, page.perPage(), page.offset()).stream()
                        .map(segment -> new SegmentView(segment, true, athleteStats(tx, viewer, segment)))
                        .toList());
    }

    /** {@code PUT /segments/{id}/starred}: the segment must be one the token may see. */
    public SegmentView star(Viewer viewer, SegmentId id, boolean starred) {
        Instant now = clock.instant();
        Segment segment = database.write(tx -> {
            Segment seen = visible(tx, viewer, id);
            store.setStarred(tx, viewer.athleteId(), id, starred, now);
            return seen;
        });
        return database.read(tx -> view(tx, viewer, store.find(tx, id).orElse(segment)));
    }

    /** {@code GET /segments/explore}: public segments only, whatever the scope. */
    public List<SegmentView> explore(Viewer viewer, ExploreQuery query) {
        return database.read(tx -> store.explore(tx, query, EXPLORE_LIMIT).stream()
                .map(segment -> new SegmentView(segment, isStarred(tx, viewer, segment), Optional.empty()))
                .toList());
    }

    private Segment visible(Tx tx, Viewer viewer, SegmentId id) {
        return store.find(tx, id).filter(viewer::maySee).orElseThrow(() -> FaultException.notFound("Segment", "id"));
    }

    private SegmentView view(Tx tx, Viewer viewer, Segment segment) {
        return new SegmentView(segment, isStarred(tx, viewer, segment), athleteStats(tx, viewer, segment));
    }

    private boolean isStarred(Tx tx, Viewer viewer, Segment segment) {
        return store.isStarred(tx, viewer.athleteId(), segment.id());
    }

    private Optional<AthleteSegmentStats> athleteStats(Tx tx, Viewer viewer, Segment segment) {
        if (!viewer.seesSegmentAthleteStats()) {
            return Optional.empty();
        }
        return Optional.of(store.athleteStats(tx, segment.id(), viewer.athleteId(), viewer.seesOnlyMeActivities()));
    }
}
