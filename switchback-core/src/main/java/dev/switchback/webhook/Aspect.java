package dev.switchback.webhook;

import java.util.Map;

/**
 * What one audience of an event is told: the {@code aspect_type} and the {@code updates} hash
 * (contract#webhook-events). Updates' values are strings, as Strava sends them ({@code "private":"true"}).
 */
public record Aspect(String aspectType, Map<String, String> updates) {
    public static Aspect create() {
        return new Aspect("create", Map.of());
    }

    public static Aspect delete() {
        return new Aspect("delete", Map.of());
    }

    public static Aspect update(Map<String, String> updates) {
        return new Aspect("update", updates);
    }
}
