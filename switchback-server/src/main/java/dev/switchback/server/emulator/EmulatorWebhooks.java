package dev.switchback.server.emulator;

import dev.switchback.Switchback;
import dev.switchback.app.AppId;
import dev.switchback.app.ClientId;
import dev.switchback.athlete.AthleteId;
import dev.switchback.fault.FaultException;
import dev.switchback.webhook.Outbox;
import dev.switchback.webhook.WebhookEvent;
import java.util.List;
import java.util.Map;

/**
 * The outbox as a test sees it (contract#emulator-webhooks): the events not yet delivered (or the latest finished
 * ones), clearing the pending ones, and an event queued without the change it tells of, as
 * {@code /_switchback/webhooks} and the testkit take them. Every field is checked before anything is written.
 */
public final class EmulatorWebhooks {
    /** The most events one listing answers. */
    public static final int LIST_LIMIT = 1_000;

    private static final String RESOURCE = "Webhook";
    private static final List<String> STATES =
            List.of(WebhookEvent.PENDING, WebhookEvent.DELIVERED, WebhookEvent.FAILED);
    private static final List<String> OBJECT_TYPES = List.of("activity", "athlete");
    private static final List<String> ASPECT_TYPES = List.of("create", "update", "delete");

    private final Switchback switchback;

    public EmulatorWebhooks(Switchback switchback) {
        this.switchback = switchback;
    }

    /** An event to queue, as the caller wrote it; every field is checked by {@link #trigger}. */
    public record Trigger(
            String clientId,
            String objectType,
            String aspectType,
            long objectId,
            long ownerId,
            Map<String, String> updates) {}

    /** Up to {@link #LIST_LIMIT} events in {@code state}: pending ones in delivery order, finished ones newest first. */
    public List<Outbox.Listed> list(String state) {
        if (!STATES.contains(state)) {
            throw FaultException.invalid(RESOURCE, "state", "state must be one of " + STATES);
        }
        return switchback.deliveries().inState(state, LIST_LIMIT);
    }

    /** Deletes every pending event: none of them is ever sent, or retried if its POST is under way. */
    public Outbox.Cleared clear() {
        return switchback.deliveries().clearPending();
    }

    /** Queues the event for the app's subscription, delivered as any other; answers it as stored. */
    public WebhookEvent trigger(Trigger request) {
        AppId app = ClientId.parse(request.clientId())
                .orElseThrow(() -> FaultException.invalid(RESOURCE, "client_id", "client_id is not a client id"));
        Outbox.Triggered event = checked(request);
        if (switchback.apps().find(app).isEmpty()) {
            throw FaultException.notFound("Application", "client_id");
        }
        if (switchback.athletes().find(new AthleteId(request.ownerId())).isEmpty()) {
            throw FaultException.notFound("Athlete", "owner_id");
        }
        return switchback
                .deliveries()
                .trigger(app, event)
                .orElseThrow(() ->
                        FaultException.invalid(RESOURCE, "client_id", "the app of client_id has no push subscription"));
    }

    private static Outbox.Triggered checked(Trigger request) {
        if (!OBJECT_TYPES.contains(request.objectType())) {
            throw FaultException.invalid(RESOURCE, "object_type", "object_type must be one of " + OBJECT_TYPES);
        }
        if (!ASPECT_TYPES.contains(request.aspectType())) {
            throw FaultException.invalid(RESOURCE, "aspect_type", "aspect_type must be one of " + ASPECT_TYPES);
        }
        if (request.objectId() < 1) {
            throw FaultException.invalid(RESOURCE, "object_id", "object_id must be a positive id");
        }
        if (request.objectType().equals("athlete") && request.objectId() != request.ownerId()) {
            throw FaultException.invalid(RESOURCE, "object_id", "an athlete event's object_id is its owner_id");
        }
        Outbox.Triggered event = new Outbox.Triggered(
                request.objectType(), request.objectId(), request.aspectType(), request.updates(), request.ownerId());
        if (event.updatesLength() > Outbox.Triggered.MAX_UPDATES_LENGTH) {
            throw FaultException.invalid(
                    RESOURCE, "updates", "updates is longer than " + Outbox.Triggered.MAX_UPDATES_LENGTH + " as JSON");
        }
        return event;
    }
}
