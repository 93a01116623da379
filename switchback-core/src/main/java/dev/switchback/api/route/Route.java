package dev.switchback.api.route;

import dev.switchback.athlete.AthleteId;
import java.time.Duration;
import java.time.Instant;

/**
 * A route as stored: one athlete's planned path, with what was measured from its points. Who may see it
 * is {@code Viewer}'s rule.
 */
public record Route(
        RouteId id,
        AthleteId athleteId,
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
        Instant updatedAt) {}
