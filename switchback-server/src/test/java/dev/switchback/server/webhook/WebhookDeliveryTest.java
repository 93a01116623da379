package dev.switchback.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.Switchback;
import dev.switchback.api.activity.Activity;
import dev.switchback.api.activity.TrackImport;
import dev.switchback.api.activity.Visibility;
import dev.switchback.api.testing.TestTracks;
import dev.switchback.app.AppService;
import dev.switchback.athlete.Athlete;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Receiver;
import dev.switchback.server.testing.TestServer;
import dev.switchback.store.DatabaseUrl;
import dev.switchback.testing.HttpTest;
import dev.switchback.time.MutableClock;
import dev.switchback.webhook.Deliveries;
import dev.switchback.webhook.WebhookEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How events reach a real receiver (contract#webhook-delivery): retries with the configured delays, then
 * {@code failed}; a hanging callback holding up no other app; events committed while no server ran, or left
 * leased by a killed one, delivered when a server starts.
 */
@HttpTest
class WebhookDeliveryTest {
    private TestServer server;
    private final Receiver receiver = Receiver.start();
    private Athlete marianne;

    private void start(Map<String, String> settings) {
        server = TestServer.start(settings);
        marianne = server.createAthlete("marianne");
    }

    @AfterEach
    void stop() {
        receiver.close();
        if (server != null) {
            server.close();
        }
    }

    /** An app subscribed at {@code path} and authorized by Marianne to read her activities. */
    private void subscribe(TestServer on, String name) {
        AppService.CreatedApp app = on.createApp(name, "localhost");
        Flows.subscribe(on, app, receiver.url("/" + name));
        Flows.tokens(on, app, "marianne", "activity:read");
    }

    private Activity ride(Switchback switchback, int day) {
        return switchback
                .activities()
                .importTrack(
                        marianne.id(),
                        TestTracks.ride(TestServer.START.minus(Duration.ofDays(day))),
                        TrackImport.of(Visibility.EVERYONE));
    }

    private Deliveries.Delivery only(Switchback switchback) {
        List<Deliveries.Delivery> latest = switchback.deliveries().latest(Optional.empty(), 10);
        assertThat(latest).hasSize(1);
        return latest.get(0);
    }

    private static <T> T await(String what, Supplier<Optional<T>> condition) {
        long deadline = System.nanoTime() + Receiver.PATIENCE.toNanos();
        while (true) {
            Optional<T> value = condition.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void anEventIsSentWhenItsTransactionCommits_notAtTheDispatchersNextLook() {
        // The dispatcher's own look comes once an hour here: only the commit's wake-up can send the event.
        start(Map.of("webhooks.poll", "1h"));
        subscribe(server, "prompt");
        receiver.on("/prompt", Receiver.status(200, "text/plain", ""));

        Activity ride = ride(server.switchback(), 1);
        List<String> events = receiver.awaitEvents("/prompt", 1);

        assertThat(events)
                .singleElement()
                .asString()
                .contains("\"object_id\":" + ride.id().value())
                .contains("\"aspect_type\":\"create\"");
    }

    @Test
    void aReceiverThatFailsTwice_getsTheEventOnTheThirdAttempt_afterEachRetryDelay() {
        start(Map.of("webhooks.retry-delays", "60s,120s"));
        subscribe(server, "flaky");
        receiver.on("/flaky", Receiver.failing(2));
        MutableClock clock = server.clock();

        ride(server.switchback(), 1);
        Deliveries.Delivery first = await(
                "the first attempt",
                () -> Optional.of(only(server.switchback()))
                        .filter(d -> d.attempts().size() == 1));
        clock.advance(Duration.ofSeconds(60));
        await(
                "the second attempt",
                () -> Optional.of(only(server.switchback()))
                        .filter(d -> d.attempts().size() == 2));
        clock.advance(Duration.ofSeconds(120));
        Deliveries.Delivery done = await(
                "delivery",
                () -> Optional.of(only(server.switchback()))
                        .filter(d -> d.event().state().equals(WebhookEvent.DELIVERED)));

        assertThat(first.event().nextAttemptAt()).isEqualTo(TestServer.START.plusSeconds(60));
        assertThat(done.attempts())
                .extracting(attempt -> attempt.status().orElseThrow())
                .containsExactly(500, 500, 200);
        assertThat(receiver.events("/flaky"))
                .hasSize(3)
                .containsOnly(done.event().body());
    }

    @Test
    void aReceiverThatNeverTakesIt_leavesTheEventFailedAfterThreeAttempts() {
        start(Map.of("webhooks.retry-delays", "0s,0s"));
        subscribe(server, "down");
        receiver.on("/down", Receiver.status(503, "text/plain", "maintenance"));

        ride(server.switchback(), 1);
        Deliveries.Delivery failed = await(
                "failure",
                () -> Optional.of(only(server.switchback()))
                        .filter(d -> d.event().state().equals(WebhookEvent.FAILED)));

        assertThat(failed.event().attempts()).isEqualTo(3);
        assertThat(failed.attempts()).hasSize(3).allSatisfy(attempt -> {
            assertThat(attempt.status()).contains(503);
            assertThat(attempt.error()).contains("the callback answered 503");
        });
        assertThat(receiver.events("/down")).hasSize(3);
    }

    @Test
    void aHangingReceiver_delaysNoOtherApp() {
        start(Map.of("webhooks.retry-delays", "1h,1h"));
        subscribe(server, "hanging");
        subscribe(server, "healthy");
        receiver.on("/hanging", receiver.hanging());

        ride(server.switchback(), 1);
        receiver.awaitEvents("/hanging", 1);
        receiver.awaitEvents("/healthy", 1);
        Activity second = ride(server.switchback(), 2);
        List<String> healthy = receiver.awaitEvents("/healthy", 2);

        // The hanging callback's one attempt is still open: it has not even timed out yet.
        List<Deliveries.Delivery> hanging = server.switchback().deliveries().latest(Optional.empty(), 10).stream()
                .filter(d -> d.event().subscriptionId().value() == 1)
                .toList();
        assertThat(hanging).allSatisfy(d -> assertThat(d.attempts()).isEmpty());
        assertThat(healthy.get(1)).contains("\"object_id\":" + second.id().value());
    }

    @Test
    void eventsCommittedWhileNoServerRan_andOnesLeftLeasedByAKilledOne_goOutWhenAServerStarts() throws Exception {
        Path directory = Files.createTempDirectory("switchback-webhooks");
        String url = directory.resolve("switchback.db").toString();
        start(Map.of("database.url", url));
        subscribe(server, "log");
        server.close();
        server = null;

        try (Switchback offline = Switchback.open(
                DatabaseUrl.parse(url), 2, Switchback.Options.defaults(), new MutableClock(TestServer.START))) {
            ride(offline, 1);
            ride(offline, 2);
            // As a node killed mid-delivery leaves it: leased for a long while yet.
            offline.database()
                    .write(tx -> tx.sql("""
                            UPDATE webhook_events SET lease_until = :until, lease_token = 'killed'
                            WHERE id = (SELECT MIN(id) FROM webhook_events)""")
                            .bind("until", TestServer.START.plus(Duration.ofDays(1)))
                            .update());
        }
        server = TestServer.start(Map.of("database.url", url));

        List<String> events = receiver.awaitEvents("/log", 2);
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).contains("\"aspect_type\":\"create\"");
    }

    @Test
    void deliveredEvents_arePrunedByHousekeeping_onlyAfterTheRetention() {
        start(Map.of("webhooks.retention", "1d"));
        subscribe(server, "log");
        ride(server.switchback(), 1);
        await(
                "delivery",
                () -> Optional.of(only(server.switchback()))
                        .filter(d -> d.event().state().equals(WebhookEvent.DELIVERED)));

        Map<String, Long> early = server.switchback().housekeeping().runOnce();
        server.clock().advance(Duration.ofDays(1).plusSeconds(1));
        Map<String, Long> late = server.switchback().housekeeping().runOnce();

        assertThat(early).containsEntry("webhook_events", 0L);
        assertThat(late).containsEntry("webhook_events", 1L);
        assertThat(server.switchback().deliveries().latest(Optional.empty(), 10))
                .isEmpty();
    }
}
