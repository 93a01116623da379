package dev.switchback.server.api;

import dev.switchback.athlete.Athlete;
import dev.switchback.athlete.AthleteService;
import dev.switchback.fault.FaultException;
import dev.switchback.oauth.AccessGrant;
import dev.switchback.scope.Scope;
import dev.switchback.server.http.Guard;
import io.javalin.http.Context;

/** {@code GET /api/v3/athlete}: summary, or detailed with {@code profile:read_all} (spec §7.5). */
public final class AthleteEndpoint {
    private final AthleteService athletes;

    public AthleteEndpoint(AthleteService athletes) {
        this.athletes = athletes;
    }

    public void get(Context ctx) {
        AccessGrant grant = Guard.grant(ctx);
        Athlete athlete = athletes.find(grant.athleteId()).orElseThrow(() -> FaultException.notFound("Athlete", "id"));
        ctx.json(grant.scopes().permits(Scope.PROFILE_READ_ALL) ? AthleteJson.detailed(athlete) : AthleteJson.summary(athlete));
    }
}
