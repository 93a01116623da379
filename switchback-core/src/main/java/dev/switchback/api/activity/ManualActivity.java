package dev.switchback.api.activity;

import dev.switchback.api.ParamValues;
import dev.switchback.api.track.TrackParsers;
import dev.switchback.request.Params;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /activities} (contract#scope-matrix): {@code name}, {@code sport_type} (or the deprecated {@code type}),
 * {@code start_date_local} and {@code elapsed_time} are required; {@code description}, {@code distance},
 * {@code trainer} and {@code commute} are not.
 *
 * @param local the wall-clock start; {@code zone} the offset the client gave with it, else UTC
 */
public record ManualActivity(
        ActivityDetails details, LocalDateTime local, ZoneId zone, double distance, long elapsedTime) {
    public static final int MAX_NAME = 255;
    /** An activity lasts at most this long, in seconds: the upload limit (contract#upload-limits). */
    static final long MAX_ELAPSED = TrackParsers.Limits.MAX_DURATION.toSeconds();
    /** ISO 8601 with a 'T' or a space, seconds and fraction optional, and an optional offset: also Ruby's {@code Time#to_s}. */
    private static final Pattern LOCAL_TIME = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})[T ](\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?) ?(Z|[+-]\\d{2}:?\\d{2})?");

    public static ManualActivity parse(Params params) {
        ParamValues values = ParamValues.of(params, "Activity");
        String name = values.required("name", MAX_NAME);
        SportType sport = sportType(values).orElseThrow(() -> values.invalid("sport_type"));
        String startText = values.text("start_date_local").orElseThrow(() -> values.invalid("start_date_local"));
        Matcher m = LOCAL_TIME.matcher(startText.strip());
        if (!m.matches()) {
            throw values.invalid("start_date_local");
        }
        LocalDateTime local;
        ZoneOffset offset;
        try {
            local = LocalDateTime.parse(m.group(1) + "T" + m.group(2));
            offset = m.group(3) == null ? ZoneOffset.UTC : ZoneOffset.of(normalize(m.group(3)));
        } catch (DateTimeException e) {
            throw values.invalid("start_date_local");
        }
        if (!possible(local, offset)) {
            throw values.invalid("start_date_local"); // contract#upload-limits: year 0000, or past 9999
        }
        long elapsed = values.whole("elapsed_time", 1, MAX_ELAPSED).orElseThrow(() -> values.invalid("elapsed_time"));
        ActivityDetails details = new ActivityDetails(
                name,
                values.text("description"),
                sport,
                Visibility.EVERYONE,
                values.bool("trainer").orElse(false),
                values.bool("commute").orElse(false),
                false,
                Optional.empty());
        return new ManualActivity(
                details,
                local,
                StartTime.fixedZone(offset.getTotalSeconds()),
                values.decimal("distance", 0, 1e8).orElse(0.0),
                elapsed);
    }

    /** {@code sport_type}, else the deprecated {@code type} (contract#updatable-activity: {@code type} is ignored beside {@code sport_type}). */
    static Optional<SportType> sportType(ParamValues values) {
        Optional<String> sport = values.text("sport_type");
        if (sport.isPresent()) {
            return Optional.of(
                    SportType.fromWireName(sport.get().strip()).orElseThrow(() -> values.invalid("sport_type")));
        }
        return values.text("type")
                .map(type -> SportType.fromActivityType(type.strip()).orElseThrow(() -> values.invalid("type")));
    }

    /** A start within the times an activity may have: 1970 to 9999, as for an uploaded file's points. */
    private static boolean possible(LocalDateTime local, ZoneOffset offset) {
        java.time.Instant start = local.toInstant(offset);
        return !start.isBefore(TrackParsers.Limits.EARLIEST) && !start.isAfter(TrackParsers.Limits.LATEST);
    }

    private static String normalize(String offset) {
        return offset.equals("Z") || offset.contains(":") ? offset : offset.substring(0, 3) + ":" + offset.substring(3);
    }

    /** The start as an instant in its zone. */
    public StartTime start() {
        return new StartTime(local.atZone(zone).toInstant(), zone);
    }
}
