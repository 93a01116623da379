package dev.switchback.ratelimit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The requests of one quarter hour of an app's day, as its 15-minute counters hold them: every request in
 * {@code overall}, those of the read bucket again in {@code read} (contract#rate-limit-buckets).
 *
 * @param start epoch seconds of the quarter hour's start
 */
public record QuarterHourUsage(long start, long overall, long read) {
    /**
     * The day's {@value Windows#QUARTER_HOURS_PER_DAY} quarter hours in order, from the counts found: a quarter
     * hour without a count had no request.
     *
     * @param overall the overall 15-minute counts found, by window start
     * @param read    the read 15-minute counts found, by window start
     */
    static List<QuarterHourUsage> of(Windows windows, Map<Long, Long> overall, Map<Long, Long> read) {
        List<QuarterHourUsage> day = new ArrayList<>(Windows.QUARTER_HOURS_PER_DAY);
        for (long start : windows.quarterHoursOfDay()) {
            day.add(new QuarterHourUsage(start, overall.getOrDefault(start, 0L), read.getOrDefault(start, 0L)));
        }
        return day;
    }
}
