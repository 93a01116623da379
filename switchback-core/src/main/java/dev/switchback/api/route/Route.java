package dev.switchback.api.route;

import java.time.Duration;
import java.time.Instant;

/** A route as stored: one athlete's planned path, with what was measured from its points. */
public record Route(
        RouteId id,
        long athleteId,
        String name,
        String description,
        RouteType type,
        RouteSubType subType,
        boolean isPrivate,
        boolean starred,
        double distance,
        double elevationGain,
        Duration estimatedMovingTime,
        String polyline,
        String summaryPolyline,
        Instant createdAt,
        Instant updatedAt) {

    /**
     * Whether an athlete may see it: a public route anyone may (as on Strava, routes are shared by
     * link); a private one only its owner, with {@code read_all} (spec §7.5).
     */
    public boolean visibleTo(long viewerId, boolean readAll) {
        return !isPrivate || (readAll && athleteId == viewerId);
    }
}
