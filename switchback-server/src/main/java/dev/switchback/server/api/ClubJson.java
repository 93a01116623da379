package dev.switchback.server.api;

import dev.switchback.api.club.Club;
import dev.switchback.api.club.ClubMember;
import dev.switchback.api.club.ClubView;
import dev.switchback.api.club.Membership;
import dev.switchback.athlete.AthleteId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Strava's club representations: SummaryClub (resource_state 2), DetailedClub (3) and ClubAthlete. */
public final class ClubJson {
    private ClubJson() {}

    /**
     * An item of {@code GET /athlete/clubs}: the summary, with the athlete's membership as real
     * responses carry it.
     */
    public static Map<String, Object> summary(ClubView view) {
        Map<String, Object> json = base(view.club(), 2);
        putMembership(json, view.membership());
        return json;
    }

    /** {@code GET /clubs/{id}}. */
    public static Map<String, Object> detailed(ClubView view) {
        Club club = view.club();
        Map<String, Object> json = base(club, 3);
        putMembership(json, view.membership());
        json.put("description", club.description());
        json.put("club_type", "casual_club");
        json.put("owner_id", club.ownerId().map(AthleteId::value).orElse(null));
        json.put("following_count", 0);
        return json;
    }

    /** An item of {@code GET /clubs/{id}/members}: first name and the initial of the last, as Strava shows them. */
    public static Map<String, Object> member(ClubMember member) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("resource_state", 2);
        json.put("firstname", member.firstname());
        json.put(
                "lastname", member.lastname().isEmpty() ? "" : member.lastname().substring(0, 1) + ".");
        json.put("membership", "member");
        json.put("admin", member.admin());
        json.put("owner", member.owner());
        return json;
    }

    private static Map<String, Object> base(Club club, int resourceState) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", club.id().value());
        json.put("resource_state", resourceState);
        json.put("name", club.name());
        json.put("profile_medium", "avatar/club/medium.png");
        json.put("profile", "avatar/club/large.png");
        json.put("cover_photo", null);
        json.put("cover_photo_small", null);
        json.put("sport_type", club.sportType().wireName());
        json.put("activity_types", club.sportType().activityTypes());
        json.put("city", club.city().orElse(null));
        json.put("state", club.state().orElse(null));
        json.put("country", club.country().orElse(null));
        json.put("private", club.isPrivate());
        json.put("member_count", club.memberCount());
        json.put("featured", club.featured());
        json.put("verified", club.verified());
        json.put("url", club.url().orElse(club.id().toString()));
        return json;
    }

    private static void putMembership(Map<String, Object> json, Optional<Membership> membership) {
        json.put("membership", membership.isPresent() ? "member" : null);
        json.put("admin", membership.map(Membership::admin).orElse(false));
        json.put("owner", membership.map(Membership::owner).orElse(false));
    }
}
