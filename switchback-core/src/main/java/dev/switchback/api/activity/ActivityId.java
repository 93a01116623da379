package dev.switchback.api.activity;

import dev.switchback.api.ObjectIds;
import dev.switchback.store.Id;

/** An activity's id. */
public record ActivityId(long value) implements Id {
    /** The id in a path; anything but a positive integer is {@code Activity/id/invalid}, a 404. */
    public static ActivityId parse(String raw) {
        return new ActivityId(ObjectIds.parse(raw, "Activity"));
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
