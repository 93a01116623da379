package dev.switchback.server.api;

import dev.switchback.api.activity.ActivityId;
import dev.switchback.api.geo.LatLng;
import dev.switchback.api.segment.AthleteSegmentStats;
import dev.switchback.api.segment.ClimbCategory;
import dev.switchback.api.segment.Segment;
import dev.switchback.api.segment.SegmentView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Strava's segment representations: SummarySegment (resource_state 2), DetailedSegment (3) and the
 * explorer's ExplorerSegment. The athlete's own record appears only when the service put it in the view
 * (a token with {@code read_all}).
 */
public final class SegmentJson {
    private SegmentJson() {}

    public static Map<String, Object> summary(SegmentView view) {
        Map<String, Object> json = base(view, 2);
        view.athleteStats().ifPresent(stats -> putAthleteData(json, stats));
        return json;
    }

    public static Map<String, Object> detailed(SegmentView view) {
        Segment segment = view.segment();
        Map<String, Object> json = base(view, 3);
        json.put("created_at", AthleteJson.iso(segment.createdAt()));
        json.put("updated_at", AthleteJson.iso(segment.updatedAt()));
        json.put("total_elevation_gain", segment.totalElevationGain());
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", "s" + segment.id());
        map.put("polyline", segment.polyline());
        map.put("resource_state", 3);
        json.put("map", map);
        json.put("effort_count", segment.effortCount());
        json.put("athlete_count", segment.athleteCount());
        json.put("star_count", segment.starCount());
        view.athleteStats().ifPresent(stats -> putAthleteData(json, stats));
        return json;
    }

    /** {@code GET /segments/explore}: {@code {"segments":[ExplorerSegment...]}}. */
    public static Map<String, Object> explorer(List<SegmentView> views) {
        return Map.of(
                "segments", views.stream().map(SegmentJson::explorerSegment).toList());
    }

    private static Map<String, Object> explorerSegment(SegmentView view) {
        Segment segment = view.segment();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", segment.id().value());
        json.put("resource_state", 2);
        json.put("name", segment.name());
        json.put("climb_category", segment.climbCategory());
        json.put("climb_category_desc", ClimbCategory.description(segment.climbCategory()));
        json.put("avg_grade", segment.averageGrade());
        json.put("start_latlng", latlng(segment.start()));
        json.put("end_latlng", latlng(segment.end()));
        json.put("elev_difference", elevationDifference(segment));
        json.put("distance", segment.distance());
        json.put("points", segment.polyline());
        json.put("starred", view.starred());
        return json;
    }

    private static Map<String, Object> base(SegmentView view, int resourceState) {
        Segment segment = view.segment();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", segment.id().value());
        json.put("resource_state", resourceState);
        json.put("name", segment.name());
        json.put("activity_type", segment.activityType().wireName());
        json.put("distance", segment.distance());
        json.put("average_grade", segment.averageGrade());
        json.put("maximum_grade", segment.maximumGrade());
        json.put("elevation_high", orNull(segment.elevationHigh()));
        json.put("elevation_low", orNull(segment.elevationLow()));
        json.put("start_latlng", latlng(segment.start()));
        json.put("end_latlng", latlng(segment.end()));
        json.put("climb_category", segment.climbCategory());
        json.put("city", segment.city().orElse(null));
        json.put("state", segment.state().orElse(null));
        json.put("country", segment.country().orElse(null));
        json.put("private", segment.isPrivate());
        json.put("hazardous", segment.hazardous());
        json.put("starred", view.starred());
        return json;
    }

    /**
     * {@code athlete_segment_stats} always (for {@code read_all}); {@code athlete_pr_effort} when there is a record.
     * The stats keep the shape of Strava's examples and real responses, {@code pr_elapsed_time}, {@code pr_date}
     * (the day, where it was ridden) and {@code effort_count}, not the schema's SummarySegmentEffort
     * (contract#athlete-segment-stats).
     */
    private static void putAthleteData(Map<String, Object> json, AthleteSegmentStats stats) {
        Map<String, Object> segmentStats = new LinkedHashMap<>();
        segmentStats.put(
                "pr_elapsed_time",
                stats.prElapsedTime().map(java.time.Duration::toSeconds).orElse(null));
        segmentStats.put(
                "pr_date",
                stats.prLocalDate().map(java.time.LocalDate::toString).orElse(null));
        segmentStats.put("effort_count", stats.effortCount());
        if (stats.prElapsedTime().isPresent()) {
            Map<String, Object> pr = new LinkedHashMap<>();
            pr.put("pr_activity_id", stats.prActivityId().map(ActivityId::value).orElse(null));
            pr.put("pr_elapsed_time", stats.prElapsedTime().get().toSeconds());
            pr.put("pr_date", stats.prDate().map(AthleteJson::iso).orElse(null));
            pr.put("effort_count", stats.effortCount());
            json.put("athlete_pr_effort", pr);
        }
        json.put("athlete_segment_stats", segmentStats);
    }

    private static double elevationDifference(Segment segment) {
        if (segment.elevationHigh().isEmpty() || segment.elevationLow().isEmpty()) {
            return 0;
        }
        return Math.round((segment.elevationHigh().getAsDouble()
                                - segment.elevationLow().getAsDouble())
                        * 10)
                / 10.0;
    }

    static List<Double> latlng(LatLng position) {
        return List.of(position.latitude(), position.longitude());
    }

    private static Double orNull(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }
}
