package dev.switchback.server.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.Switchback;
import dev.switchback.api.activity.Activity;
import dev.switchback.api.activity.TrackImport;
import dev.switchback.api.activity.Visibility;
import dev.switchback.api.testing.TestTracks;
import dev.switchback.app.AppId;
import dev.switchback.athlete.AthleteId;
import dev.switchback.athlete.NewAthlete;
import dev.switchback.oauth.GrantStore;
import dev.switchback.scope.Scope;
import dev.switchback.scope.ScopeSet;
import dev.switchback.server.testing.NodeMain;
import dev.switchback.server.testing.Receiver;
import dev.switchback.server.testing.TestServer;
import dev.switchback.store.DatabaseUrl;
import dev.switchback.store.testing.TestDatabase;
import dev.switchback.testing.ScaleTest;
import dev.switchback.webhook.SubscriptionStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A node killed with SIGKILL while it delivers (contract#webhook-delivery): the events it had delivered are
 * not sent again, the one whose delivery it was in the middle of and the ones committed behind it go out when
 * a server starts (at once on SQLite; on PostgreSQL once the dead node's lease expires). Events are written
 * by another process on the same database while the node runs, as the CLI writes them.
 */
@ScaleTest
class KilledWebhookNodeTest {
    private static final int ACKNOWLEDGED = 3;
    private static final int EVENTS = 5;

    private TestDatabase database;
    private final Receiver receiver = Receiver.start();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
        receiver.close();
        if (database != null) {
            database.close();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void nodeKilledMidDelivery_deliveredEventsAreNotResent_andTheRestGoOutAfterRestart(TestDatabase.Kind kind)
            throws Exception {
        database = TestDatabase.create(kind);
        AtomicInteger answered = new AtomicInteger();
        AtomicBoolean hang = new AtomicBoolean(true);
        receiver.on("/hook", (exchange, request) -> {
            if (answered.get() >= ACKNOWLEDGED) {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (hang.get() && System.nanoTime() < until) {
                    sleep(10);
                }
            }
            if (!hang.get() || answered.get() < ACKNOWLEDGED) {
                answered.incrementAndGet();
                Receiver.send(exchange, 200, "text/plain", "");
            }
        });
        List<Long> activities = new ArrayList<>();
        try (Switchback writer = Switchback.open(
                DatabaseUrl.parse(database.url()), 2, Switchback.Options.defaults(), Clock.systemUTC())) {
            AthleteId athlete = writer.athletes()
                    .create(new NewAthlete("marianne", "Marianne", "Vos", "correct horse battery".toCharArray()))
                    .id();
            AppId app = writer.apps()
                    .create("Log", "localhost", Optional.empty(), 10)
                    .app()
                    .clientId();
            writer.database().write(tx -> {
                new GrantStore(writer.database())
                        .putGrant(tx, app, athlete, ScopeSet.of(Scope.READ, Scope.ACTIVITY_READ), Instant.now());
                return new SubscriptionStore().insert(tx, app, URI.create(receiver.url("/hook")), "v", Instant.now());
            });
            Process node = startNode();
            for (int i = 0; i < EVENTS; i++) {
                Activity ride = writer.activities()
                        .importTrack(
                                athlete,
                                TestTracks.ride(
                                        Instant.parse("2026-01-01T08:00:00Z").plus(Duration.ofDays(i))),
                                TrackImport.of(Visibility.EVERYONE));
                activities.add(ride.id().value());
            }
            receiver.awaitEvents("/hook", ACKNOWLEDGED + 1);
            node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        hang.set(false);

        TestServer restarted = TestServer.start(Map.of("database.url", database.url()));
        closeables.add(0, restarted);
        restarted.clock().set(Instant.now().plus(Duration.ofSeconds(31))); // past the dead node's lease
        long deadline = System.nanoTime() + Receiver.PATIENCE.toNanos();
        while (!everyDelivered(restarted) && System.nanoTime() < deadline) {
            sleep(20);
        }

        assertThat(everyDelivered(restarted))
                .as("every event delivered after the restart")
                .isTrue();
        List<String> posts = receiver.events("/hook");
        for (int i = 0; i < EVENTS; i++) {
            String marker = "\"object_id\":" + activities.get(i) + ",";
            long times = posts.stream().filter(body -> body.contains(marker)).count();
            if (i < ACKNOWLEDGED) {
                assertThat(times).as("acknowledged event %d, sent once", i).isEqualTo(1);
            } else {
                assertThat(times).as("event %d, sent after the restart", i).isGreaterThanOrEqualTo(1);
            }
        }
    }

    private static boolean everyDelivered(TestServer server) {
        return server.switchback().deliveries().latest(Optional.empty(), 50).stream()
                        .filter(d -> d.event().state().equals("delivered"))
                        .count()
                == EVENTS;
    }

    private Process startNode() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(
                        java, "-cp", System.getProperty("java.class.path"), NodeMain.class.getName(), database.url())
                .redirectErrorStream(true)
                .start();
        closeables.add(0, process::destroyForcibly);
        BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while (System.nanoTime() < deadline && (line = reader.readLine()) != null) {
            if (line.startsWith("PORT ")) {
                Thread drain = new Thread(() -> reader.lines().forEach(ignored -> {}));
                drain.setDaemon(true);
                drain.start();
                return process;
            }
        }
        throw new AssertionError("the node did not start");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
