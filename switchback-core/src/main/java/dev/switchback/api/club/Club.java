package dev.switchback.api.club;

import dev.switchback.athlete.AthleteId;
import java.time.Instant;
import java.util.Optional;

/**
 * A club as stored. A private club is seen only by its members.
 *
 * @param url         the vanity name of the club's page, if it has one
 * @param memberCount how many athletes belong to it
 */
public record Club(
        ClubId id,
        String name,
        String description,
        ClubSportType sportType,
        Optional<String> city,
        Optional<String> state,
        Optional<String> country,
        boolean isPrivate,
        boolean featured,
        boolean verified,
        Optional<String> url,
        Optional<AthleteId> ownerId,
        long memberCount,
        Instant createdAt,
        Instant updatedAt) {}
