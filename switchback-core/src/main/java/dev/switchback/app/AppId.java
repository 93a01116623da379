package dev.switchback.app;

import dev.switchback.store.Id;

/** An app's id: its {@code client_id}. */
public record AppId(long value) implements Id {
    @Override
    public String toString() {
        return Long.toString(value);
    }
}
