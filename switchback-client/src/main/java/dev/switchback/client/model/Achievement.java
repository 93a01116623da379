package dev.switchback.client.model;

import java.util.Optional;

/**
 * An achievement of an effort, such as a personal record: {@code {"type_id":3,"type":"pr","rank":1}}.
 *
 * @param typeId Strava's achievement type
 * @param type   e.g. {@code pr}
 * @param rank   the rank, 1 the best
 */
public record Achievement(int typeId, Optional<String> type, int rank) {}
