package dev.switchback.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.Switchback;
import dev.switchback.app.AppId;
import dev.switchback.store.Database;
import dev.switchback.store.DatabaseUrl;
import dev.switchback.store.testing.TestDatabase;
import dev.switchback.testing.StoreTest;
import dev.switchback.time.MutableClock;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The outbox's statements for the emulator (contract#emulator-webhooks), on both databases: an event queued by
 * hand for an app's subscription, listed by state with its app and lease, and every pending one cleared.
 */
@StoreTest
class OutboxControlContractTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private final Outbox outbox = new Outbox();
    private TestDatabase testDatabase;
    private Switchback switchback;
    private Database database;
    private AppId app;

    private void open(TestDatabase.Kind kind) {
        testDatabase = TestDatabase.create(kind);
        // No dispatcher runs (it is never started): the events stay as these statements leave them.
        switchback = Switchback.open(
                DatabaseUrl.parse(testDatabase.url()), 2, Switchback.Options.defaults(), new MutableClock(NOW));
        database = switchback.database();
        app = switchback
                .apps()
                .create("Subscribed", "example.com", Optional.empty(), 10)
                .app()
                .clientId();
        database.write(tx -> new SubscriptionStore().insert(tx, app, URI.create("http://localhost/hook"), "v", NOW));
    }

    @AfterEach
    void close() {
        switchback.close();
        testDatabase.close();
    }

    private Optional<WebhookEvent> queue(AppId to, long object) {
        Outbox.Triggered event = new Outbox.Triggered("activity", object, "update", Map.of("title", "Ride"), 7);
        return database.write(tx -> outbox.queue(tx, to, event, NOW));
    }

    private List<Outbox.Listed> listed(String state) {
        return database.read(tx -> outbox.inState(tx, state, NOW, 10));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void queue_writesAPendingEventForTheAppsSubscription_orNoneWithoutOne(TestDatabase.Kind kind) {
        open(kind);

        WebhookEvent queued = queue(app, 123).orElseThrow();

        assertThat(queued.state()).isEqualTo(WebhookEvent.PENDING);
        assertThat(queued.body())
                .isEqualTo("{\"aspect_type\":\"update\",\"event_time\":" + NOW.getEpochSecond()
                        + ",\"object_id\":123,\"object_type\":\"activity\",\"owner_id\":7,\"subscription_id\":"
                        + queued.subscriptionId().value() + ",\"updates\":{\"title\":\"Ride\"}}");
        assertThat(queue(new AppId(app.value() + 1000), 124)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void inState_listsPendingEventsInDeliveryOrder_withTheirAppAndLease(TestDatabase.Kind kind) {
        open(kind);
        queue(app, 1);
        queue(app, 2);
        database.write(tx -> outbox.claim(tx, NOW, NOW.plusSeconds(30), "lease", 1));

        List<Outbox.Listed> pending = listed(WebhookEvent.PENDING);

        assertThat(pending).extracting(l -> l.event().objectId()).containsExactly(1L, 2L);
        assertThat(pending).extracting(Outbox.Listed::app).containsOnly(app);
        assertThat(pending).extracting(Outbox.Listed::inFlight).containsExactly(true, false);
        assertThat(listed(WebhookEvent.DELIVERED)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void clearPending_deletesEveryPendingEvent_countsTheLeasedOnes_andTheirHolderRecordsNothing(
            TestDatabase.Kind kind) {
        open(kind);
        queue(app, 1);
        queue(app, 2);
        List<Outbox.Claimed> claimed = database.write(tx -> outbox.claim(tx, NOW, NOW.plusSeconds(30), "lease", 1));

        Outbox.Cleared cleared = database.<Outbox.Cleared>write(tx -> outbox.clearPending(tx, NOW));

        assertThat(cleared).isEqualTo(new Outbox.Cleared(2, 1));
        assertThat(listed(WebhookEvent.PENDING)).isEmpty();
        Outbox.Attempt ok = new Outbox.Attempt(NOW, Optional.of(200), 5, Optional.empty());
        boolean recorded =
                database.<Boolean>write(tx -> outbox.finish(tx, claimed.get(0), ok, WebhookEvent.DELIVERED, NOW));
        assertThat(recorded)
                .as("the POST under way at the clear records nothing")
                .isFalse();
        assertThat(listed(WebhookEvent.DELIVERED)).isEmpty();
    }
}
