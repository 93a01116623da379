package dev.switchback.api.segment;

import java.util.Optional;

/** What a segment is for: Strava's {@code activity_type} ({@code Ride} or {@code Run}). */
public enum SegmentActivityType {
    RIDE("Ride", "riding"),
    RUN("Run", "running");

    private final String wireName;
    private final String explorerName;

    SegmentActivityType(String wireName, String explorerName) {
        this.wireName = wireName;
        this.explorerName = explorerName;
    }

    public String wireName() {
        return wireName;
    }

    /** The name the segment explorer's {@code activity_type} parameter uses. */
    public String explorerName() {
        return explorerName;
    }

    public static Optional<SegmentActivityType> fromWireName(String name) {
        for (SegmentActivityType type : values()) {
            if (type.wireName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    public static Optional<SegmentActivityType> fromExplorerName(String name) {
        for (SegmentActivityType type : values()) {
            if (type.explorerName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
