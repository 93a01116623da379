package dev.switchback.api.activity;

import java.util.List;
import java.util.Optional;

/**
 * What an activity file gave, computed once when the activity is made: the streams, the measures,
 * the map and the laps (ids 0 until stored), and the start. A manual activity has no streams.
 */
public record Recording(
        Optional<Streams> streams, Measures measures, ActivityMap map, List<Lap> laps, StartTime start) {
    public Recording {
        laps = List.copyOf(laps);
    }
}
