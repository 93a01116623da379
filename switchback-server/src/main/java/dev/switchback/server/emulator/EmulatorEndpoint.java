package dev.switchback.server.emulator;

import dev.switchback.fault.FaultException;
import dev.switchback.server.http.Headers;
import dev.switchback.webhook.Outbox;
import dev.switchback.webhook.WebhookEvent;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/** The control API under {@code /_switchback/} (contract#emulator): JSON in, JSON out. */
public final class EmulatorEndpoint {

    /** Reads an event's body back, so it is answered as the JSON object Strava posts. */
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Emulator emulator;

    public EmulatorEndpoint(Emulator emulator) {
        this.emulator = emulator;
    }

    // --- tokens (contract#emulator-tokens) --------------------------------------------------------

    public void issueTokens(Context ctx) {
        ControlBody body =
                ControlBody.parse(ctx.bodyAsBytes(), "Tokens", Set.of("athlete", "client_id", "scope", "expires_in"));
        EmulatorTokens.Request request = new EmulatorTokens.Request(
                body.required("athlete"),
                body.required("client_id"),
                body.text("scope"),
                body.number("expires_in", 1, 21_600).map(Duration::ofSeconds));
        Headers.noStore(ctx);
        ctx.json(emulator.tokens().issue(request));
    }

    // --- clock (contract#emulator-clock) ----------------------------------------------------------

    public void clock(Context ctx) {
        ctx.json(clockJson());
    }

    public void moveClock(Context ctx) {
        ControlBody body = ControlBody.parse(ctx.bodyAsBytes(), "Clock", Set.of("advance", "set"));
        if (body.has("advance") == body.has("set")) {
            throw FaultException.invalid("Clock", "advance", "give exactly one of advance and set");
        }
        if (body.has("advance")) {
            emulator.clock().advance(parse("advance", body.text("advance").orElseThrow(), Duration::parse));
        } else {
            emulator.clock().set(parse("set", body.text("set").orElseThrow(), Instant::parse));
        }
        ctx.json(clockJson());
    }

    private Map<String, Object> clockJson() {
        Instant now = emulator.clock().instant();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("now", now.toString());
        json.put("epoch_seconds", now.getEpochSecond());
        json.put("offset_seconds", emulator.clock().offset().toSeconds());
        return json;
    }

    private static <T> T parse(String field, String text, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (DateTimeParseException e) {
            throw FaultException.invalid("Clock", field, field + " is not an ISO-8601 " + field);
        }
    }

    // --- faults (contract#emulator-faults) --------------------------------------------------------

    public void addFault(Context ctx) {
        ControlBody body =
                ControlBody.parse(ctx.bodyAsBytes(), "Fault", Set.of("method", "path", "status", "delay_ms", "times"));
        InjectedFaults.Fault fault = emulator.faults()
                .add(
                        body.text("method"),
                        body.text("path").orElse(null),
                        body.number("status", 0, 999).orElse(0L).intValue(),
                        body.number("delay_ms", 0, InjectedFaults.MAX_DELAY_MS).orElse(0L),
                        body.number("times", 1, InjectedFaults.MAX_TIMES).orElse(1L));
        ctx.status(201).json(json(fault));
    }

    public void listFaults(Context ctx) {
        ctx.json(emulator.faults().list().stream().map(EmulatorEndpoint::json).toList());
    }

    public void clearFaults(Context ctx) {
        emulator.faults().clear();
        ctx.status(204);
    }

    private static Map<String, Object> json(InjectedFaults.Fault fault) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", fault.id());
        json.put("method", fault.method().orElse(null));
        json.put("path", fault.path());
        json.put("status", fault.status() == 0 ? null : fault.status());
        json.put("delay_ms", fault.delayMs());
        json.put("times", fault.remaining());
        return json;
    }

    // --- webhook events (contract#emulator-webhooks) ------------------------------------------------

    public void webhooks(Context ctx) {
        String state = Optional.ofNullable(ctx.queryParam("state")).orElse(WebhookEvent.PENDING);
        ctx.json(emulator.webhooks().list(state).stream()
                .map(EmulatorEndpoint::json)
                .toList());
    }

    public void triggerWebhook(Context ctx) {
        ControlBody body = ControlBody.parse(
                ctx.bodyAsBytes(),
                "Webhook",
                Set.of("client_id", "object_type", "aspect_type", "object_id", "owner_id", "updates"));
        EmulatorWebhooks.Trigger trigger = new EmulatorWebhooks.Trigger(
                body.required("client_id"),
                body.required("object_type"),
                body.required("aspect_type"),
                body.requiredNumber("object_id", 1, Long.MAX_VALUE),
                body.requiredNumber("owner_id", 1, Long.MAX_VALUE),
                body.strings("updates"));
        WebhookEvent event = emulator.webhooks().trigger(trigger);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", event.id().value());
        json.put("event", JSON.readTree(event.body()));
        ctx.status(201).json(json);
    }

    public void clearWebhooks(Context ctx) {
        Outbox.Cleared cleared = emulator.webhooks().clear();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cleared", cleared.cleared());
        json.put("in_flight", cleared.inFlight());
        ctx.json(json);
    }

    private static Map<String, Object> json(Outbox.Listed listed) {
        WebhookEvent event = listed.event();
        boolean pending = event.state().equals(WebhookEvent.PENDING);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", event.id().value());
        json.put("state", event.state());
        json.put("client_id", listed.app().value());
        json.put("subscription_id", event.subscriptionId().value());
        json.put("attempts", event.attempts());
        json.put("next_attempt_at", pending ? event.nextAttemptAt().toString() : null);
        json.put("in_flight", listed.inFlight());
        json.put("finished_at", event.finishedAt().map(Instant::toString).orElse(null));
        json.put("event", JSON.readTree(event.body()));
        return json;
    }

    // --- reset (contract#emulator-seed) -------------------------------------------------------------

    public void reset(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        if (body.length > 0) {
            ControlBody.parse(body, "Reset", Set.of());
        }
        emulator.reset();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("seed", emulator.seed().map(Seed::source).orElse(null));
        ctx.json(json);
    }

    // --- the request journal (contract#emulator-journal) ------------------------------------------

    public void requests(Context ctx) {
        String since = Optional.ofNullable(ctx.queryParam("since")).orElse("0");
        if (!since.matches("[0-9]{1,18}")) {
            throw FaultException.invalid("Requests", "since", "since must be a request id (a whole number)");
        }
        List<RequestJournal.Entry> entries = emulator.journal().since(Long.parseLong(since));
        ctx.json(entries.stream().map(EmulatorEndpoint::json).toList());
    }

    public void clearRequests(Context ctx) {
        emulator.journal().clear();
        ctx.status(204);
    }

    private static Map<String, Object> json(RequestJournal.Entry entry) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", entry.id());
        json.put("time", entry.time().toString());
        json.put("method", entry.method());
        json.put("path", entry.path());
        json.put("status", entry.status());
        json.put("client_id", entry.clientId().orElse(null));
        json.put("athlete_id", entry.athleteId().orElse(null));
        entry.grantType().ifPresent(type -> json.put("grant_type", type));
        entry.outcome().ifPresent(outcome -> json.put("outcome", outcome));
        json.put("injected", entry.injected());
        return json;
    }
}
