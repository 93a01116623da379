package dev.switchback.api.segment;

import java.util.Optional;

/**
 * A segment as one athlete sees it: whether they starred it, and their own record on it when the
 * token may see athlete-specific data ({@code read_all}); empty otherwise.
 */
public record SegmentView(Segment segment, boolean starred, Optional<AthleteSegmentStats> athleteStats) {}
