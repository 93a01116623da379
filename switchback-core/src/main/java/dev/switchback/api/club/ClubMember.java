package dev.switchback.api.club;

import dev.switchback.athlete.AthleteId;

/** A member as {@code GET /clubs/{id}/members} lists them. */
public record ClubMember(AthleteId athleteId, String firstname, String lastname, boolean admin, boolean owner) {}
