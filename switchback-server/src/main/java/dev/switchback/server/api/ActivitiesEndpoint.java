package dev.switchback.server.api;

import dev.switchback.api.ParamValues;
import dev.switchback.api.activity.ActivityId;
import dev.switchback.api.activity.ActivityQuery;
import dev.switchback.api.activity.ActivityService;
import dev.switchback.api.activity.ActivityUpdate;
import dev.switchback.api.activity.DetailedActivity;
import dev.switchback.api.activity.ManualActivity;
import dev.switchback.api.activity.StreamType;
import dev.switchback.server.http.Guard;
import dev.switchback.server.http.HttpParams;
import io.javalin.http.Context;
import java.util.EnumSet;
import java.util.Set;

/**
 * The activity endpoints (contract#scope-matrix): {@code GET /athlete/activities}, {@code GET}, {@code PUT} and
 * {@code POST /activities}, laps and streams. What a token may see is the service's business.
 */
public final class ActivitiesEndpoint {
    private final ActivityService activities;

    public ActivitiesEndpoint(ActivityService activities) {
        this.activities = activities;
    }

    public void list(Context ctx) {
        ActivityQuery query = ActivityQuery.parse(HttpParams.query(ctx));
        ctx.json(activities.list(Guard.viewer(ctx), query).stream()
                .map(ActivityJson::summary)
                .toList());
    }

    /** {@code include_all_efforts=true} lists every segment effort, the hidden ones too (contract#segment-efforts). */
    public void get(Context ctx) {
        boolean allEfforts = ParamValues.of(HttpParams.query(ctx), "Activity")
                .bool("include_all_efforts")
                .orElse(false);
        ctx.json(ActivityJson.detailed(
                activities.find(Guard.viewer(ctx), ActivityId.parse(ctx.pathParam("id")), allEfforts)));
    }

    public void update(Context ctx) {
        ActivityId id = ActivityId.parse(ctx.pathParam("id"));
        ActivityUpdate update = ActivityUpdate.parse(HttpParams.queryAndBody(ctx));
        ctx.json(ActivityJson.detailed(activities.update(Guard.viewer(ctx), id, update)));
    }

    /** {@code DELETE /activities/{id}}: not in Strava's public API; the owner's own activity, 204. */
    public void delete(Context ctx) {
        activities.delete(Guard.viewer(ctx), ActivityId.parse(ctx.pathParam("id")));
        ctx.status(204);
    }

    public void create(Context ctx) {
        ManualActivity manual = ManualActivity.parse(HttpParams.queryAndBody(ctx));
        DetailedActivity created = activities.createManual(Guard.viewer(ctx), manual);
        ctx.status(201).json(ActivityJson.detailed(created));
    }

    public void laps(Context ctx) {
        DetailedActivity activity = activities.find(Guard.viewer(ctx), ActivityId.parse(ctx.pathParam("id")));
        ctx.json(activity.laps().stream()
                .map(lap -> ActivityJson.lap(activity.activity(), lap))
                .toList());
    }

    /** {@code ?keys=latlng,time&key_by_type=true}, or the older {@code /streams/latlng,time}. */
    public void streams(Context ctx) {
        HttpParams params = HttpParams.query(ctx);
        Set<StreamType> keys = keys(String.join(",", params.all("keys")) + ","
                + (ctx.pathParamMap().containsKey("keys") ? ctx.pathParam("keys") : ""));
        boolean keyByType = ParamValues.of(params, "Stream").bool("key_by_type").orElse(false);
        ActivityId id = ActivityId.parse(ctx.pathParam("id"));
        ctx.jsonStream(
                activities // written as it is serialized: a long activity's streams are never held as text
                        .streams(Guard.viewer(ctx), id)
                        .map(streams -> StreamsJson.of(streams, keys, keyByType))
                        .orElse(keyByType ? java.util.Map.of() : java.util.List.of()));
    }

    /** Known stream names; the ones Switchback does not record (temp, moving, ...) are left out, as absent streams are. */
    private static Set<StreamType> keys(String list) {
        Set<StreamType> keys = EnumSet.noneOf(StreamType.class);
        for (String key : list.split(",")) {
            StreamType.fromWireName(key.strip()).ifPresent(keys::add);
        }
        return keys;
    }
}
