package dev.switchback.server.api;

import dev.switchback.athlete.Athlete;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Strava's athlete representations, in the key order of real responses (spec §8.1, §8.2). */
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
        json.put("ftp", null);
        json.put("bikes", List.of());
        json.put("shoes", List.of());
        return json;
    }

    private static Map<String, Object> base(Athlete athlete, int resourceState) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", athlete.id());
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

    static String iso(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
