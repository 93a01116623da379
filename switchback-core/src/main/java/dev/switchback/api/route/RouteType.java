package dev.switchback.api.route;

import java.time.Duration;
import java.util.Optional;

/** Strava's route {@code type}: 1 ride, 2 run; with the pace its moving-time estimate assumes. */
public enum RouteType {
    RIDE(1, 25.0),
    RUN(2, 10.0);

    private final int code;
    private final double kilometresPerHour;

    RouteType(int code, double kilometresPerHour) {
        this.code = code;
        this.kilometresPerHour = kilometresPerHour;
    }

    public int code() {
        return code;
    }

    /** How long the route takes at this type's steady pace. */
    public Duration estimatedMovingTime(double metres) {
        return Duration.ofSeconds(Math.round(metres / (kilometresPerHour / 3.6)));
    }

    public static Optional<RouteType> fromCode(int code) {
        for (RouteType type : values()) {
            if (type.code == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
