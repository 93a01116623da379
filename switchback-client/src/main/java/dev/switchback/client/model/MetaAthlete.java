package dev.switchback.client.model;

/**
 * Strava's MetaAthlete: an athlete by reference, as an activity or a lap names its owner.
 *
 * @param id            the athlete's id
 * @param resourceState 1 (meta)
 */
public record MetaAthlete(long id, int resourceState) {}
