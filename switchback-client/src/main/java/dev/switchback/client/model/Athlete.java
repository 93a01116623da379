package dev.switchback.client.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Strava's SummaryAthlete ({@code resource_state} 2) and DetailedAthlete (3): {@code GET /athlete} answers
 * the detailed one to a token with {@code profile:read_all}. The detailed-only fields are empty in a summary.
 *
 * @param id                    the athlete's id
 * @param username              the athlete's username
 * @param resourceState         2 (summary) or 3 (detailed)
 * @param firstname             first name
 * @param lastname              last name
 * @param bio                   the profile text
 * @param city                  city
 * @param state                 state or region
 * @param country               country
 * @param sex                   {@code M} or {@code F}
 * @param premium               deprecated by Strava: the same as {@code summit}
 * @param summit                whether the athlete subscribes
 * @param createdAt             when the account was made
 * @param updatedAt             when the profile last changed
 * @param badgeTypeId           Strava's badge
 * @param weight                kilograms
 * @param profileMedium         the URL of a 62 px picture
 * @param profile               the URL of a 124 px picture
 * @param friend                the authenticated athlete's follow status of this one
 * @param follower              this athlete's follow status of the authenticated one
 * @param blocked               detailed only
 * @param canFollow             detailed only
 * @param followerCount         detailed only
 * @param friendCount           detailed only
 * @param mutualFriendCount     detailed only
 * @param athleteType           detailed only: 0 cyclist, 1 runner
 * @param datePreference        detailed only, e.g. {@code %m/%d/%Y}
 * @param measurementPreference detailed only: {@code feet} or {@code meters}
 * @param clubs                 detailed only: the athlete's clubs (empty in a summary)
 * @param postableClubsCount    detailed only
 * @param ftp                   detailed only: functional threshold power, watts
 * @param bikes                 detailed only (empty in a summary)
 * @param shoes                 detailed only (empty in a summary)
 */
public record Athlete(
        long id,
        Optional<String> username,
        int resourceState,
        Optional<String> firstname,
        Optional<String> lastname,
        Optional<String> bio,
        Optional<String> city,
        Optional<String> state,
        Optional<String> country,
        Optional<String> sex,
        boolean premium,
        boolean summit,
        Optional<Instant> createdAt,
        Optional<Instant> updatedAt,
        OptionalInt badgeTypeId,
        OptionalDouble weight,
        Optional<String> profileMedium,
        Optional<String> profile,
        Optional<String> friend,
        Optional<String> follower,
        Optional<Boolean> blocked,
        Optional<Boolean> canFollow,
        OptionalInt followerCount,
        OptionalInt friendCount,
        OptionalInt mutualFriendCount,
        OptionalInt athleteType,
        Optional<String> datePreference,
        Optional<String> measurementPreference,
        List<Club> clubs,
        OptionalInt postableClubsCount,
        OptionalInt ftp,
        List<Gear> bikes,
        List<Gear> shoes) {
    /** Absent lists become empty ones. */
    public Athlete {
        clubs = Lists.orEmpty(clubs);
        bikes = Lists.orEmpty(bikes);
        shoes = Lists.orEmpty(shoes);
    }
}
