package dev.switchback.api.club;

import java.util.List;
import java.util.Optional;

/** A club's {@code sport_type}, and the activity types its feed counts ({@code activity_types}). */
public enum ClubSportType {
    CYCLING(
            "cycling",
            List.of(
                    "Ride",
                    "EBikeRide",
                    "EMountainBikeRide",
                    "GravelRide",
                    "MountainBikeRide",
                    "VirtualRide",
                    "Velomobile",
                    "Handcycle")),
    RUNNING("running", List.of("Run", "TrailRun", "VirtualRun", "Walk", "Hike", "Wheelchair")),
    TRIATHLON("triathlon", List.of("Ride", "Run", "Swim", "VirtualRide", "VirtualRun")),
    OTHER("other", List.of());

    private final String wireName;
    private final List<String> activityTypes;

    ClubSportType(String wireName, List<String> activityTypes) {
        this.wireName = wireName;
        this.activityTypes = activityTypes;
    }

    public String wireName() {
        return wireName;
    }

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
