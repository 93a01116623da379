package dev.switchback.api.activity;

import java.util.Optional;

/**
 * Strava's sport types (2026 swagger, contract#sport-types), each with the deprecated {@code type} (ActivityType)
 * that older clients still read: the new sport types fold into the nearest old one
 * (MountainBikeRide and GravelRide are a Ride, TrailRun a Run, racket sports a Workout).
 */
public enum SportType {
    AlpineSki,
    BackcountrySki,
    Badminton("Workout"),
    Basketball("Workout"),
    Canoeing,
    Cricket("Workout"),
    Crossfit,
    Dance("Workout"),
    EBikeRide,
    Elliptical,
    EMountainBikeRide("EBikeRide"),
    Golf,
    GravelRide("Ride"),
    Handcycle,
    HighIntensityIntervalTraining("Workout"),
    Hike,
    IceSkate,
    InlineSkate,
    Kayaking,
    Kitesurf,
    MountainBikeRide("Ride"),
    NordicSki,
    Padel("Workout"),
    PhysicalTherapy("Workout"),
    Pickleball("Workout"),
    Pilates("Workout"),
    Racquetball("Workout"),
    Ride,
    RockClimbing,
    RollerSki,
    Rowing,
    Run,
    Sail,
    Skateboard,
    Snowboard,
    Snowshoe,
    Soccer,
    Squash("Workout"),
    StairStepper,
    StandUpPaddling,
    Surfing,
    Swim,
    TableTennis("Workout"),
    Tennis("Workout"),
    TrailRun("Run"),
    Velomobile,
    VirtualRide,
    VirtualRow("Rowing"),
    VirtualRun,
    Volleyball("Workout"),
    Walk,
    WeightTraining,
    Wheelchair,
    Windsurf,
    Workout,
    Yoga;

    private final String activityType;

    SportType() {
        this.activityType = null;
    }

    SportType(String activityType) {
        this.activityType = activityType;
    }

    /** The deprecated {@code type} field: the ActivityType this sport type belongs to. */
    public String activityType() {
        return activityType == null ? name() : activityType;
    }

    /** "Ride", "Mountain Bike Ride": for default activity names. */
    public String label() {
        return name().replaceAll("(?<=[a-z])(?=[A-Z])", " ");
    }

    /** Exactly one of Strava's sport type names, case as on the wire. */
    public static Optional<SportType> fromWireName(String value) {
        for (SportType type : values()) {
            if (type.name().equals(value)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /**
     * A deprecated {@code type} value (an ActivityType) as a sport type: every ActivityType is also a
     * sport type of the same name.
     */
    public static Optional<SportType> fromActivityType(String value) {
        return fromWireName(value).filter(type -> type.activityType == null);
    }
}
