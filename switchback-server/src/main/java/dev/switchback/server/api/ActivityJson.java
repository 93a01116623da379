package dev.switchback.server.api;

import dev.switchback.api.activity.Activity;
import dev.switchback.api.activity.ActivityMap;
import dev.switchback.api.activity.BestEffort;
import dev.switchback.api.activity.DetailedActivity;
import dev.switchback.api.activity.Lap;
import dev.switchback.api.activity.Measures;
import dev.switchback.api.activity.SegmentEffort;
import dev.switchback.api.activity.Split;
import dev.switchback.api.activity.Visibility;
import dev.switchback.api.geo.LatLng;
import dev.switchback.api.upload.UploadId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Strava's activity representations: SummaryActivity in the key order of a real 2025 response, and
 * DetailedActivity with the keys a 2025 response adds after it (contract#detailed-activity). Optional keys (power, heart
 * rate, altitude range) appear only when the recording had them, as on Strava.
 */
public final class ActivityJson {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'");

    private ActivityJson() {}

    /** SummaryActivity, {@code resource_state} 2. */
    public static Map<String, Object> summary(Activity activity) {
        Map<String, Object> json = base(activity, 2);
        json.put("map", map(activity, 2, null));
        rest(json, activity);
        return json;
    }

    /** DetailedActivity, {@code resource_state} 3: the summary keys and the details. */
    public static Map<String, Object> detailed(DetailedActivity detailed) {
        Activity activity = detailed.activity();
        boolean manual = activity.source().manual();
        Map<String, Object> json = base(activity, 3);
        json.put("map", map(activity, 3, detailed.polyline()));
        rest(json, activity);
        json.put("description", activity.details().description().orElse(null));
        json.put("calories", calories(activity.measures()));
        json.put("perceived_exertion", null);
        json.put("prefer_perceived_exertion", null);
        json.put(
                "segment_efforts",
                detailed.segmentEfforts().stream()
                        .map(effort -> segmentEffort(activity, effort))
                        .toList());
        if (!manual) {
            json.put(
                    "splits_metric",
                    detailed.splitsMetric().stream().map(ActivityJson::split).toList());
            json.put(
                    "splits_standard",
                    detailed.splitsStandard().stream().map(ActivityJson::split).toList());
            json.put(
                    "laps",
                    detailed.laps().stream().map(lap -> lap(activity, lap)).toList());
        }
        json.put(
                "best_efforts",
                detailed.bestEfforts().stream()
                        .map(effort -> bestEffort(activity, effort))
                        .toList());
        json.put("photos", photos());
        json.put("stats_visibility", statsVisibility());
        json.put("hide_from_home", activity.details().hideFromHome());
        json.put("available_zones", List.of());
        return json;
    }

    private static Map<String, Object> base(Activity activity, int resourceState) {
        Measures m = activity.measures();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("resource_state", resourceState);
        json.put("athlete", meta(activity.athleteId().value()));
        json.put("name", activity.details().name());
        json.put("distance", round(m.distance(), 1));
        json.put("moving_time", m.movingTime());
        json.put("elapsed_time", m.elapsedTime());
        json.put("total_elevation_gain", round(m.totalElevationGain(), 1));
        json.put("type", activity.details().sportType().activityType());
        json.put("sport_type", activity.details().sportType().name());
        json.put("workout_type", null);
        json.put("id", activity.id().value());
        json.put("start_date", AthleteJson.iso(activity.start().instant()));
        json.put("start_date_local", LOCAL.format(activity.start().local().truncatedTo(ChronoUnit.SECONDS)));
        json.put("timezone", activity.start().timezoneLabel());
        json.put("utc_offset", (double) activity.start().utcOffsetSeconds());
        json.put("location_city", null);
        json.put("location_state", null);
        json.put("location_country", null);
        json.put("achievement_count", 0);
        json.put("kudos_count", 0);
        json.put("comment_count", 0);
        json.put("athlete_count", 1);
        json.put("photo_count", 0);
        return json;
    }

