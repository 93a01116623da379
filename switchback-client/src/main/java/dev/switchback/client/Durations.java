package dev.switchback.client;

import java.time.Duration;

/** Durations for people: {@code 30s}, {@code 500ms}, {@code 5m}. */
final class Durations {
    private Durations() {}

    static String format(Duration duration) {
        if (duration.toMillisPart() != 0 || duration.isZero()) {
            return duration.toMillis() + "ms";
        }
        long seconds = duration.toSeconds();
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
