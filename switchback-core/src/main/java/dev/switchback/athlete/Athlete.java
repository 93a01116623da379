package dev.switchback.athlete;

import java.time.Instant;
import java.util.Optional;

/** An athlete account: what Strava shows of a person, plus the login name. */
public record Athlete(
        AthleteId id,
        String username,
        String firstname,
        String lastname,
        String bio,
        Optional<String> city,
        Optional<String> state,
        Optional<String> country,
        Optional<String> sex,
        Optional<Double> weight,
        Optional<Integer> ftp,
        boolean premium,
        Instant createdAt,
        Instant updatedAt) {}
