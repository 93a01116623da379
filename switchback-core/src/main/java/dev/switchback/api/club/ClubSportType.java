package dev.switchback.api.club;

import dev.switchback.api.activity.SportType;
import java.util.List;
import java.util.Optional;

/**
 * A club's {@code sport_type}, and the activity types its feed counts ({@code activity_types}). Strava's
 * schema types {@code activity_types} as ActivityType, not SportType (contract#club-activity-types): each
 * club lists the sport types it counts, written as the ActivityType each belongs to, once each, so that a
 * MountainBikeRide counts as the Ride it is and typed clients (stravalib) can read the list.
 */
public enum ClubSportType {
    CYCLING(
            "cycling",
            List.of(
                    SportType.Ride,
                    SportType.MountainBikeRide,
                    SportType.GravelRide,
                    SportType.VirtualRide,
                    SportType.EBikeRide,
                    SportType.EMountainBikeRide,
                    SportType.Velomobile,
                    SportType.Handcycle)),
    RUNNING(
            "running",
            List.of(
                    SportType.Run,
                    SportType.TrailRun,
                    SportType.VirtualRun,
                    SportType.Walk,
                    SportType.Hike,
                    SportType.Wheelchair)),
    TRIATHLON(
            "triathlon",
            List.of(SportType.Ride, SportType.Run, SportType.Swim, SportType.VirtualRide, SportType.VirtualRun)),
    OTHER("other", List.of());

    private final String wireName;
    private final List<String> activityTypes;

    ClubSportType(String wireName, List<SportType> sports) {
        this.wireName = wireName;
        this.activityTypes =
                sports.stream().map(SportType::activityType).distinct().toList();
    }

    public String wireName() {
        return wireName;
    }

    /** Strava's ActivityType names, in the order of Strava's example ("Ride", "VirtualRide", "EBikeRide"...). */
    public List<String> activityTypes() {
        return activityTypes;
    }

    public static Optional<ClubSportType> fromWireName(String name) {
        for (ClubSportType type : values()) {
            if (type.wireName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
