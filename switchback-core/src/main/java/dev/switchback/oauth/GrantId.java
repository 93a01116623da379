package dev.switchback.oauth;

import dev.switchback.store.Id;

/** A grant's id: one athlete's authorization of one app. */
public record GrantId(long value) implements Id {
    @Override
    public String toString() {
        return Long.toString(value);
    }
}
