package dev.switchback.webhook;

import java.time.Duration;
import java.util.List;

/**
 * How events are delivered (contract#webhook-delivery).
 *
 * @param retryDelays           the wait before each retry; attempts in all = 1 + its size (Strava: 3)
 * @param allowPrivateCallbacks whether a callback may resolve to a loopback, private or link-local address
 * @param workers               deliveries in flight at once on this node (each subscription has at most one); 0: this
 *     node delivers nothing and leaves the events to the nodes that do
 * @param lease                 how long a node holds an event it took; another node takes it after that
 * @param retention             how long delivered and failed events are kept for {@code deliveries}
 * @param poll                  how often the dispatcher looks at the outbox unwoken: for events other nodes queued
 *     and retries coming due (a commit on this node that queues an event wakes it at once)
 */
public record WebhookPolicy(
        List<Duration> retryDelays,
        boolean allowPrivateCallbacks,
        int workers,
        Duration lease,
        Duration retention,
        Duration poll) {
    /** Strava's: a callback must answer within 2 seconds (contract#webhook-create, contract#webhook-delivery). */
    public static final Duration TIMEOUT = Duration.ofSeconds(2);

    public WebhookPolicy {
        retryDelays = List.copyOf(retryDelays);
        if (workers < 0) {
            throw new IllegalArgumentException("webhooks.workers must be at least 0 (got " + workers + ")");
        }
        if (lease.compareTo(TIMEOUT.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("webhooks.lease must be at least 4s (got " + lease + ")");
        }
        if (poll.compareTo(Duration.ofMillis(10)) < 0) {
            throw new IllegalArgumentException("webhooks.poll must be at least 10ms (got " + poll + ")");
        }
    }

    /** Seconds where Strava waits minutes, so a test sees a retry at once; private callbacks allowed. */
    public static WebhookPolicy defaults() {
        return new WebhookPolicy(
                List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)),
                true,
                8,
                Duration.ofSeconds(30),
                Duration.ofDays(7),
                Duration.ofMillis(100));
    }

    public int maxAttempts() {
        return retryDelays.size() + 1;
    }
}