    /** Everything after {@code map}. */
    private static void rest(Map<String, Object> json, Activity activity) {
        Measures m = activity.measures();
        json.put("trainer", activity.details().trainer());
        json.put("commute", activity.details().commute());
        json.put("manual", activity.source().manual());
        json.put("private", activity.details().visibility() == Visibility.ONLY_ME);
        json.put("visibility", activity.details().visibility().wireName());
        json.put("flagged", false);
        json.put("gear_id", activity.details().gearId().orElse(null));
        json.put("start_latlng", latLng(activity.map().start().orElse(null)));
        json.put("end_latlng", latLng(activity.map().end().orElse(null)));
        json.put("average_speed", round(m.averageSpeed(), 3));
        json.put("max_speed", round(m.maxSpeed(), 3));
        putIfPresent(json, "average_cadence", m.averageCadence(), 1);
        if (m.averageWatts().isPresent()) {
            json.put("average_watts", round(m.averageWatts().getAsDouble(), 1));
            json.put("kilojoules", round(kilojoules(m), 1));
            json.put("device_watts", true);
            if (m.maxWatts().isPresent()) {
                json.put("max_watts", Math.round(m.maxWatts().getAsDouble())); // an integer in Strava's schema
            }
        }
        boolean heartrate = m.averageHeartrate().isPresent();
        json.put("has_heartrate", heartrate);
        putIfPresent(json, "average_heartrate", m.averageHeartrate(), 1);
        putIfPresent(json, "max_heartrate", m.maxHeartrate(), 0);
        json.put("heartrate_opt_out", false);
        json.put("display_hide_heartrate_option", heartrate);
        putIfPresent(json, "elev_high", m.elevHigh(), 1);
        putIfPresent(json, "elev_low", m.elevLow(), 1);
        json.put("upload_id", activity.source().uploadId().map(UploadId::value).orElse(null));
        activity.source().uploadId().ifPresent(id -> json.put("upload_id_str", id.toString()));
        json.put("external_id", activity.source().externalId().orElse(null));
        json.put("from_accepted_tag", false);
        json.put("pr_count", 0);
        json.put("total_photo_count", 0);
        json.put("has_kudoed", false);
        activity.source().deviceName().ifPresent(device -> json.put("device_name", device));
    }

    private static Map<String, Object> map(Activity activity, int resourceState, String polyline) {
        ActivityMap map = activity.map();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", "a" + activity.id());
        if (polyline != null) {
            json.put("polyline", polyline);
        }
        if (resourceState == 2) {
            json.put("summary_polyline", map.summaryPolyline());
            json.put("resource_state", resourceState);
        } else {
            json.put("resource_state", resourceState);
            json.put("summary_polyline", map.summaryPolyline());
        }
        return json;
    }

