package dev.switchback.client.model;

import java.util.Optional;

/**
 * Strava's MetaActivity: an activity by reference, as a lap or an effort names it.
 *
 * @param id            the activity's id
 * @param resourceState 1 (meta)
 * @param visibility    {@code everyone}, {@code followers_only} or {@code only_me}, where an effort carries it
 */
public record MetaActivity(long id, int resourceState, Optional<String> visibility) {}
