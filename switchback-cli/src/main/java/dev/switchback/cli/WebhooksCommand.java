package dev.switchback.cli;

import dev.switchback.Switchback;
import dev.switchback.app.AppId;
import dev.switchback.fault.FaultException;
import dev.switchback.webhook.Deliveries;
import dev.switchback.webhook.EventId;
import dev.switchback.webhook.Outbox;
import dev.switchback.webhook.Subscription;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code switchback webhooks}: apps' push subscriptions and the events sent to them (contract#webhooks). */
@Command(
        name = "webhooks",
        mixinStandardHelpOptions = true,
        description = "Show push subscriptions and the events delivered to them; send an event again.",
        subcommands = {
            WebhooksCommand.ListCommand.class,
            WebhooksCommand.Show.class,
            WebhooksCommand.DeliveriesCommand.class,
            WebhooksCommand.Redeliver.class
        })
final class WebhooksCommand extends GroupCommand {
    /** How many events {@code deliveries} shows. */
    private static final int LATEST = 50;

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List push subscriptions.")
    static final class ListCommand extends DatabaseCommand {
        @Option(names = "--app", paramLabel = "ID", description = "Only this app's (its client id).")
        Long app;

        @Override
        public void run() {
            try (Switchback switchback = open()) {
                List<Subscription> subscriptions =
                        switchback.subscriptions().all(Optional.ofNullable(app).map(AppId::new));
                PrintWriter out = out();
                if (json) {
                    Output.json(
                            out,
                            Map.of(
                                    "subscriptions",
                                    subscriptions.stream()
                                            .map(WebhooksCommand::json)
                                            .toList()));
                    return;
                }
                Output.table(
                        out,
                        List.of("ID", "APP", "CALLBACK URL", "CREATED"),
                        subscriptions.stream()
                                .map(s -> List.of(
                                        s.id().toString(),
                                        s.appId().toString(),
                                        s.callbackUrl().toString(),
                                        s.createdAt().toString()))
                                .toList());
            }
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Show one event: what was sent, where its delivery stands, and every attempt.")
    static final class Show extends DatabaseCommand {
        @Parameters(paramLabel = "EVENT_ID", description = "The event's id (see deliveries).")
        long eventId;

        @Override
        public void run() {
            try (Switchback switchback = open()) {
                Deliveries.Delivery delivery = switchback
                        .deliveries()
                        .find(new EventId(eventId))
                        .orElseThrow(() -> new IllegalArgumentException("no webhook event with id " + eventId));
                PrintWriter out = out();
                if (json) {
                    Output.json(out, json(delivery));
                    return;
                }
                out.printf(
                        "Event %d to subscription %d: %s after %d attempt(s)%n",
                        delivery.event().id().value(),
                        delivery.event().subscriptionId().value(),
                        delivery.event().state(),
                        delivery.event().attempts());
                out.println(delivery.event().body());
                printAttempts(out, delivery.attempts());
            }
        }
    }

    @Command(
            name = "deliveries",
            mixinStandardHelpOptions = true,
            description = "The latest events, newest first, each attempt with its time, status and latency.")
    static final class DeliveriesCommand extends DatabaseCommand {
        @Option(names = "--app", paramLabel = "ID", description = "Only this app's (its client id).")
        Long app;

        @Override
        public void run() {
            try (Switchback switchback = open()) {
                List<Deliveries.Delivery> latest =
                        switchback.deliveries().latest(Optional.ofNullable(app).map(AppId::new), LATEST);
                PrintWriter out = out();
                if (json) {
                    Output.json(
                            out,
                            Map.of(
                                    "events",
                                    latest.stream().map(WebhooksCommand::json).toList()));
                    return;
                }
                List<List<String>> rows = new ArrayList<>();
                for (Deliveries.Delivery delivery : latest) {
                    var event = delivery.event();
                    String attempts = delivery.attempts().stream()
                            .map(WebhooksCommand::attempt)
                            .reduce((a, b) -> a + "; " + b)
                            .orElse("-");
                    rows.add(List.of(
                            event.id().toString(),
                            event.subscriptionId().toString(),
                            event.objectType() + " " + event.aspectType(),
                            Long.toString(event.objectId()),
                            event.state(),
                            attempts));
                }
                Output.table(out, List.of("EVENT", "SUBSCRIPTION", "WHAT", "OBJECT", "STATE", "ATTEMPTS"), rows);
            }
        }
    }

    @Command(
            name = "redeliver",
            mixinStandardHelpOptions = true,
            description = "Send a delivered or failed event again (a running server sends it within a moment).")
    static final class Redeliver extends DatabaseCommand {
        @Parameters(paramLabel = "EVENT_ID", description = "The event's id (see deliveries).")
        long eventId;

        @Override
        public void run() {
            try (Switchback switchback = open()) {
                switchback.deliveries().redeliver(new EventId(eventId));
            } catch (FaultException e) {
                throw new IllegalArgumentException(
                        e.status() == 404
                                ? "no webhook event with id " + eventId
                                : "webhook event " + eventId + " is still pending: it is on its way");
            }
            if (json) {
                Output.json(out(), Map.of("id", eventId, "state", "pending"));
            } else {
                out().printf("Event %d will be sent again.%n", eventId);
                out().flush();
            }
        }
    }

    private static void printAttempts(PrintWriter out, List<Outbox.Attempt> attempts) {
        for (Outbox.Attempt attempt : attempts) {
            out.println("  " + attempt(attempt));
        }
        out.flush();
    }

    /** {@code 2026-03-01T10:00:00Z 200 12 ms}, or the reason when the callback gave no status. */
    private static String attempt(Outbox.Attempt attempt) {
        return attempt.at() + " " + attempt.status().map(String::valueOf).orElse("---") + " " + attempt.latencyMillis()
                + " ms" + attempt.error().map(e -> " (" + e + ")").orElse("");
    }

    static Map<String, Object> json(Subscription subscription) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", subscription.id().value());
        json.put("application_id", subscription.appId().value());
        json.put("callback_url", subscription.callbackUrl().toString());
        json.put("created_at", subscription.createdAt().toString());
        return json;
    }

    static Map<String, Object> json(Deliveries.Delivery delivery) {
        var event = delivery.event();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", event.id().value());
        json.put("subscription_id", event.subscriptionId().value());
        json.put("object_type", event.objectType());
        json.put("aspect_type", event.aspectType());
        json.put("object_id", event.objectId());
        json.put("owner_id", event.ownerId());
        json.put("event_time", event.eventTime().getEpochSecond());
        json.put("body", event.body());
        json.put("state", event.state());
        List<Map<String, Object>> attempts = new ArrayList<>();
        for (Outbox.Attempt attempt : delivery.attempts()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("at", attempt.at().toString());
            one.put("status", attempt.status().orElse(null));
            one.put("latency_ms", attempt.latencyMillis());
            one.put("error", attempt.error().orElse(null));
            attempts.add(one);
        }
        json.put("attempts", attempts);
        return json;
    }
}
