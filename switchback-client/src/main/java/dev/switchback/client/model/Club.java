package dev.switchback.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Strava's SummaryClub ({@code resource_state} 2, the items of {@code GET /athlete/clubs}) and DetailedClub
 * (3, {@code GET /clubs/{id}}). The detailed-only fields are empty in a summary.
 *
 * @param id              the club's id
 * @param resourceState   2 (summary) or 3 (detailed)
 * @param name            the club's name
 * @param profileMedium   the URL of a 60 px picture
 * @param profile         the URL of a 124 px picture
 * @param coverPhoto      the URL of the cover photo
 * @param coverPhotoSmall the URL of a small cover photo
 * @param sportType       {@code cycling}, {@code running}, {@code triathlon} or {@code other}
 * @param activityTypes   Strava's ActivityType values the club is about
 * @param city            city
 * @param state           state or region
 * @param country         country
 * @param isPrivate       whether the club is private ({@code private} on the wire)
 * @param memberCount     how many members
 * @param featured        featured by Strava
 * @param verified        verified by Strava
 * @param url             the vanity URL
 * @param membership      {@code member} or {@code pending} for the authenticated athlete, else empty
 * @param admin           whether the authenticated athlete administers it
 * @param owner           whether the authenticated athlete owns it
 * @param description     detailed only
 * @param clubType        detailed only, e.g. {@code casual_club}
 * @param ownerId         detailed only
 * @param followingCount  detailed only: members the authenticated athlete follows
 */
public record Club(
        long id,
        int resourceState,
        Optional<String> name,
        Optional<String> profileMedium,
        Optional<String> profile,
        Optional<String> coverPhoto,
        Optional<String> coverPhotoSmall,
        Optional<String> sportType,
        List<String> activityTypes,
        Optional<String> city,
        Optional<String> state,
        Optional<String> country,
        @JsonProperty("private") boolean isPrivate,
        int memberCount,
        boolean featured,
        boolean verified,
        Optional<String> url,
        Optional<String> membership,
        boolean admin,
        boolean owner,
        Optional<String> description,
        Optional<String> clubType,
        OptionalLong ownerId,
        OptionalInt followingCount) {
    /** An absent list becomes an empty one. */
    public Club {
        activityTypes = Lists.orEmpty(activityTypes);
    }
}
