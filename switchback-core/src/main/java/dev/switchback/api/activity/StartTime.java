package dev.switchback.api.activity;

import dev.switchback.api.geo.TimeZones;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * When an activity started and in which time zone: {@code start_date}, {@code start_date_local} (the
 * wall-clock time, which Strava writes with a {@code Z}), {@code timezone} and {@code utc_offset}.
 */
public record StartTime(Instant instant, ZoneId zone) {

    /** The offset in force at the start, in seconds ({@code utc_offset}). */
    public int utcOffsetSeconds() {
        return zone.getRules().getOffset(instant).getTotalSeconds();
    }

    public LocalDateTime local() {
        return LocalDateTime.ofInstant(instant, zone);
    }

    /**
     * Strava's {@code "(GMT-05:00) America/New_York"}: the zone's standard offset on that date (not the
     * daylight-saving one, which is {@code utc_offset}'s), then its id (contract#activity-time-zone).
     */
    public String timezoneLabel() {
        ZoneOffset standard = zone.getRules().getStandardOffset(instant);
        String offset = standard.getTotalSeconds() == 0 ? "+00:00" : standard.getId();
        return "(GMT" + offset + ") " + zone.getId();
    }

    /**
     * The zone of a place (contract#activity-time-zone): the region's, by the time zone map, e.g.
     * {@code America/Los_Angeles}; where the map cannot say, a whole-hour {@code Etc/GMT} zone by the longitude.
     */
    public static ZoneId zoneAt(double latitude, double longitude) {
        return TimeZones.shared().at(latitude, longitude).orElseGet(() -> zoneAt(longitude));
    }

    /** A whole-hour {@code Etc/GMT} zone by the longitude alone, or UTC on the prime meridian. */
    static ZoneId zoneAt(double longitude) {
        return fixedZone((int) Math.max(-12, Math.min(14, Math.round(longitude / 15))) * 3600);
    }

    /** A fixed offset as a zone: {@code Etc/GMT-2} for whole hours (POSIX signs are reversed), else the offset. */
    public static ZoneId fixedZone(int offsetSeconds) {
        if (offsetSeconds == 0) {
            return ZoneOffset.UTC;
        }
        if (offsetSeconds % 3600 == 0 && Math.abs(offsetSeconds) <= 14 * 3600) {
            int hours = offsetSeconds / 3600;
            return ZoneId.of("Etc/GMT" + (hours > 0 ? "-" : "+") + Math.abs(hours));
        }
        return ZoneOffset.ofTotalSeconds(offsetSeconds);
    }
}
