package dev.switchback.ratelimit;

import dev.switchback.app.AppId;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Counts a request against its app and says whether it is over a limit (contract#rate-limit-windows). Every request
 * counts, the rejected ones too, so usage can pass the limit as on Strava.
 */
public final class RateLimiter {
    private final UsageCounters counters;
    private final Clock clock;

    public RateLimiter(UsageCounters counters, Clock clock) {
        this.counters = counters;
        this.clock = clock;
    }

    /** Counts one request of an app with these limits; {@code read} unless it is an upload or a manual activity. */
    public Decision count(AppId appId, RateLimits limits, boolean read) {
        Usage usage = counters.increment(appId, Windows.at(clock.instant()), read);
        return new Decision(limits, usage, exceeded(limits, usage, read));
    }

    /** The app's usage in the current windows, counting nothing. */
    public Usage usage(AppId appId) {
        return counters.current(appId, Windows.at(clock.instant()));
    }

    /** The app's requests in each quarter hour of the current UTC day, counting nothing. */
    public List<QuarterHourUsage> today(AppId appId) {
        return counters.quarterHours(appId, Windows.at(clock.instant()));
    }

    private static Optional<String> exceeded(RateLimits limits, Usage usage, boolean read) {
        if (usage.overall15Min() > limits.overall15Min() || usage.overallDaily() > limits.overallDaily()) {
            return Optional.of("overall rate limit");
        }
        if (read && (usage.read15Min() > limits.read15Min() || usage.readDaily() > limits.readDaily())) {
            return Optional.of("read rate limit");
        }
        return Optional.empty();
    }

    /** The limits, the usage after this request, and the bucket it overran, if any. */
    public record Decision(RateLimits limits, Usage usage, Optional<String> exceeded) {}
}
