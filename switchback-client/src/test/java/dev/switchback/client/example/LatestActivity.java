package dev.switchback.client.example;

// The README's typed example, from the line after "README:begin" to the line before "README:end";
// ReadmeExampleTest keeps the two identical and runs this code against the real server.
// README:begin
import dev.switchback.client.StravaClient;
import dev.switchback.client.model.Activity;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

public final class LatestActivity {
    /** The newest activity in one line, e.g. "Morning Commute: 12.4 km, 3 laps, started 2026-02-28T15:00:00Z". */
    public static Optional<String> describe(StravaClient strava, String accessToken) {
        List<Activity> newest = strava.activities(accessToken, 1, 1); // summaries: resource_state 2
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        Activity activity = strava.activity(accessToken, newest.get(0).id()); // detailed: laps, splits, efforts
        return Optional.of(String.format(
                Locale.ROOT,
                "%s: %.1f km, %d laps, started %s",
                activity.name().orElse("Untitled"),
                activity.distance() / 1000,
                activity.laps().size(),
                activity.startDate().orElseThrow()));
    }
}
// README:end
