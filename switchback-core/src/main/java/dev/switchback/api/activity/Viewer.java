package dev.switchback.api.activity;

import dev.switchback.oauth.AccessGrant;
import dev.switchback.scope.Scope;

/**
 * Who is looking at activities, and how much they may see: an athlete sees only their own, and only
 * with {@code activity:read_all} the Only Me ones and what lies inside their privacy zones (spec §7.5).
 */
public record Viewer(long athleteId, boolean readAll) {
    public static Viewer of(AccessGrant grant) {
        return new Viewer(grant.athleteId().value(), grant.scopes().permits(Scope.ACTIVITY_READ_ALL));
    }

    /** The athlete themself, with nothing hidden (the CLI, demo data). */
    public static Viewer owner(long athleteId) {
        return new Viewer(athleteId, true);
    }

    public boolean maySee(Activity activity) {
        return activity.athleteId() == athleteId && (readAll || activity.details().visibility() != Visibility.ONLY_ME);
    }
}
