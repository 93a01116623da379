package dev.switchback.api.club;

/** A member as {@code GET /clubs/{id}/members} lists them. */
public record ClubMember(long athleteId, String firstname, String lastname, boolean admin, boolean owner) {}
