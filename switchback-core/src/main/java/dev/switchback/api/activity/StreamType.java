package dev.switchback.api.activity;

import java.util.Locale;
import java.util.Optional;

/** The streams Switchback records, in the order Strava lists them. */
public enum StreamType {
    TIME,
    LATLNG,
    DISTANCE,
    ALTITUDE,
    HEARTRATE,
    CADENCE,
    WATTS;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<StreamType> fromWireName(String value) {
        for (StreamType type : values()) {
            if (type.wireName().equals(value)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
