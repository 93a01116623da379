package dev.switchback.webhook;

import dev.switchback.store.Id;
import java.util.Optional;

/** A push subscription's id. */
public record SubscriptionId(long value) implements Id {
    /** The id in a path or parameter, if it is a positive integer. */
    public static Optional<SubscriptionId> parse(String raw) {
        try {
            long value = Long.parseLong(raw);
            return value > 0 ? Optional.of(new SubscriptionId(value)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
