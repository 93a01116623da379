package dev.switchback.api.route;

import dev.switchback.api.ObjectIds;
import dev.switchback.store.Id;

/** A route's id. */
public record RouteId(long value) implements Id {
    /** The id in a path; anything but a positive integer is {@code Route/id/invalid}, a 404. */
    public static RouteId parse(String raw) {
        return new RouteId(ObjectIds.parse(raw, "Route"));
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
