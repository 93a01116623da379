package dev.switchback.api.club;

import java.util.Optional;

/** A club as one athlete sees it: with their membership, if they belong to it. */
public record ClubView(Club club, Optional<Membership> membership) {}
