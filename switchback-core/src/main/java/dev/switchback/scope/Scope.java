package dev.switchback.scope;

import java.util.Optional;

/**
 * Strava's seven scopes, in canonical order: {@code read} first, the rest alphabetically
 * (the order Strava returns granted scopes in, contract#scope-order, contract#scope-list). Labels are those of Strava's consent page.
 */
public enum Scope {
    READ("read", "View data about your public profile (required)"),
    ACTIVITY_READ("activity:read", "View data about your activities"),
    ACTIVITY_READ_ALL("activity:read_all", "View data about your private activities"),
    ACTIVITY_WRITE("activity:write", "Upload your activities from %s to Strava"),
    PROFILE_READ_ALL("profile:read_all", "View your complete Strava profile"),
    PROFILE_WRITE("profile:write", "Update your weight, Functional Threshold Power (FTP) and starred segments"),
    READ_ALL("read_all", "View data about your private routes, segments and events");

    private final String wireName;
    private final String label;

    Scope(String wireName, String label) {
        this.wireName = wireName;
        this.label = label;
    }

    public String wireName() {
        return wireName;
    }

    /** The human label shown on the consent page for the app named {@code appName}. */
    public String label(String appName) {
        return label.replace("%s", appName);
    }

    int bit() {
        return 1 << ordinal();
    }

    public static Optional<Scope> fromWireName(String name) {
        for (Scope scope : values()) {
            if (scope.wireName.equals(name)) {
                return Optional.of(scope);
            }
        }
        return Optional.empty();
    }
}
