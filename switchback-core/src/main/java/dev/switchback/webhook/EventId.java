package dev.switchback.webhook;

import dev.switchback.store.Id;
import java.util.Optional;

/** An outbox event's id: its place in its subscription's delivery order. */
public record EventId(long value) implements Id {
    public static Optional<EventId> parse(String raw) {
        try {
            long value = Long.parseLong(raw);
            return value > 0 ? Optional.of(new EventId(value)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
