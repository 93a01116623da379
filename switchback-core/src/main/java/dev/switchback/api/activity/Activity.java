package dev.switchback.api.activity;

import dev.switchback.athlete.AthleteId;
import java.time.Instant;

/** A stored activity. */
public record Activity(
        ActivityId id,
        AthleteId athleteId,
        ActivityDetails details,
        StartTime start,
        Measures measures,
        ActivityMap map,
        ActivitySource source,
        Instant createdAt,
        Instant updatedAt) {

    /** The same activity with another map (a view of it trimmed by privacy zones). */
    public Activity withMap(ActivityMap other) {
        return new Activity(id, athleteId, details, start, measures, other, source, createdAt, updatedAt);
    }
}
