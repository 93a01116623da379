package dev.switchback.api.activity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * A run's best efforts (contract#segment-efforts): for each of Strava's standard distances the run covers, the
 * fastest stretch of at least that distance, by elapsed time. The names and distances are those of Strava's
 * responses ("400m" 400, "1/2 mile" 805, ..., "Half-Marathon" 21097, "Marathon" 42195). Pure computation.
 */
final class BestEfforts {
    private record Standard(String name, double distance) {}

    private static final List<Standard> STANDARDS = List.of(
            new Standard("400m", 400),
            new Standard("1/2 mile", 805),
            new Standard("1K", 1000),
            new Standard("1 mile", 1609),
            new Standard("2 mile", 3219),
            new Standard("5K", 5000),
            new Standard("10K", 10000),
            new Standard("15K", 15000),
            new Standard("10 mile", 16090),
            new Standard("20K", 20000),
            new Standard("Half-Marathon", 21097),
            new Standard("30K", 30000),
            new Standard("Marathon", 42195));

    private BestEfforts() {}

    /** Whether a sport gets best efforts: runs (Strava's ActivityType Run, which trail runs are, and virtual runs). */
    static boolean forSport(SportType sport) {
        return sport.activityType().equals("Run") || sport.activityType().equals("VirtualRun");
    }

    static List<BestEffort> of(Streams streams, Instant activityStart) {
        if (streams.column(StreamType.DISTANCE).isEmpty()) {
            return List.of();
        }
        double[] distance = streams.column(StreamType.DISTANCE).get();
        int[] time = streams.time();
        List<BestEffort> efforts = new ArrayList<>();
        for (Standard standard : STANDARDS) {
            if (distance[distance.length - 1] < standard.distance()) {
                break;
            }
            fastest(distance, time, standard.distance()).ifPresent(window -> {
                int from = window;
                int to = end(distance, from, standard.distance());
                efforts.add(new BestEffort(
                        0,
                        standard.name(),
                        standard.distance(),
                        activityStart.plusSeconds(time[from]),
                        (long) time[to] - time[from],
                        TrackAnalysis.movingTime(time, distance, from, to),
                        from,
                        to,
                        OptionalInt.empty()));
            });
        }
        return efforts;
    }

    /** The start of the shortest-in-time stretch covering {@code length} (two pointers, one pass), or empty. */
    private static OptionalInt fastest(double[] distance, int[] time, double length) {
        int best = -1;
        long bestTime = Long.MAX_VALUE;
        int to = 0;
        for (int from = 0; from < distance.length; from++) {
            if (to < from) {
                to = from;
            }
            while (to < distance.length && distance[to] - distance[from] < length) {
                to++;
            }
            if (to == distance.length) {
                break;
            }
            long elapsed = (long) time[to] - time[from];
            if (elapsed < bestTime) {
                bestTime = elapsed;
                best = from;
            }
        }
        return best < 0 ? OptionalInt.empty() : OptionalInt.of(best);
    }

    private static int end(double[] distance, int from, double length) {
        int to = from;
        while (distance[to] - distance[from] < length) {
            to++;
        }
        return to;
    }
}
