package dev.switchback.api.route;

import java.util.Optional;

/** Strava's route {@code sub_type}: 1 road, 2 mountain bike, 3 cross, 4 trail, 5 mixed. */
public enum RouteSubType {
    ROAD(1),
    MOUNTAIN_BIKE(2),
    CROSS(3),
    TRAIL(4),
    MIXED(5);

    private final int code;

    RouteSubType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<RouteSubType> fromCode(int code) {
        for (RouteSubType type : values()) {
            if (type.code == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
