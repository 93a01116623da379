package dev.switchback.api.club;

import dev.switchback.api.ObjectIds;
import dev.switchback.store.Id;

/** A club's id. */
public record ClubId(long value) implements Id {
    /** The id in a path; anything but a positive integer is {@code Club/id/invalid}, a 404. */
    public static ClubId parse(String raw) {
        return new ClubId(ObjectIds.parse(raw, "Club"));
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
