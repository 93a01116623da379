package dev.switchback.api.track;

import dev.switchback.api.Decimals;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.OptionalDouble;

/** Parses the text values of GPX and TCX files, naming the element, the value and the line when one is bad. */
final class Values {
    private static final int SHOWN_CHARS = 40;

    private Values() {}

    /** ISO 8601 with an offset or Z, as both formats require; a time without one is taken as UTC. */
    static Instant time(String text, String element, String format, int line) throws TrackFormatException {
        Instant time;
        try {
            time = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                time = LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw invalid(text, element, format, line);
            }
        }
        if (time.isBefore(TrackParsers.Limits.EARLIEST) || time.isAfter(TrackParsers.Limits.LATEST)) {
            throw invalid(text, element, format, line); // contract#upload-limits: an impossible date
        }
        return time;
    }

    /** A plain decimal (contract#plain-decimals): no hexadecimal float, type suffix, NaN or Infinity. */
    static double number(String text, String element, String format, int line) throws TrackFormatException {
        OptionalDouble value = Decimals.parse(text);
        if (value.isEmpty()) {
            throw invalid(text, element, format, line);
        }
        return value.getAsDouble();
    }

    /** Degrees of latitude (limit 90) or longitude (limit 180). */
    static double degrees(String text, double limit, String element, String format, int line)
            throws TrackFormatException {
        double degrees = number(text, element, format, line);
        if (degrees < -limit || degrees > limit) {
            throw invalid(text, element, format, line);
        }
        return degrees;
    }

    static TrackFormatException invalid(String text, String element, String format, int line) {
        String shown = text.length() > SHOWN_CHARS ? text.substring(0, SHOWN_CHARS) + "..." : text;
        return new TrackFormatException(
                "The " + format + " file has an invalid " + element + " '" + shown + "' (line " + line + ").");
    }
}
