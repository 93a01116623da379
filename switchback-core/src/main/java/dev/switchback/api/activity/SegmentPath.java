package dev.switchback.api.activity;

import dev.switchback.api.geo.LatLng;
import dev.switchback.api.segment.SegmentId;

/** What matching needs of a segment: where it starts and ends, and how long it is. */
record SegmentPath(SegmentId id, LatLng start, LatLng end, double distance) {}
