package dev.switchback.api.activity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.Switchback;
import dev.switchback.api.Viewer;
import dev.switchback.api.testing.TestTracks;
import dev.switchback.app.AppId;
import dev.switchback.athlete.Athlete;
import dev.switchback.athlete.NewAthlete;
import dev.switchback.scope.Scope;
import dev.switchback.scope.ScopeSet;
import dev.switchback.store.DatabaseUrl;
import dev.switchback.store.testing.TestDatabase;
import dev.switchback.testing.StoreTest;
import dev.switchback.time.MutableClock;
import dev.switchback.webhook.SubscriptionStore;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A change to an activity compares with the state it changes, however another change interleaves
 * (contract#webhook-events): on PostgreSQL, at READ COMMITTED, a second change that read the row while a first was still
 * in flight sent an event against the old state (or none, when it put back the old value). SQLite runs one
 * write transaction at a time, so only PostgreSQL is tested.
 */
@StoreTest
class ConcurrentActivityChangeTest {
    /** Bounds waits that would otherwise never end; never a speed the machine must reach. */
    private static final long HANG_SECONDS = 60;

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private TestDatabase testDatabase;
    private Switchback switchback;
    private Athlete marianne;
    private Activity ride;

    @BeforeEach
    void open() {
        testDatabase = TestDatabase.postgres();
        // No dispatcher runs (it is never started): the events stay in the outbox to be read.
        switchback = Switchback.open(
                DatabaseUrl.parse(testDatabase.url()), 4, Switchback.Options.defaults(), new MutableClock(NOW));
        marianne = switchback.athletes().create(new NewAthlete("marianne", "M", "A", "a-password".toCharArray()));
        AppId app = switchback
                .apps()
                .create("Subscribed", "example.com", Optional.empty(), 10)
                .app()
                .clientId();
        int scopes = ScopeSet.of(Scope.READ, Scope.ACTIVITY_READ_ALL).bits();
        switchback.database().write(tx -> {
            tx.sql("INSERT INTO grants (app_id, athlete_id, scopes, authorized_at) VALUES (:app, :athlete, :scopes, 0)")
                    .bind("app", app)
                    .bind("athlete", marianne.id())
                    .bind("scopes", scopes)
                    .update();
            return new SubscriptionStore().insert(tx, app, URI.create("http://localhost/hook"), "v", NOW);
        });
        ride = switchback
                .activities()
                .importTrack(
                        marianne.id(), TestTracks.ride(NOW.minusSeconds(3600)), TrackImport.of(Visibility.EVERYONE));
    }

    @AfterEach
    void close() {
        if (switchback != null) {
            switchback.close();
        }
        if (testDatabase != null) {
            testDatabase.close();
        }
    }

    @Test
    void aRenameBackToTheOldName_whileAnotherRenameIsInFlight_isSentAsATitleUpdate() throws Exception {
        String original = ride.details().name();
        CountDownLatch renamed = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // A first change, held open after its write: its row is locked and its new name not yet committed.
        CompletableFuture<Object> first =
                CompletableFuture.supplyAsync(() -> switchback.database().write(tx -> {
                    tx.sql("UPDATE activities SET name = 'Renamed elsewhere' WHERE id = :id")
                            .bind("id", ride.id())
                            .update();
                    renamed.countDown();
                    await(release);
                    return null;
                }));
        assertThat(renamed.await(HANG_SECONDS, TimeUnit.SECONDS)).isTrue();

        // The second puts the original name back; it must wait for the first, then compare with its name.
        CompletableFuture<DetailedActivity> second = CompletableFuture.supplyAsync(() -> switchback
                .activities()
                .update(
                        new Viewer(marianne.id(), ScopeSet.of(Scope.ACTIVITY_WRITE, Scope.ACTIVITY_READ_ALL)),
                        ride.id(),
                        new ActivityUpdate(
                                Optional.of(original),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                false)));
        awaitALockWait();
        release.countDown();
        first.get(HANG_SECONDS, TimeUnit.SECONDS);
        second.get(HANG_SECONDS, TimeUnit.SECONDS);

        List<String> updates = switchback
                .database()
                .read(tx -> tx.sql(
                                "SELECT updates FROM webhook_events WHERE aspect_type = 'update' AND object_id = :id")
                        .bind("id", ride.id())
                        .list(row -> row.getString("updates")));
        assertThat(updates)
                .as("the second change renamed 'Renamed elsewhere' back to the original: a title update")
                .containsExactly("{\"title\":\"" + original + "\"}");
        assertThat(switchback
                        .activities()
                        .find(Viewer.owner(marianne.id()), ride.id())
                        .activity()
                        .details()
                        .name())
                .isEqualTo(original);
    }

    /** Until the second change waits for the first's row lock (whether at its read or at its write). */
    private void awaitALockWait() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_SECONDS);
        while (System.nanoTime() < deadline) {
            long waiting = switchback.database().read(tx -> tx.sql("""
                            SELECT count(*) FROM pg_stat_activity
                            WHERE datname = current_database() AND wait_event_type = 'Lock'""").number());
            if (waiting > 0) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the second change never waited for the first");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(HANG_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
