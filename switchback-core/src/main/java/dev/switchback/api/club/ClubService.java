package dev.switchback.api.club;

import dev.switchback.api.Page;
import dev.switchback.api.Viewer;
import dev.switchback.athlete.AthleteId;
import dev.switchback.fault.FaultException;
import dev.switchback.store.Database;
import dev.switchback.store.Tx;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Clubs as the API shows them (contract#scope-matrix, contract#not-found, {@code read}): a public club anyone may see, a private one
 * only its members (the {@link Viewer}'s rule); to anyone else it does not exist (404).
 */
public final class ClubService {
    private final Database database;
    private final ClubStore store;
    private final Clock clock;

    public ClubService(Database database, ClubStore store, Clock clock) {
        this.database = database;
        this.store = store;
        this.clock = clock;
    }

    /** Creates a club, its owner its first member and an admin; {@link IllegalArgumentException} if the url is taken. */
    public Club create(NewClub club) {
        Instant now = clock.instant();
        return database.write(tx -> store.insert(tx, club, now).flatMap(id -> store.find(tx, id)))
                .orElseThrow(() ->
                        new IllegalArgumentException("club url '" + club.url().orElse("") + "' is taken"));
    }

    /** Adds an athlete to a club (or makes an existing member an admin, or not). */
    public void join(ClubId id, AthleteId athlete, boolean admin) {
        Instant now = clock.instant();
        database.write(tx -> {
            store.join(tx, id, athlete, admin, now);
            return null;
        });
    }

    /** {@code GET /clubs/{id}}. */
    public ClubView find(Viewer viewer, ClubId id) {
        return database.read(tx -> visible(tx, viewer, id));
    }

    /** {@code GET /athlete/clubs}: the clubs the athlete belongs to, private ones too. */
    public List<ClubView> listOwn(Viewer viewer, Page page) {
        return database.read(tx -> store.listByMember(tx, viewer.athleteId(), page.perPage(), page.offset()));
    }

    /** {@code GET /clubs/{id}/members}: the same rule as the club. */
    public List<ClubMember> members(Viewer viewer, ClubId id, Page page) {
        return database.read(tx -> {
            visible(tx, viewer, id);
            return store.members(tx, id, page.perPage(), page.offset());
        });
    }

    /** The club with the viewer's membership, if the viewer may see it; else {@code Club/id/invalid}. */
    private ClubView visible(Tx tx, Viewer viewer, ClubId id) {
        Optional<Club> club = store.find(tx, id);
        Optional<Membership> membership =
                club.isPresent() ? store.membership(tx, id, viewer.athleteId()) : Optional.empty();
        return club.filter(found -> viewer.maySee(found, membership.isPresent()))
                .map(found -> new ClubView(found, membership))
                .orElseThrow(() -> FaultException.notFound("Club", "id"));
    }
}
