package dev.switchback.api.activity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.testing.UnitTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where Strava's schema says ActivityType, only ActivityType values are written (contract#club-activity-types). */
@UnitTest
public class SportTypeTest {
    /** Strava's ActivityType enum (2026 swagger, as stravalib's generated model has it). */
    public static final List<String> STRAVA_ACTIVITY_TYPES = List.of(
            "AlpineSki",
            "BackcountrySki",
            "Canoeing",
            "Crossfit",
            "EBikeRide",
            "Elliptical",
            "Golf",
            "Handcycle",
            "Hike",
            "IceSkate",
            "InlineSkate",
            "Kayaking",
            "Kitesurf",
            "NordicSki",
            "Ride",
            "RockClimbing",
            "RollerSki",
            "Rowing",
            "Run",
            "Sail",
            "Skateboard",
            "Snowboard",
            "Snowshoe",
            "Soccer",
            "StairStepper",
            "StandUpPaddling",
            "Surfing",
            "Swim",
            "Velomobile",
            "VirtualRide",
            "VirtualRun",
            "Walk",
            "WeightTraining",
            "Wheelchair",
            "Windsurf",
            "Workout",
            "Yoga");

    @Test
    void everySportType_hasAnActivityTypeOfStravasEnum() {
        for (SportType sport : SportType.values()) {
            assertThat(STRAVA_ACTIVITY_TYPES).as(sport.name()).contains(sport.activityType());
        }
    }

    @Test
    void fromActivityType_acceptsExactlyStravasActivityTypes() {
        for (SportType sport : SportType.values()) {
            assertThat(SportType.fromActivityType(sport.name()).isPresent())
                    .as(sport.name())
                    .isEqualTo(STRAVA_ACTIVITY_TYPES.contains(sport.name()));
        }
    }
}
