package dev.switchback.api.activity;

import java.util.List;

/**
 * An activity as {@code GET /activities/{id}} shows it: with the full polyline, the laps and the
 * kilometre and mile splits (none for a manual activity).
 */
public record DetailedActivity(
        Activity activity, String polyline, List<Lap> laps, List<Split> splitsMetric, List<Split> splitsStandard) {
    public DetailedActivity {
        laps = List.copyOf(laps);
        splitsMetric = List.copyOf(splitsMetric);
        splitsStandard = List.copyOf(splitsStandard);
    }
}
