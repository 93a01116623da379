package dev.switchback.server.api;

import dev.switchback.api.activity.ActivityStats;
import dev.switchback.athlete.Athlete;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Strava's athlete representations, in the key order of real responses (contract#summary-athlete, contract#detailed-athlete). */
public final class AthleteJson {
    private AthleteJson() {}

    /** SummaryAthlete, {@code resource_state} 2. */
    public static Map<String, Object> summary(Athlete athlete) {
        return base(athlete, 2);
    }

    /** DetailedAthlete, {@code resource_state} 3: the summary and the private profile fields. */
    public static Map<String, Object> detailed(Athlete athlete) {
        Map<String, Object> json = base(athlete, 3);
        json.put("blocked", false);
        json.put("can_follow", true);
        json.put("follower_count", 0);
        json.put("friend_count", 0);
        json.put("mutual_friend_count", 0);
        json.put("athlete_type", 0);
        json.put("date_preference", "%m/%d/%Y");
        json.put("measurement_preference", "meters");
        json.put("clubs", List.of());
        json.put("postable_clubs_count", 0);
        json.put("ftp", athlete.ftp().orElse(null));
        json.put("bikes", List.of());
        json.put("shoes", List.of());
        return json;
    }

    private static Map<String, Object> base(Athlete athlete, int resourceState) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", athlete.id().value());
        json.put("username", athlete.username());
        json.put("resource_state", resourceState);
        json.put("firstname", athlete.firstname());
        json.put("lastname", athlete.lastname());
        json.put("bio", athlete.bio());
        json.put("city", athlete.city().orElse(null));
        json.put("state", athlete.state().orElse(null));
        json.put("country", athlete.country().orElse(null));
        json.put("sex", athlete.sex().orElse(null));
        json.put("premium", athlete.premium());
        json.put("summit", athlete.premium());
        json.put("created_at", iso(athlete.createdAt()));
        json.put("updated_at", iso(athlete.updatedAt()));
        json.put("badge_type_id", athlete.premium() ? 1 : 0);
        json.put("weight", athlete.weight().orElse(null));
        json.put("profile_medium", "avatar/athlete/medium.png");
        json.put("profile", "avatar/athlete/large.png");
        json.put("friend", null);
        json.put("follower", null);
        return json;
    }

    /**
     * {@code GET /athlete/zones}: heart-rate zones at 60, 80, 90 and 100% of a maximum of 190 bpm (Switchback
     * knows no age or measured maximum), and, with an FTP, Strava's seven power zones (55, 75, 90, 105,
     * 120 and 150% of FTP), in the shape of a real response (contract#scope-matrix).
     */
    public static Map<String, Object> zones(Athlete athlete) {
        Map<String, Object> json = new LinkedHashMap<>();
        Map<String, Object> heartRate = new LinkedHashMap<>();
        heartRate.put("custom_zones", false);
        heartRate.put("zones", zones(MAX_HEARTRATE, new double[] {0.6, 0.8, 0.9, 1.0}, false));
        json.put("heart_rate", heartRate);
        athlete.ftp()
                .ifPresent(ftp -> json.put(
                        "power", Map.of("zones", zones(ftp, new double[] {0.55, 0.75, 0.9, 1.05, 1.2, 1.5}, true))));
        return json;
    }

    private static final int MAX_HEARTRATE = 190;

    /** Zones split at {@code reference} times each fraction; the last is open ({@code max} -1). */
    private static List<Map<String, Integer>> zones(int reference, double[] fractions, boolean nextStartsAbove) {
        List<Map<String, Integer>> zones = new java.util.ArrayList<>();
        int min = 0;
        for (double fraction : fractions) {
            int max = (int) Math.round(reference * fraction);
            zones.add(zone(min, max));
            min = nextStartsAbove ? max + 1 : max;
        }
        zones.add(zone(min, -1));
        return zones;
    }

    private static Map<String, Integer> zone(int min, int max) {
        Map<String, Integer> zone = new LinkedHashMap<>();
        zone.put("min", min);
        zone.put("max", max);
        return zone;
    }

    /** ActivityStats in the key order of a real 2025 response, after the two "biggest" keys (contract#activity-stats). */
    public static Map<String, Object> stats(ActivityStats stats) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("biggest_ride_distance", stats.biggestRideDistance());
        json.put("biggest_climb_elevation_gain", stats.biggestClimbElevationGain());
        json.put("recent_ride_totals", totals(stats.recentRide(), true));
        json.put("all_ride_totals", totals(stats.allRide(), false));
        json.put("recent_run_totals", totals(stats.recentRun(), true));
        json.put("all_run_totals", totals(stats.allRun(), false));
        json.put("recent_swim_totals", totals(stats.recentSwim(), true));
        json.put("all_swim_totals", totals(stats.allSwim(), false));
        json.put("ytd_ride_totals", totals(stats.ytdRide(), false));
        json.put("ytd_run_totals", totals(stats.ytdRun(), false));
        json.put("ytd_swim_totals", totals(stats.ytdSwim(), false));
        return json;
    }

    private static Map<String, Object> totals(ActivityStats.Totals totals, boolean recent) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("count", totals.count());
        json.put("distance", totals.distance());
        json.put("moving_time", totals.movingTime());
        json.put("elapsed_time", totals.elapsedTime());
        json.put("elevation_gain", totals.elevationGain());
        if (recent) {
            json.put("achievement_count", 0);
        }
        return json;
    }

    static String iso(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
