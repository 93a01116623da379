package dev.switchback.api.club;

import dev.switchback.api.Page;
import dev.switchback.fault.FaultException;
import dev.switchback.oauth.AccessGrant;
import java.time.Clock;
import java.util.List;

/**
 * Clubs as the API shows them (spec §7.5, {@code read}): a public club anyone may see, a private one
 * only its members; to anyone else it does not exist (404).
 */
public final class ClubService {
    private final ClubStore store;
    private final Clock clock;

    public ClubService(ClubStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Creates a club, its owner its first member and an admin; {@link IllegalArgumentException} if the url is taken. */
    public Club create(NewClub club) {
        ClubId id = store.insert(club, clock.instant())
                .orElseThrow(() -> new IllegalArgumentException("club url '" + club.url().orElse("") + "' is taken"));
        return store.find(id).orElseThrow();
    }

    /** Adds an athlete to a club (or makes an existing member an admin, or not). */
    public void join(ClubId id, long athleteId, boolean admin) {
        store.join(id, athleteId, admin, clock.instant());
    }

    /** {@code GET /clubs/{id}}. */
    public ClubView find(AccessGrant viewer, ClubId id) {
        Club club = visible(viewer, id);
        return new ClubView(club, store.membership(id, viewer.athleteId().value()));
    }

    /** {@code GET /athlete/clubs}: the clubs the athlete belongs to, private ones too. */
    public List<ClubView> listOwn(AccessGrant viewer, Page page) {
        return store.listByMember(viewer.athleteId().value(), page.perPage(), page.offset());
    }

    /** {@code GET /clubs/{id}/members}: the same rule as the club. */
    public List<ClubMember> members(AccessGrant viewer, ClubId id, Page page) {
        visible(viewer, id);
        return store.members(id, page.perPage(), page.offset());
    }

    private Club visible(AccessGrant viewer, ClubId id) {
        return store.find(id)
                .filter(club -> !club.isPrivate() || store.membership(id, viewer.athleteId().value()).isPresent())
                .orElseThrow(() -> FaultException.notFound("Club", "id"));
    }
}
