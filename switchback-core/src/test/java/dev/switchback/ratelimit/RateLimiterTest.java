package dev.switchback.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppId;
import dev.switchback.testing.UnitTest;
import dev.switchback.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Strava's two buckets and their windows (contract#rate-limit-buckets, contract#rate-limit-windows), with an injected clock. */
@UnitTest
class RateLimiterTest {
    private static final RateLimits LIMITS = new RateLimits(4, 6, 2, 3);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T23:44:00Z"));
    private final RateLimiter limiter = new RateLimiter(new MemoryCounters(), clock);

    @Test
    void count_withinTheLimits_exceedsNothing() {
        RateLimiter.Decision decision = limiter.count(new AppId(1), LIMITS, true);

        assertThat(decision.exceeded()).isEmpty();
        assertThat(decision.usage()).isEqualTo(new Usage(1, 1, 1, 1));
    }

    @Test
    void count_pastTheRead15MinuteLimit_reportsTheReadBucket() {
        limiter.count(new AppId(1), LIMITS, true);
        limiter.count(new AppId(1), LIMITS, true);

        assertThat(limiter.count(new AppId(1), LIMITS, true).exceeded()).contains("read rate limit");
    }

    @Test
    void count_pastTheOverallLimit_reportsTheOverallBucket_evenForUploads() {
        for (int i = 0; i < 4; i++) {
            limiter.count(new AppId(1), LIMITS, false);
        }

        assertThat(limiter.count(new AppId(1), LIMITS, false).exceeded()).contains("overall rate limit");
    }

    @Test
    void rejectedRequests_stillCount() {
        for (int i = 0; i < 5; i++) {
            limiter.count(new AppId(1), LIMITS, true);
        }

        assertThat(limiter.count(new AppId(1), LIMITS, true).usage()).isEqualTo(new Usage(6, 6, 6, 6));
    }

    @Test
    void theQuarterHourWindow_resetsOnTheNaturalQuarterHour() {
        limiter.count(new AppId(1), LIMITS, true);
        limiter.count(new AppId(1), LIMITS, true);
        clock.advance(Duration.ofSeconds(59));
        assertThat(limiter.count(new AppId(1), LIMITS, true).exceeded())
                .as("23:44:59 is still the 23:30 window")
                .isPresent();

        clock.advance(Duration.ofSeconds(1));
        RateLimiter.Decision atQuarter = limiter.count(new AppId(1), LIMITS, true);

        assertThat(atQuarter.usage().read15Min()).isEqualTo(1);
        assertThat(atQuarter.usage().readDaily()).isEqualTo(4);
        assertThat(atQuarter.exceeded())
                .as("the daily read limit of 3 is passed")
                .contains("read rate limit");
    }

    @Test
    void theDailyWindow_resetsAtMidnightUtc() {
        for (int i = 0; i < 4; i++) {
            limiter.count(new AppId(1), LIMITS, true);
        }
        clock.set(Instant.parse("2026-03-02T00:00:00Z"));

        RateLimiter.Decision afterMidnight = limiter.count(new AppId(1), LIMITS, true);

        assertThat(afterMidnight.usage()).isEqualTo(new Usage(1, 1, 1, 1));
        assertThat(afterMidnight.exceeded()).isEmpty();
    }

    @Test
    void apps_countSeparately() {
        limiter.count(new AppId(1), LIMITS, true);

        assertThat(limiter.count(new AppId(2), LIMITS, true).usage()).isEqualTo(new Usage(1, 1, 1, 1));
    }
}
