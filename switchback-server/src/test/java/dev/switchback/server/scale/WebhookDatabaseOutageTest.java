package dev.switchback.server.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppService;
import dev.switchback.athlete.Athlete;
import dev.switchback.ratelimit.RateLimits;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.LogCapture;
import dev.switchback.server.testing.Receiver;
import dev.switchback.server.testing.TcpProxy;
import dev.switchback.server.testing.TestServer;
import dev.switchback.store.testing.TestDatabase;
import dev.switchback.testing.ScaleTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL going away in the middle of a stream of webhook events, and coming back (contract#webhook-delivery):
 * every event a committed change queued reaches the receiver at least once, a change that failed has none, and
 * the node's dispatcher resumes by itself, logging no ERROR. The outage is a {@link TcpProxy} between the node and
 * PostgreSQL that drops every connection and refuses new ones, as {@link DatabaseFaultTest} does: to the node it
 * is a restarted PostgreSQL, without stopping the server other tests share.
 */
@ScaleTest
class WebhookDatabaseOutageTest {
    /** Bounds a wait that would otherwise never end; never a speed the machine must reach. */
    private static final long HANG_SECONDS = 300;

    private static final int CREATIONS = 200;
    private static final String PATH = "/hooks";
    private static final Pattern OBJECT = Pattern.compile("\"object_id\":(\\d+),\"object_type\":\"activity\"");

    private final Receiver receiver = Receiver.start();
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicReference<String> unexpected = new AtomicReference<>();
    private TestDatabase database;
    private TcpProxy proxy;
    private TestServer node;
    private LogCapture log;

    @BeforeEach
    void start() throws Exception {
        database = TestDatabase.postgres();
        proxy = new TcpProxy("127.0.0.1", 5432);
        log = LogCapture.start();
        node = TestServer.start(Map.of("database.url", database.url().replace(":5432/", ":" + proxy.port() + "/")));
    }

    @AfterEach
    void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        log.close();
        proxy.close();
        receiver.close();
        database.close();
    }

    @Test
    void postgresGoingAwayMidStream_losesNoCommittedEvent_queuesNoneForAFailedWrite_andDeliveryResumesByItself()
            throws Exception {
        Athlete marianne = node.createAthlete("marianne");
        AppService.CreatedApp app = node.createApp("Training Log", "localhost");
        // More requests than Strava's 200 a quarter hour: the stream must not meet the rate limit.
        node.switchback().apps().setRateLimits(app.app().clientId(), new RateLimits(10_000, 10_000, 10_000, 10_000));
        Flows.subscribe(node, app, receiver.url(PATH));
        String bearer = "Bearer "
                + Flows.tokens(node, app, "marianne", "activity:read,activity:write")
                        .get("access_token")
                        .asString();
        Thread writer = new Thread(() -> createRuns(bearer), "outage-writer");
        writer.start();

        await("events flowing before the outage", () -> receiver.events(PATH).size() >= 20);
        proxy.cut();
        int refusedBefore = refused.get();
        await("writes refused while PostgreSQL is away", () -> refused.get() >= refusedBefore + 3);
        proxy.restore();
        writer.join(TimeUnit.SECONDS.toMillis(HANG_SECONDS));
        assertThat(writer.isAlive()).as("the writer finished").isFalse();
        assertThat(unexpected.get()).as("a write answered neither 201 nor 503").isNull();
        assertThat(created.get()).isEqualTo(CREATIONS);
        // Time passes: a lease taken before the cut whose outcome could not be recorded runs out (30 s), and a
        // retry comes due. The node's clock is the test's; nothing else is done to the node.
        node.clock().advance(Duration.ofMinutes(5));

        Set<Long> committed = committedActivities(marianne);
        await("every committed activity's event", () -> delivered().containsAll(committed));
        assertThat(committed)
                .as("every write answered 201, and any whose COMMIT's answer was lost but committed")
                .hasSizeGreaterThanOrEqualTo(CREATIONS);
        assertThat(delivered()).as("no event for a write that failed").isEqualTo(committed);
        assertThat(refused.get()).as("writes failed while PostgreSQL was away").isGreaterThanOrEqualTo(3);
        assertThat(node.switchback().dispatcher().running()).isTrue();
        assertThat(log.text()).doesNotContain(" ERROR ");
    }

    /**
     * Creates runs until {@link #CREATIONS} were answered 201; one refused with the 503 of the outage is tried again,
     * any other answer stops it.
     */
    private void createRuns(String bearer) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_SECONDS);
        while (created.get() < CREATIONS && System.nanoTime() < deadline) {
            Http.Response response = node.http()
                    .postForm(
                            "/api/v3/activities",
                            Http.form(
                                    "name", "Run " + created.get(),
                                    "sport_type", "Run",
                                    "start_date_local", "2026-02-01T07:00:00Z",
                                    "elapsed_time", "1234"),
                            "Authorization",
                            bearer);
            if (response.status() == 201) {
                created.incrementAndGet();
            } else if (response.status() == 503) {
                refused.incrementAndGet();
            } else {
                unexpected.compareAndSet(null, response.status() + " " + response.body());
                return;
            }
        }
    }

    /** The activities the database holds after the outage: the writes that committed, whatever they were answered. */
    private Set<Long> committedActivities(Athlete athlete) {
        List<Long> ids = node.switchback()
                .database()
                .read(tx -> tx.sql("SELECT id FROM activities WHERE athlete_id = :athlete")
                        .bind("athlete", athlete.id())
                        .list(row -> row.getLong(1)));
        return new TreeSet<>(ids);
    }

    /** The activity ids of the create events the receiver was posted (each counted once, however often sent). */
    private Set<Long> delivered() {
        Set<Long> ids = new TreeSet<>();
        for (String body : receiver.events(PATH)) {
            Matcher matcher = OBJECT.matcher(body);
            if (matcher.find() && body.contains("\"aspect_type\":\"create\"")) {
                ids.add(Long.parseLong(matcher.group(1)));
            }
        }
        return ids;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
