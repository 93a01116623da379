package dev.switchback.api.track;

import com.garmin.fit.Sport;
import com.garmin.fit.SubSport;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Maps what each format calls its sport to Strava's {@code sport_type}; what has no clear match maps to nothing. */
final class SportTypes {
    /** GPX {@code <trk><type>}: free text, by convention the activity type names Garmin Connect and others write. */
    private static final Map<String, String> GPX_TYPES = Map.ofEntries(
            Map.entry("running", "Run"),
            Map.entry("run", "Run"),
            Map.entry("street_running", "Run"),
            Map.entry("treadmill_running", "Run"),
            Map.entry("track_running", "Run"),
            Map.entry("trail_running", "TrailRun"),
            Map.entry("cycling", "Ride"),
            Map.entry("biking", "Ride"),
            Map.entry("road_biking", "Ride"),
            Map.entry("road_cycling", "Ride"),
            Map.entry("ride", "Ride"),
            Map.entry("indoor_cycling", "Ride"),
            Map.entry("mountain_biking", "MountainBikeRide"),
            Map.entry("gravel_cycling", "GravelRide"),
            Map.entry("virtual_ride", "VirtualRide"),
            Map.entry("hiking", "Hike"),
            Map.entry("hike", "Hike"),
            Map.entry("walking", "Walk"),
            Map.entry("walk", "Walk"),
            Map.entry("swimming", "Swim"),
            Map.entry("swim", "Swim"),
            Map.entry("lap_swimming", "Swim"),
            Map.entry("open_water_swimming", "Swim"));

    private SportTypes() {}

    static Optional<String> fromGpxType(String type) {
        String key = type.strip().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
        return Optional.ofNullable(GPX_TYPES.get(key));
    }

    /** TCX {@code <Activity Sport>} is one of Running, Biking, Other. */
    static Optional<String> fromTcxSport(String sport) {
        return switch (sport.strip()) {
            case "Running" -> Optional.of("Run");
            case "Biking" -> Optional.of("Ride");
            default -> Optional.empty();
        };
    }

    /** FIT session or sport message: the sport, refined by the sub-sport where Strava has a type for it. */
    static Optional<String> fromFit(Sport sport, SubSport subSport) {
        if (sport == null) {
            return Optional.empty();
        }
        SubSport sub = subSport == null ? SubSport.GENERIC : subSport;
        return Optional.ofNullable(
                switch (sport) {
                    case RUNNING ->
                        sub == SubSport.TRAIL ? "TrailRun" : sub == SubSport.VIRTUAL_ACTIVITY ? "VirtualRun" : "Run";
                    case CYCLING ->
                        switch (sub) {
                            case MOUNTAIN, DOWNHILL -> "MountainBikeRide";
                            case GRAVEL_CYCLING -> "GravelRide";
                            case VIRTUAL_ACTIVITY -> "VirtualRide";
                            default -> "Ride";
                        };
                    case E_BIKING -> sub == SubSport.E_BIKE_MOUNTAIN ? "EMountainBikeRide" : "EBikeRide";
                    case HIKING -> "Hike";
                    case WALKING -> "Walk";
                    case SWIMMING -> "Swim";
                    case ROWING -> "Rowing";
                    case CROSS_COUNTRY_SKIING -> "NordicSki";
                    case ALPINE_SKIING -> "AlpineSki";
                    case SNOWBOARDING -> "Snowboard";
                    case KAYAKING -> "Kayaking";
                    case STAND_UP_PADDLEBOARDING -> "StandUpPaddling";
                    default -> null;
                });
    }
}
