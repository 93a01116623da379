package dev.switchback.api.activity;

import dev.switchback.api.segment.SegmentView;
import java.util.List;

/**
 * An activity as {@code GET /activities/{id}} shows it: with the full polyline, the laps, the kilometre and
 * mile splits (none for a manual activity), and its segment efforts (each with its segment as the viewer sees
 * it) and best efforts (contract#segment-efforts).
 */
public record DetailedActivity(
        Activity activity,
        String polyline,
        List<Lap> laps,
        List<Split> splitsMetric,
        List<Split> splitsStandard,
        List<Effort> segmentEfforts,
        List<BestEffort> bestEfforts) {
    public DetailedActivity {
        laps = List.copyOf(laps);
        splitsMetric = List.copyOf(splitsMetric);
        splitsStandard = List.copyOf(splitsStandard);
        segmentEfforts = List.copyOf(segmentEfforts);
        bestEfforts = List.copyOf(bestEfforts);
    }

    /** A segment effort and its segment. */
    public record Effort(SegmentEffort effort, SegmentView segment) {}
}
