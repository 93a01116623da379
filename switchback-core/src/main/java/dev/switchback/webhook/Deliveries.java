package dev.switchback.webhook;

import dev.switchback.app.AppId;
import dev.switchback.fault.FaultException;
import dev.switchback.store.Database;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What was sent and how it went, for {@code switchback webhooks}: events, their attempts, a redelivery. */
public final class Deliveries {
    private final Database database;
    private final Outbox outbox;
    private final Clock clock;

    public Deliveries(Database database, Outbox outbox, Clock clock) {
        this.database = database;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** An event with its attempts. */
    public record Delivery(WebhookEvent event, List<Outbox.Attempt> attempts) {}

    /**
     * The latest {@code limit} events, every app's or {@code app}'s, newest first, each with its attempts: two
     * statements in one snapshot, however many events.
     */
    public List<Delivery> latest(Optional<AppId> app, int limit) {
        return database.read(tx -> {
            List<WebhookEvent> events = outbox.list(tx, app, limit);
            if (events.isEmpty()) {
                return List.of();
            }
            Map<EventId, List<Outbox.Attempt>> attempts =
                    outbox.attemptsSince(tx, app, events.get(events.size() - 1).id());
            return events.stream()
                    .map(event -> new Delivery(event, attempts.getOrDefault(event.id(), List.of())))
                    .toList();
        });
    }

    public Optional<Delivery> find(EventId id) {
        return database.read(tx -> outbox.find(tx, id).map(event -> new Delivery(event, outbox.attempts(tx, id))));
    }

    /** Up to {@code limit} events in {@code state}: pending ones oldest first, finished ones newest first. */
    public List<Outbox.Listed> inState(String state, int limit) {
        return database.read(tx -> outbox.inState(tx, state, clock.instant(), limit));
    }

    /** Deletes every pending event, so none is ever sent (the emulator's, contract#emulator-webhooks). */
    public Outbox.Cleared clearPending() {
        return database.write(tx -> outbox.clearPending(tx, clock.instant()));
    }

    /**
     * Queues {@code event} for {@code app}'s subscription without the change it tells of (the emulator's,
     * contract#emulator-webhooks); delivered as any other once this commits. Empty when the app has none.
     */
    public Optional<WebhookEvent> trigger(AppId app, Outbox.Triggered event) {
        return database.write(tx -> outbox.queue(tx, app, event, clock.instant()));
    }

    /** Sends a delivered or failed event again; one still pending is already on its way. */
    public void redeliver(EventId id) {
        boolean queued = database.write(tx -> outbox.redeliver(tx, id, clock.instant()));
        if (!queued) {
            boolean exists = database.read(tx -> outbox.find(tx, id)).isPresent();
            throw exists
                    ? FaultException.badRequest("WebhookEvent", "id", "still pending")
                    : FaultException.notFound("WebhookEvent", "id");
        }
    }
}
