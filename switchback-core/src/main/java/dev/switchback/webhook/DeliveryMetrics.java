package dev.switchback.webhook;

import dev.switchback.store.Database;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the dispatcher did (contract#metrics): attempts by outcome ({@code switchback.webhook.deliveries}), how
 * long a callback took to answer ({@code switchback.webhook.attempt.duration}), how long a delivered event
 * waited from its commit ({@code switchback.webhook.delivery.lag}), and the outbox's pending events
 * ({@code switchback.webhook.outbox.pending}). The meters are made once; on Micrometer's no-op registry they
 * cost nothing and the gauge never queries.
 */
final class DeliveryMetrics {
    /** The most pending events the gauge counts: a scrape walks at most this many index entries. */
    static final int PENDING_CAP = 10_000;

    /** What became of one attempt, as recorded in the outbox. */
    enum Outcome {
        /** The callback answered 2xx: the event is delivered. */
        DELIVERED,
        /** The callback failed and attempts remain: the event waits its retry delay. */
        RETRY,
        /** The callback failed on the last attempt: the event is kept as failed. */
        FAILED,
        /** The outcome could not be recorded (the lease ran out, or the database failed): it is sent again. */
        UNRECORDED
    }

    private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);
    private final Timer attempts;
    private final Timer lag;

    DeliveryMetrics(MeterRegistry meters, Database database, Outbox outbox) {
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(
                    outcome,
                    Counter.builder("switchback.webhook.deliveries")
                            .description("webhook delivery attempts made by this node, by outcome")
                            .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                            .register(meters));
        }
        attempts = Timer.builder("switchback.webhook.attempt.duration")
                .description("from posting an event to the callback's answer (or its failure)")
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(5))
                .register(meters);
        lag = Timer.builder("switchback.webhook.delivery.lag")
                .description("from an event's commit (whole seconds) to the end of the attempt that delivered it")
                .publishPercentileHistogram()
                .register(meters);
        Gauge.builder("switchback.webhook.outbox.pending", () -> pending(database, outbox))
                .description("events pending in the outbox, due or waiting to retry, on every node (counted up to "
                        + PENDING_CAP + ")")
                .register(meters);
    }

    private static double pending(Database database, Outbox outbox) {
        try {
            return database.read(tx -> outbox.pending(tx, PENDING_CAP));
        } catch (RuntimeException e) {
            return Double.NaN; // the database is down: the readiness check says so
        }
    }

    void attempt(long nanos) {
        attempts.record(nanos, TimeUnit.NANOSECONDS);
    }

    void outcome(Outcome outcome, WebhookEvent event, Instant at) {
        outcomes.get(outcome).increment();
        Duration waited = Duration.between(event.eventTime(), at);
        if (outcome == Outcome.DELIVERED && !waited.isNegative()) {
            lag.record(waited);
        }
    }
}
