package dev.switchback.server.api;

import dev.switchback.api.ObjectIds;
import dev.switchback.api.activity.ActivityService;
import dev.switchback.athlete.Athlete;
import dev.switchback.athlete.AthleteService;
import dev.switchback.athlete.ProfileUpdate;
import dev.switchback.fault.FaultException;
import dev.switchback.oauth.AccessGrant;
import dev.switchback.scope.Scope;
import dev.switchback.server.http.Guard;
import dev.switchback.server.http.HttpParams;
import io.javalin.http.Context;

/**
 * The authenticated athlete (spec §7.5): {@code GET /athlete} (summary, or detailed with
 * {@code profile:read_all}), {@code PUT /athlete}, {@code GET /athlete/zones} and
 * {@code GET /athletes/{id}/stats}.
 */
public final class AthleteEndpoint {
    private final AthleteService athletes;
    private final ActivityService activities;

    public AthleteEndpoint(AthleteService athletes, ActivityService activities) {
        this.athletes = athletes;
        this.activities = activities;
    }

    public void get(Context ctx) {
        AccessGrant grant = Guard.grant(ctx);
        Athlete athlete = athletes.find(grant.athleteId()).orElseThrow(() -> FaultException.notFound("Athlete", "id"));
        ctx.json(grant.scopes().permits(Scope.PROFILE_READ_ALL) ? AthleteJson.detailed(athlete) : AthleteJson.summary(athlete));
    }

    /** {@code weight} (and {@code ftp}) from a form, the query string or JSON; answers the DetailedAthlete. */
    public void update(Context ctx) {
        ProfileUpdate update = ProfileUpdate.parse(HttpParams.queryAndBody(ctx));
        Athlete athlete = athletes.updateProfile(Guard.grant(ctx).athleteId(), update.weight(), update.ftp())
                .orElseThrow(() -> FaultException.notFound("Athlete", "id"));
        ctx.json(AthleteJson.detailed(athlete));
    }

    public void zones(Context ctx) {
        Athlete athlete = athletes.find(Guard.grant(ctx).athleteId()).orElseThrow(() -> FaultException.notFound("Athlete", "id"));
        ctx.json(AthleteJson.zones(athlete));
    }

    /** Only the authenticated athlete's own stats; another id is a 401 (spec §7.5). */
    public void stats(Context ctx) {
        long id = ObjectIds.parse(ctx.pathParam("id"), "Athlete");
        if (id != Guard.grant(ctx).athleteId()) {
            throw FaultException.authorization("Athlete", "id", "invalid");
        }
        ctx.json(AthleteJson.stats(activities.stats(id)));
    }
}
