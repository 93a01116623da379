package dev.switchback.server.api;

import dev.switchback.api.ObjectIds;
import dev.switchback.api.Viewer;
import dev.switchback.api.activity.ActivityService;
import dev.switchback.athlete.Athlete;
import dev.switchback.athlete.AthleteId;
import dev.switchback.athlete.AthleteService;
import dev.switchback.athlete.ProfileUpdate;
import dev.switchback.fault.FaultException;
import dev.switchback.server.http.Guard;
import dev.switchback.server.http.HttpParams;
import io.javalin.http.Context;

/**
 * The authenticated athlete (contract#scope-matrix): {@code GET /athlete} (summary, or detailed with
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
        Viewer viewer = Guard.viewer(ctx);
        Athlete athlete = athletes.find(viewer.athleteId()).orElseThrow(() -> FaultException.notFound("Athlete", "id"));
        ctx.json(viewer.seesFullProfile() ? AthleteJson.detailed(athlete) : AthleteJson.summary(athlete));
    }

    /** {@code weight} (and {@code ftp}) from a form, the query string or JSON; answers the DetailedAthlete. */
    public void update(Context ctx) {
        ProfileUpdate update = ProfileUpdate.parse(HttpParams.queryAndBody(ctx));
        Athlete athlete = athletes.updateProfile(Guard.viewer(ctx).athleteId(), update.weight(), update.ftp())
                .orElseThrow(() -> FaultException.notFound("Athlete", "id"));
        ctx.json(AthleteJson.detailed(athlete));
    }

    public void zones(Context ctx) {
        Athlete athlete = athletes.find(Guard.viewer(ctx).athleteId())
                .orElseThrow(() -> FaultException.notFound("Athlete", "id"));
        ctx.json(AthleteJson.zones(athlete));
    }

    /** Only the authenticated athlete's own stats; another id is a 401 (contract#scope-matrix). */
    public void stats(Context ctx) {
        AthleteId id = new AthleteId(ObjectIds.parse(ctx.pathParam("id"), "Athlete"));
        ctx.json(AthleteJson.stats(activities.stats(Guard.viewer(ctx), id)));
    }
}