    /** A lap (the items of {@code GET /activities/{id}/laps} and of {@code laps}). */
    public static Map<String, Object> lap(Activity activity, Lap lap) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", lap.id());
        json.put("resource_state", 2);
        json.put("name", "Lap " + lap.lapIndex());
        json.put("activity", meta(activity.id().value()));
        json.put("athlete", meta(activity.athleteId().value()));
        json.put("elapsed_time", lap.elapsedTime());
        json.put("moving_time", lap.movingTime());
        json.put("start_date", AthleteJson.iso(lap.startDate()));
        json.put(
                "start_date_local",
                LOCAL.format(java.time.LocalDateTime.ofInstant(
                        lap.startDate(), activity.start().zone())));
        json.put("distance", round(lap.distance(), 1));
        json.put("start_index", lap.startIndex());
        json.put("end_index", lap.endIndex());
        json.put("total_elevation_gain", round(lap.totalElevationGain(), 1));
        json.put("average_speed", round(lap.averageSpeed(), 3));
        json.put("max_speed", round(lap.maxSpeed(), 3));
        putIfPresent(json, "average_cadence", lap.averageCadence(), 1);
        if (lap.averageWatts().isPresent()) {
            json.put("device_watts", true);
            json.put("average_watts", round(lap.averageWatts().getAsDouble(), 1));
        }
        putIfPresent(json, "average_heartrate", lap.averageHeartrate(), 1);
        putIfPresent(json, "max_heartrate", lap.maxHeartrate(), 0);
        json.put("lap_index", lap.lapIndex());
        json.put("split", lap.lapIndex());
        return json;
    }

    /**
     * A DetailedSegmentEffort as an activity lists it, in the key order of real responses (contract#segment-efforts):
     * its segment is the SummarySegment, without the athlete's own record.
     */
    private static Map<String, Object> segmentEffort(Activity activity, DetailedActivity.Effort shown) {
        SegmentEffort effort = shown.effort();
        Map<String, Object> json =
                effortStart(activity, effort.id(), shown.segment().segment().name());
        json.put("elapsed_time", effort.elapsedTime());
        json.put("moving_time", effort.movingTime());
        json.put("start_date", AthleteJson.iso(effort.startDate()));
        json.put("start_date_local", local(activity, effort.startDate()));
        json.put("distance", round(effort.distance(), 1));
        json.put("start_index", effort.startIndex());
        json.put("end_index", effort.endIndex());
        putIfPresent(json, "average_cadence", effort.averageCadence(), 1);
        json.put("device_watts", effort.averageWatts().isPresent());
        putIfPresent(json, "average_watts", effort.averageWatts(), 1);
        putIfPresent(json, "average_heartrate", effort.averageHeartrate(), 1);
        putIfPresent(json, "max_heartrate", effort.maxHeartrate(), 0);
        json.put("segment", SegmentJson.summary(shown.segment()));
        json.put("pr_rank", effort.prRank().isPresent() ? effort.prRank().getAsInt() : null);
        json.put("achievements", achievements(effort.prRank()));
        json.put("visibility", activity.details().visibility().wireName());
        json.put("kom_rank", null);
        json.put("hidden", effort.hidden());
        return json;
    }

    /** A best effort of a run, in the key order of real responses. */
    private static Map<String, Object> bestEffort(Activity activity, BestEffort effort) {
        Map<String, Object> json = effortStart(activity, effort.id(), effort.name());
        json.put("elapsed_time", effort.elapsedTime());
        json.put("moving_time", effort.movingTime());
        json.put("start_date", AthleteJson.iso(effort.startDate()));
        json.put("start_date_local", local(activity, effort.startDate()));
        json.put("distance", Math.round(effort.distance()));
        json.put("pr_rank", effort.prRank().isPresent() ? effort.prRank().getAsInt() : null);
        json.put("achievements", achievements(effort.prRank()));
        json.put("start_index", effort.startIndex());
        json.put("end_index", effort.endIndex());
        return json;
    }

    private static Map<String, Object> effortStart(Activity activity, long id, String name) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("resource_state", 2);
        json.put("name", name);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("id", activity.id().value());
        meta.put("visibility", activity.details().visibility().wireName());
        meta.put("resource_state", 1);
        json.put("activity", meta);
        json.put("athlete", meta(activity.athleteId().value()));
        return json;
    }

    /** A personal record of rank 1 to 3 is Strava's achievement {@code {"type_id":3,"type":"pr","rank":n}}. */
    private static List<Map<String, Object>> achievements(OptionalInt prRank) {
        if (prRank.isEmpty()) {
            return List.of();
        }
        Map<String, Object> pr = new LinkedHashMap<>();
        pr.put("type_id", 3);
        pr.put("type", "pr");
        pr.put("rank", prRank.getAsInt());
        return List.of(pr);
    }

    private static String local(Activity activity, java.time.Instant instant) {
        return LOCAL.format(
                java.time.LocalDateTime.ofInstant(instant, activity.start().zone()));
    }

    private static Map<String, Object> split(Split split) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("distance", round(split.distance(), 1));
        json.put("elapsed_time", split.elapsedTime());
        json.put("elevation_difference", round(split.elevationDifference(), 1));
        json.put("moving_time", split.movingTime());
        json.put("split", split.split());
        json.put("average_speed", round(split.averageSpeed(), 2));
        json.put("pace_zone", 0);
        return json;
    }

    static Map<String, Object> meta(long id) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("resource_state", 1);
        return json;
    }

    private static List<Double> latLng(LatLng position) {
        return position == null ? List.of() : List.of(round(position.latitude(), 6), round(position.longitude(), 6));
    }

    private static double kilojoules(Measures m) {
        return m.averageWatts().orElse(0) * m.movingTime() / 1000;
    }

    /** Kilojoules of work are about as many kilocalories burnt (a body is about 24% efficient); 0 without power. */
    private static double calories(Measures m) {
        return round(kilojoules(m), 1);
    }

    private static Map<String, Object> photos() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("primary", null);
        json.put("count", 0);
        return json;
    }

    private static List<Map<String, String>> statsVisibility() {
        return List.of("heart_rate", "pace", "power", "speed", "calories").stream()
                .map(type -> {
                    Map<String, String> json = new LinkedHashMap<>();
                    json.put("type", type);
                    json.put("visibility", "everyone");
                    return json;
                })
                .toList();
    }

    private static void putIfPresent(Map<String, Object> json, String key, OptionalDouble value, int decimals) {
        if (value.isPresent()) {
            json.put(key, round(value.getAsDouble(), decimals));
        }
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
