package dev.switchback.api.segment;

import dev.switchback.api.ObjectIds;
import dev.switchback.store.Id;

/** A segment's id. */
public record SegmentId(long value) implements Id {
    /** The id in a path; anything but a positive integer is {@code Segment/id/invalid}, a 404. */
    public static SegmentId parse(String raw) {
        return new SegmentId(ObjectIds.parse(raw, "Segment"));
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
