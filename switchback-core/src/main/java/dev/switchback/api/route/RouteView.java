package dev.switchback.api.route;

import dev.switchback.api.segment.SegmentView;
import dev.switchback.athlete.Athlete;
import java.util.List;

/** A route as one athlete sees it: with its owner, and the segments on it that the viewer may see. */
public record RouteView(Route route, Athlete athlete, List<SegmentView> segments) {}
