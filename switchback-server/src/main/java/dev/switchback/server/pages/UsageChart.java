package dev.switchback.server.pages;

import dev.switchback.ratelimit.QuarterHourUsage;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The app's requests of the current UTC day by quarter hour (contract#developer-page), drawn by the server as
 * an SVG of {@link #WIDTH} by {@link #HEIGHT} units, with no script: each quarter hour with requests is a bar as
 * tall as its overall count, its read requests the bar's lower part. The same figures come as a table and a
 * sentence naming the busiest quarter hour, for those who do not see the bars.
 */
public record UsageChart(List<Bar> bars, long overall, long read, Optional<Bar> peak) {
    public static final int WIDTH = 960;
    public static final int HEIGHT = 100;
    private static final int SLOT = WIDTH / 96;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    /**
     * One quarter hour with requests.
     *
     * @param id           the start as {@code HHmm} (element ids)
     * @param label        {@code 10:00–10:15}
     * @param x            the bar's left edge
     * @param height       the bar's height (all its requests)
     * @param readHeight   the height of its read part, at the bottom
     */
    public record Bar(String id, String label, long overall, long read, int x, int height, int readHeight) {
        public int y() {
            return HEIGHT - height;
        }

        public int readY() {
            return HEIGHT - readHeight;
        }

        public int width() {
            return SLOT - 2;
        }
    }

    public static UsageChart of(List<QuarterHourUsage> day) {
        long max = day.stream().mapToLong(QuarterHourUsage::overall).max().orElse(0);
        List<Bar> bars = IntStream.range(0, day.size())
                .filter(index -> day.get(index).overall() > 0)
                .mapToObj(index -> bar(day.get(index), index, max))
                .toList();
        return new UsageChart(
                bars,
                day.stream().mapToLong(QuarterHourUsage::overall).sum(),
                day.stream().mapToLong(QuarterHourUsage::read).sum(),
                bars.stream().max(Comparator.comparingLong(Bar::overall)));
    }

    private static Bar bar(QuarterHourUsage quarter, int index, long max) {
        Instant start = Instant.ofEpochSecond(quarter.start());
        String label = TIME.format(start) + "–"
                + TIME.format(start.plusSeconds(15 * 60)).replace("00:00", "24:00");
        return new Bar(
                TIME.format(start).replace(":", ""),
                label,
                quarter.overall(),
                quarter.read(),
                index * SLOT + 1,
                scaled(quarter.overall(), max),
                scaled(quarter.read(), max));
    }

    /** A count's height: at least a unit when there is any, so a single request shows. */
    private static int scaled(long count, long max) {
        return count == 0 ? 0 : (int) Math.max(1, Math.round((double) count * HEIGHT / max));
    }

    /** What the chart shows, in a sentence: the day's totals and its busiest quarter hour. */
    public String summary() {
        if (peak.isEmpty()) {
            return "No requests today (UTC) yet.";
        }
        Bar busiest = peak.get();
        return "Today (UTC): " + overall + " " + requests(overall) + ", " + read + " of them in the read bucket. "
                + "Busiest quarter hour: " + busiest.label() + " UTC, with " + busiest.overall() + " "
                + requests(busiest.overall()) + ".";
    }

    private static String requests(long count) {
        return count == 1 ? "request" : "requests";
    }

    public String viewBox() {
        return "0 0 " + WIDTH + " " + HEIGHT;
    }
}
