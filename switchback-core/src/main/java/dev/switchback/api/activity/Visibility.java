package dev.switchback.api.activity;

import java.util.Locale;
import java.util.Optional;

/** Who may see an activity (contract#activity-visibility): {@code private} on the wire is true iff {@link #ONLY_ME}. */
public enum Visibility {
    EVERYONE,
    FOLLOWERS_ONLY,
    ONLY_ME;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Visibility> fromWireName(String value) {
        for (Visibility visibility : values()) {
            if (visibility.wireName().equals(value)) {
                return Optional.of(visibility);
            }
        }
        return Optional.empty();
    }
}
