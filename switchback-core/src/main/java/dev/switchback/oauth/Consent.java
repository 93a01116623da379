package dev.switchback.oauth;

import dev.switchback.app.App;
import dev.switchback.athlete.AthleteId;
import dev.switchback.scope.ScopeSet;
import dev.switchback.store.Tx;
import java.time.Instant;
import java.util.Optional;

/**
 * What an athlete's approval records, in the caller's transaction: the grant for the app holds exactly
 * {@code scopes} (contract#grant-replaces-scopes), within the app's athlete capacity. The consent page and the
 * emulator's tokens without a browser record it here, so the two cannot differ.
 */
final class Consent {
    private Consent() {}

    /** @throws AthleteCapacityExceededException if the app is full and this athlete is not yet connected */
    static GrantId record(GrantStore grants, Tx tx, App app, AthleteId athleteId, ScopeSet scopes, Instant now) {
        grants.lockApp(tx, app.clientId());
        if (!grants.hasGrant(tx, app.clientId(), athleteId) && isFull(grants, tx, app, athleteId)) {
            throw new AthleteCapacityExceededException(app.clientId());
        }
        return grants.putGrant(tx, app.clientId(), athleteId, scopes, now);
    }

    /** The owner always has a place; the others share what remains of the capacity. */
    private static boolean isFull(GrantStore grants, Tx tx, App app, AthleteId athleteId) {
        if (app.ownerId().equals(Optional.of(athleteId))) {
            return false;
        }
        long taken = grants.otherAthletes(tx, app.clientId(), athleteId, app.ownerId())
                + (app.ownerId().isPresent() ? 1 : 0);
        return taken >= app.athleteCapacity();
    }
}
