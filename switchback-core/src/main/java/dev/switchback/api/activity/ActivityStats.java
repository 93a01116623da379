package dev.switchback.api.activity;

/**
 * {@code GET /athletes/{id}/stats} (contract#activity-stats): totals of the last four weeks, the year to date and all
 * time, for rides, runs and swims, counting Everyone activities only.
 */
public record ActivityStats(
        double biggestRideDistance,
        double biggestClimbElevationGain,
        Totals recentRide,
        Totals recentRun,
        Totals recentSwim,
        Totals ytdRide,
        Totals ytdRun,
        Totals ytdSwim,
        Totals allRide,
        Totals allRun,
        Totals allSwim) {

    /** One row of totals. */
    public record Totals(int count, double distance, long movingTime, long elapsedTime, double elevationGain) {
        public static final Totals ZERO = new Totals(0, 0, 0, 0, 0);

        Totals plus(Activity activity) {
            Measures m = activity.measures();
            return new Totals(
                    count + 1,
                    distance + m.distance(),
                    movingTime + m.movingTime(),
                    elapsedTime + m.elapsedTime(),
                    elevationGain + m.totalElevationGain());
        }
    }
}
