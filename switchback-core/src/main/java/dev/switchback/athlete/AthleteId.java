package dev.switchback.athlete;

import dev.switchback.store.Id;

/** An athlete's id. */
public record AthleteId(long value) implements Id {
    @Override
    public String toString() {
        return Long.toString(value);
    }
}
