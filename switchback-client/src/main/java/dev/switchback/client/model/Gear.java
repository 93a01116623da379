package dev.switchback.client.model;

import java.util.Optional;

/**
 * Strava's SummaryGear: a bike or a pair of shoes of the athlete.
 *
 * @param id            the gear id, e.g. {@code b12345}
 * @param primary       whether it is the athlete's default
 * @param name          its name
 * @param resourceState 2
 * @param distance      metres done with it
 */
public record Gear(String id, boolean primary, Optional<String> name, int resourceState, double distance) {}
