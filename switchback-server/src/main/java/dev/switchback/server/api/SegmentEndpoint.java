package dev.switchback.server.api;

import dev.switchback.api.Page;
import dev.switchback.api.segment.ExploreQuery;
import dev.switchback.api.segment.SegmentId;
import dev.switchback.api.segment.SegmentService;
import dev.switchback.api.segment.StarRequest;
import dev.switchback.server.http.Guard;
import dev.switchback.server.http.HttpParams;
import io.javalin.http.Context;

/**
 * Segments (contract#scope-matrix): {@code read} for public segments; private segments and the athlete's own
 * record need {@code read_all}; starring needs {@code profile:write}.
 */
public final class SegmentEndpoint {
    private final SegmentService segments;

    public SegmentEndpoint(SegmentService segments) {
        this.segments = segments;
    }

    /** {@code GET /segments/{id}}. */
    public void get(Context ctx) {
        ctx.json(SegmentJson.detailed(segments.find(Guard.viewer(ctx), SegmentId.parse(ctx.pathParam("id")))));
    }

    /** {@code GET /segments/starred}. */
    public void starred(Context ctx) {
        Page page = Page.parse(HttpParams.query(ctx), "Segment");
        ctx.json(segments.starred(Guard.viewer(ctx), page).stream()
                .map(SegmentJson::summary)
                .toList());
    }

    /** {@code PUT /segments/{id}/starred}: {@code starred=true|false}; answers the DetailedSegment. */
    public void star(Context ctx) {
        SegmentId id = SegmentId.parse(ctx.pathParam("id"));
        StarRequest request = StarRequest.parse(HttpParams.queryAndBody(ctx));
        ctx.json(SegmentJson.detailed(segments.star(Guard.viewer(ctx), id, request.starred())));
    }

    /** {@code GET /segments/explore}. */
    public void explore(Context ctx) {
        ExploreQuery query = ExploreQuery.parse(HttpParams.query(ctx));
        ctx.json(SegmentJson.explorer(segments.explore(Guard.viewer(ctx), query)));
    }
}
