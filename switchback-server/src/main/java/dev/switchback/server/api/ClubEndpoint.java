package dev.switchback.server.api;

import dev.switchback.api.Page;
import dev.switchback.api.club.ClubId;
import dev.switchback.api.club.ClubService;
import dev.switchback.server.http.Guard;
import dev.switchback.server.http.HttpParams;
import io.javalin.http.Context;

/** Clubs (contract#scope-matrix, {@code read}): a private club is seen only by its members, else {@code Club/id/invalid}, a 404. */
public final class ClubEndpoint {
    private final ClubService clubs;

    public ClubEndpoint(ClubService clubs) {
        this.clubs = clubs;
    }

    /** {@code GET /athlete/clubs}. */
    public void listOwn(Context ctx) {
        Page page = Page.parse(HttpParams.query(ctx), "Club");
        ctx.json(clubs.listOwn(Guard.viewer(ctx), page).stream()
                .map(ClubJson::summary)
                .toList());
    }

    /** {@code GET /clubs/{id}}. */
    public void get(Context ctx) {
        ctx.json(ClubJson.detailed(clubs.find(Guard.viewer(ctx), ClubId.parse(ctx.pathParam("id")))));
    }

    /** {@code GET /clubs/{id}/members}. */
    public void members(Context ctx) {
        ClubId id = ClubId.parse(ctx.pathParam("id"));
        Page page = Page.parse(HttpParams.query(ctx), "Club");
        ctx.json(clubs.members(Guard.viewer(ctx), id, page).stream()
                .map(ClubJson::member)
                .toList());
    }
}
