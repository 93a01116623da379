package dev.switchback.api.segment;

import dev.switchback.api.geo.GeoPoint;
import dev.switchback.athlete.AthleteId;
import java.util.List;
import java.util.Optional;

/** What it takes to create a segment: its path (at least two points) and a few facts Strava shows. */
public record NewSegment(
        Optional<AthleteId> creatorId,
        String name,
        SegmentActivityType activityType,
        boolean isPrivate,
        boolean hazardous,
        List<GeoPoint> points,
        Optional<String> city,
        Optional<String> state,
        Optional<String> country) {

    public NewSegment {
        if (name == null || name.isBlank() || name.length() > 255) {
            throw new IllegalArgumentException("a segment needs a name of 1 to 255 characters (got '" + name + "')");
        }
        if (points.size() < 2) {
            throw new IllegalArgumentException("a segment needs at least two points (got " + points.size() + ")");
        }
        points = List.copyOf(points);
    }

    /** A public segment with no creator and no place names. */
    public static NewSegment of(String name, SegmentActivityType type, List<GeoPoint> points) {
        return new NewSegment(
                Optional.empty(),
                name,
                type,
                false,
                false,
                points,
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    public NewSegment createdBy(AthleteId athleteId) {
        return new NewSegment(
                Optional.of(athleteId), name, activityType, isPrivate, hazardous, points, city, state, country);
    }

    public NewSegment asPrivate() {
        return new NewSegment(creatorId, name, activityType, true, hazardous, points, city, state, country);
    }

    public NewSegment in(String city, String state, String country) {
        return new NewSegment(
                creatorId,
                name,
                activityType,
                isPrivate,
                hazardous,
                points,
                Optional.of(city),
                Optional.of(state),
                Optional.of(country));
    }
}
