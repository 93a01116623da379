package dev.switchback.resourceserver;

import dev.switchback.store.Id;
import java.util.Optional;

/** A resource server's id; its {@code client_id} on the wire is {@code rs-} and the number, apart from apps'. */
public record ResourceServerId(long value) implements Id {
    private static final String PREFIX = "rs-";

    /** The id of a {@code client_id} of the form {@code rs-123}; empty for anything else (an app's, say). */
    public static Optional<ResourceServerId> parse(String clientId) {
        if (clientId == null || !clientId.startsWith(PREFIX) || clientId.length() > PREFIX.length() + 18) {
            return Optional.empty();
        }
        String digits = clientId.substring(PREFIX.length());
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9') || digits.startsWith("0")) {
            return Optional.empty();
        }
        return Optional.of(new ResourceServerId(Long.parseLong(digits)));
    }

    /** The {@code client_id} it authenticates with. */
    public String clientId() {
        return PREFIX + value;
    }

    @Override
    public String toString() {
        return clientId();
    }
}
