package dev.switchback.server.pages;

import dev.switchback.webhook.Deliveries;
import dev.switchback.webhook.Outbox;
import dev.switchback.webhook.Subscription;
import dev.switchback.webhook.WebhookEvent;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The app's push subscription and its latest events as the developer page shows them (contract#developer-page):
 * where they go, and how each delivery went. Empty when the app has no subscription.
 */
public record WebhookPanel(Optional<SubscriptionRow> subscription, List<DeliveryRow> deliveries) {
    /** How many of the latest events the page shows. */
    public static final int RECENT = 20;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern(
                    "MMMM d, yyyy HH:mm:ss 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    public record SubscriptionRow(long id, String callbackUrl, String createdAt) {}

    /**
     * One event and its delivery.
     *
     * @param event   {@code create activity 1234}
     * @param outcome {@code Delivered (HTTP 200)}, {@code Retrying (HTTP 500)}, {@code Failed (timed out)}, ...
     */
    public record DeliveryRow(long id, String event, String time, String outcome, int attempts) {}

    public static WebhookPanel of(Optional<Subscription> subscription, List<Deliveries.Delivery> deliveries) {
        return new WebhookPanel(
                subscription.map(s ->
                        new SubscriptionRow(s.id().value(), s.callbackUrl().toString(), TIME.format(s.createdAt()))),
                deliveries.stream().map(WebhookPanel::row).toList());
    }

    private static DeliveryRow row(Deliveries.Delivery delivery) {
        WebhookEvent event = delivery.event();
        return new DeliveryRow(
                event.id().value(),
                event.aspectType() + " " + event.objectType() + " " + event.objectId(),
                TIME.format(event.eventTime()),
                outcome(event, delivery.attempts().stream().reduce((first, second) -> second)),
                event.attempts());
    }

    private static String outcome(WebhookEvent event, Optional<Outbox.Attempt> last) {
        String state = switch (event.state()) {
            case WebhookEvent.DELIVERED -> "Delivered";
            case WebhookEvent.FAILED -> "Failed";
            default -> last.isPresent() ? "Retrying" : "Pending";
        };
        return last.map(attempt -> state + " (" + answer(attempt) + ")").orElse(state);
    }

    private static String answer(Outbox.Attempt attempt) {
        return attempt.status()
                .map(status -> "HTTP " + status)
                .orElseGet(() -> attempt.error().orElse("no answer"));
    }
}
