package dev.switchback.api;

import dev.switchback.api.activity.Activity;
import dev.switchback.api.activity.Visibility;
import dev.switchback.api.club.Club;
import dev.switchback.api.route.Route;
import dev.switchback.api.segment.Segment;
import dev.switchback.api.upload.Upload;
import dev.switchback.athlete.AthleteId;
import dev.switchback.scope.Scope;
import dev.switchback.scope.ScopeSet;
import java.util.Objects;

/**
 * Who is looking at the resource API: the athlete a token acts for and the scopes it was granted. Every
 * rule of what they may see lives here (contract#scope-matrix); the guard builds one per request and the services ask
 * it. What a viewer may not see is, to the services, as good as missing: a 404, never a hint.
 */
public record Viewer(AthleteId athleteId, ScopeSet scopes) {
    public Viewer {
        Objects.requireNonNull(athleteId, "athleteId");
        Objects.requireNonNull(scopes, "scopes");
    }

    /** The athlete themself with every scope, nothing hidden: the CLI and the demo data act as this. */
    public static Viewer owner(AthleteId athleteId) {
        return new Viewer(athleteId, ScopeSet.of(Scope.values()));
    }

    /** Whether {@code athlete} is the viewer. */
    public boolean is(AthleteId athlete) {
        return athleteId.equals(athlete);
    }

    /** {@code GET /athlete}: the detailed profile with {@code profile:read_all}, else the summary. */
    public boolean seesFullProfile() {
        return scopes.permits(Scope.PROFILE_READ_ALL);
    }

    /** {@code GET /athletes/{id}/stats}: an athlete's own stats only, whatever the scopes. */
    public boolean maySeeStatsOf(AthleteId athlete) {
        return is(athlete);
    }

    /** An activity: only one's own, and an Only Me one only with {@code activity:read_all}. */
    public boolean maySee(Activity activity) {
        return is(activity.athleteId())
                && (seesOnlyMeActivities() || activity.details().visibility() != Visibility.ONLY_ME);
    }

    /** Whether one's Only Me activities are listed and shown: {@code activity:read_all}. */
    public boolean seesOnlyMeActivities() {
        return scopes.permits(Scope.ACTIVITY_READ_ALL);
    }

    /**
     * Whether what lies inside the owner's privacy zones is shown (maps, start and end, streams):
     * {@code activity:read_all}; without it, it is left out.
     */
    public boolean seesInsidePrivacyZones() {
        return scopes.permits(Scope.ACTIVITY_READ_ALL);
    }

    /** An upload: only one's own. */
    public boolean maySee(Upload upload) {
        return is(upload.athleteId());
    }

    /**
     * A route: a public one anyone may see (as on Strava, routes are shared by link); a private one only
     * its owner, with {@code read_all}.
     */
    public boolean maySee(Route route) {
        return !route.isPrivate() || (is(route.athleteId()) && seesOwnPrivateRoutesAndSegments());
    }

    /** {@code GET /athletes/{id}/routes}: only one's own routes are listed. */
    public boolean mayListRoutesOf(AthleteId athlete) {
        return is(athlete);
    }

    /** Whether one's own private routes and segments are shown and listed: {@code read_all}. */
    public boolean seesOwnPrivateRoutesAndSegments() {
        return scopes.permits(Scope.READ_ALL);
    }

    /** A segment: a public one anyone may see; a private one only its creator, with {@code read_all}. */
    public boolean maySee(Segment segment) {
        return !segment.isPrivate()
                || (segment.creatorId().filter(this::is).isPresent() && seesOwnPrivateRoutesAndSegments());
    }

    /** Whether one's own record on a segment ({@code athlete_segment_stats}) is shown: {@code read_all}. */
    public boolean seesSegmentAthleteStats() {
        return scopes.permits(Scope.READ_ALL);
    }

    /** A club: a public one anyone may see; a private one only its members ({@code member}: the viewer is one). */
    public boolean maySee(Club club, boolean member) {
        return !club.isPrivate() || member;
    }
}
