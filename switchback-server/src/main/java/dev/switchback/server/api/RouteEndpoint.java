package dev.switchback.server.api;

import dev.switchback.api.ObjectIds;
import dev.switchback.api.Page;
import dev.switchback.api.route.RouteId;
import dev.switchback.api.route.RoutePath;
import dev.switchback.api.route.RouteService;
import dev.switchback.athlete.AthleteId;
import dev.switchback.server.http.Guard;
import dev.switchback.server.http.HttpParams;
import io.javalin.http.Context;

/**
 * Routes (contract#scope-matrix): {@code read} for public routes, {@code read_all} (and ownership) for private
 * ones; what the token may not see is {@code Route/id/invalid}, a 404.
 */
public final class RouteEndpoint {
    private final RouteService routes;

    public RouteEndpoint(RouteService routes) {
        this.routes = routes;
    }

    /** {@code GET /routes/{id}}. */
    public void get(Context ctx) {
        ctx.json(RouteJson.detailed(routes.find(Guard.viewer(ctx), RouteId.parse(ctx.pathParam("id")))));
    }

    /** {@code GET /athletes/{id}/routes}: the authenticated athlete's, private ones only with {@code read_all}. */
    public void listByAthlete(Context ctx) {
        AthleteId athleteId = new AthleteId(ObjectIds.parse(ctx.pathParam("id"), "Athlete"));
        Page page = Page.parse(HttpParams.query(ctx), "Route");
        ctx.json(routes.listByAthlete(Guard.viewer(ctx), athleteId, page).stream()
                .map(RouteJson::summary)
                .toList());
    }

    /** {@code GET /routes/{id}/export_gpx}. */
    public void exportGpx(Context ctx) {
        RoutePath path = path(ctx);
        file(ctx, RouteFiles.GPX_CONTENT_TYPE, "route_" + path.route().id() + ".gpx", RouteFiles.gpx(path));
    }

    /** {@code GET /routes/{id}/export_tcx}. */
    public void exportTcx(Context ctx) {
        RoutePath path = path(ctx);
        file(ctx, RouteFiles.TCX_CONTENT_TYPE, "route_" + path.route().id() + ".tcx", RouteFiles.tcx(path));
    }

    /** {@code GET /routes/{id}/streams}. */
    public void streams(Context ctx) {
        ctx.json(RouteJson.streams(path(ctx)));
    }

    private RoutePath path(Context ctx) {
        return routes.path(Guard.viewer(ctx), RouteId.parse(ctx.pathParam("id")));
    }

    private static void file(Context ctx, String contentType, String filename, byte[] body) {
        ctx.header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
        ctx.contentType(contentType).result(body);
    }
}
