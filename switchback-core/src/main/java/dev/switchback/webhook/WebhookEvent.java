package dev.switchback.webhook;

import java.time.Instant;
import java.util.Optional;

/**
 * One event of the outbox, for one subscription, as stored: what is sent ({@link #body()}) and where its
 * delivery stands.
 *
 * @param state       {@code pending}, {@code delivered} or {@code failed}
 * @param attempts    the attempts made so far
 * @param updatesJson the {@code updates} hash, as JSON
 */
public record WebhookEvent(
        EventId id,
        SubscriptionId subscriptionId,
        String objectType,
        long objectId,
        String aspectType,
        String updatesJson,
        long ownerId,
        Instant eventTime,
        String state,
        int attempts,
        Instant nextAttemptAt,
        Optional<Instant> finishedAt) {

    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";

    /** The JSON Strava posts (contract#webhook-events), in the field order of Strava's documentation. */
    public String body() {
        return "{\"aspect_type\":" + Json.string(aspectType)
                + ",\"event_time\":" + eventTime.getEpochSecond()
                + ",\"object_id\":" + objectId
                + ",\"object_type\":" + Json.string(objectType)
                + ",\"owner_id\":" + ownerId
                + ",\"subscription_id\":" + subscriptionId.value()
                + ",\"updates\":" + updatesJson + "}";
    }
}
