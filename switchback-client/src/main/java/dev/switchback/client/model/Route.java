package dev.switchback.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Strava's Route: {@code GET /routes/{id}} (the map with the full polyline) and the items of
 * {@code GET /athletes/{id}/routes} (the summary polyline only).
 *
 * @param athlete             the route's owner (a SummaryAthlete)
 * @param description         its description
 * @param distance            metres
 * @param elevationGain       metres
 * @param id                  the route's id
 * @param idStr               the same, as a string
 * @param map                 its path
 * @param name                its name
 * @param isPrivate           whether it is private ({@code private} on the wire)
 * @param starred             whether the owner starred it
 * @param timestamp           when it was made, epoch seconds
 * @param type                1 ride, 2 run
 * @param subType             1 road, 2 mountain bike, 3 cross, 4 trail, 5 mixed
 * @param createdAt           when it was made
 * @param updatedAt           when it last changed
 * @param estimatedMovingTime seconds
 * @param segments            the segments it passes
 * @param waypoints           its waypoints
 */
public record Route(
        Optional<Athlete> athlete,
        Optional<String> description,
        double distance,
        double elevationGain,
        long id,
        Optional<String> idStr,
        Optional<PolylineMap> map,
        Optional<String> name,
        @JsonProperty("private") boolean isPrivate,
        boolean starred,
        OptionalLong timestamp,
        int type,
        int subType,
        Optional<Instant> createdAt,
        Optional<Instant> updatedAt,
        OptionalLong estimatedMovingTime,
        List<Segment> segments,
        List<Waypoint> waypoints) {
    /** Absent lists become empty ones. */
    public Route {
        segments = Lists.orEmpty(segments);
        waypoints = Lists.orEmpty(waypoints);
    }

    /**
     * Strava's Waypoint: a point of interest along a route.
     *
     * @param latlng            where it is
     * @param targetLatlng      where the route passes nearest
     * @param categories        its categories
     * @param title             its title
     * @param description       its description
     * @param distanceIntoRoute metres from the start
     */
    public record Waypoint(
            List<Double> latlng,
            List<Double> targetLatlng,
            List<String> categories,
            Optional<String> title,
            Optional<String> description,
            double distanceIntoRoute) {
        /** Absent lists become empty ones. */
        public Waypoint {
            latlng = Lists.orEmpty(latlng);
            targetLatlng = Lists.orEmpty(targetLatlng);
            categories = Lists.orEmpty(categories);
        }
    }
}
