package dev.switchback.ratelimit;

import java.time.Instant;

/** The windows an instant falls in: its natural quarter hour and its UTC day (epoch seconds of their starts). */
public record Windows(long quarterHourStart, long dayStart) {
    /** The quarter hours of a UTC day. */
    public static final int QUARTER_HOURS_PER_DAY = 96;

    private static final long QUARTER_HOUR = 15 * 60;
    private static final long DAY = 24 * 60 * 60;

    public static Windows at(Instant instant) {
        long seconds = instant.getEpochSecond();
        return new Windows(Math.floorDiv(seconds, QUARTER_HOUR) * QUARTER_HOUR, Math.floorDiv(seconds, DAY) * DAY);
    }

    /** How long a counter of either window must be kept: until its day is over. */
    public static long retentionSeconds() {
        return DAY + QUARTER_HOUR;
    }

    /** The start of the next UTC day, where this day's windows end. */
    public long nextDayStart() {
        return dayStart + DAY;
    }

    /** The starts of the quarter hours of this day, in order, the past and the coming ones. */
    public long[] quarterHoursOfDay() {
        long[] starts = new long[QUARTER_HOURS_PER_DAY];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = dayStart + i * QUARTER_HOUR;
        }
        return starts;
    }
}
