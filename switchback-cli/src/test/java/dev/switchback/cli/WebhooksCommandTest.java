package dev.switchback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.Switchback;
import dev.switchback.app.AppId;
import dev.switchback.athlete.AthleteId;
import dev.switchback.scope.Scope;
import dev.switchback.scope.ScopeSet;
import dev.switchback.server.testing.Receiver;
import dev.switchback.testing.HttpTest;
import dev.switchback.webhook.SubscriptionStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code switchback webhooks list|show|deliveries|redeliver} and the activity commands that cause events, on a
 * SQLite file: the CLI writes events to the outbox, and a dispatcher on the same file delivers them to a real
 * receiver on loopback.
 */
@HttpTest
class WebhooksCommandTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path directory;

    private Cli cli;
    private final Receiver receiver = Receiver.start();
    private long appId;

    @BeforeEach
    void setUp() throws IOException {
        cli = new Cli(directory.resolve("switchback.db"));
        cli.run(
                "athletes",
                "create",
                "--username",
                "marianne",
                "--firstname",
                "Marianne",
                "--lastname",
                "Vos",
                "--password",
                "correct horse battery");
        Cli.Result app =
                cli.run("apps", "create", "--name", "Training Log", "--callback-domain", "localhost", "--json");
        assertThat(app.exitCode()).as(app.err()).isZero();
        appId = JSON.readTree(app.out()).get("client_id").asLong();
        cli.withSwitchback(s -> {
            AthleteId marianne =
                    s.athletes().findByUsername("marianne").orElseThrow().id();
            return s.database().write(tx -> {
                new dev.switchback.oauth.GrantStore(s.database())
                        .putGrant(
                                tx,
                                new AppId(appId),
                                marianne,
                                ScopeSet.of(Scope.READ, Scope.ACTIVITY_READ),
                                Instant.now());
                return new SubscriptionStore()
                        .insert(tx, new AppId(appId), URI.create(receiver.url("/hook")), "v", Instant.now());
            });
        });
        Path ride = directory.resolve("ride.gpx");
        try (InputStream in = WebhooksCommandTest.class.getResourceAsStream("/tracks/annecy-run.gpx")) {
            Files.copy(in, ride);
        }
        assertThat(cli.run("activities", "import", ride.toString(), "--athlete", "marianne")
                        .exitCode())
                .isZero();
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    private JsonNode json(String... args) {
        Cli.Result result = cli.run(args);
        assertThat(result.exitCode()).as(result.err()).isZero();
        return JSON.readTree(result.out());
    }

    /** Runs a dispatcher on the file until the receiver has had {@code count} posts. */
    private void deliver(int count) {
        cli.withSwitchback(s -> {
            s.dispatcher().start();
            receiver.awaitEvents("/hook", count);
            awaitSettled(s);
            return null;
        });
    }

    private static void awaitSettled(Switchback s) {
        long deadline = System.nanoTime() + Receiver.PATIENCE.toNanos();
        while (s.deliveries().latest(Optional.empty(), 50).stream()
                .anyMatch(d -> d.event().state().equals("pending"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("events still pending");
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void list_showsTheSubscription_asATableAndAsJson() {
        Cli.Result table = cli.run("webhooks", "list");
        JsonNode json = json("webhooks", "list", "--app", Long.toString(appId), "--json");

        assertThat(table.out()).contains("ID", "APP", "CALLBACK URL").contains(receiver.url("/hook"));
        assertThat(json.get("subscriptions")).hasSize(1);
        assertThat(json.get("subscriptions").get(0).get("application_id").asLong())
                .isEqualTo(appId);
        assertThat(json("webhooks", "list", "--app", "999", "--json").get("subscriptions"))
                .isEmpty();
    }

    @Test
    void deliveries_showEachEventsAttempts_withStatusAndLatency_thenShowAndRedeliver() {
        JsonNode pending = json("webhooks", "deliveries", "--json").get("events");
        assertThat(pending).hasSize(1);
        assertThat(pending.get(0).get("state").asString()).isEqualTo("pending");
        assertThat(pending.get(0).get("attempts")).isEmpty();

        deliver(1);
        JsonNode delivered = json("webhooks", "deliveries", "--app", Long.toString(appId), "--json")
                .get("events")
                .get(0);
        long eventId = delivered.get("id").asLong();
        Cli.Result shown = cli.run("webhooks", "show", Long.toString(eventId));
        Cli.Result table = cli.run("webhooks", "deliveries");
        Cli.Result redeliver = cli.run("webhooks", "redeliver", Long.toString(eventId));
        deliver(2);

        assertThat(delivered.get("state").asString()).isEqualTo("delivered");
        assertThat(delivered.get("aspect_type").asString()).isEqualTo("create");
        JsonNode attempt = delivered.get("attempts").get(0);
        assertThat(attempt.get("status").asInt()).isEqualTo(200);
        assertThat(attempt.get("latency_ms").isNumber()).isTrue();
        assertThat(attempt.get("at").asString()).endsWith("Z");
        assertThat(shown.out()).contains("delivered after 1 attempt(s)").contains("\"aspect_type\":\"create\"");
        assertThat(table.out()).contains("activity create").contains(" 200 ");
        assertThat(redeliver.exitCode()).as(redeliver.err()).isZero();
        assertThat(receiver.events("/hook"))
                .hasSize(2)
                .containsOnly(delivered.get("body").asString());
    }

    @Test
    void redeliver_ofAnUnknownEvent_failsWithOneClearLine() {
        Cli.Result result = cli.run("webhooks", "redeliver", "999");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("switchback: error: no webhook event with id 999\n");
    }

    @Test
    void activityVisibilityAndDelete_commands_writeTheEventsAppsWithActivityReadGet() {
        Cli.Result hidden = cli.run("activities", "visibility", "1", "only_me");
        Cli.Result shown = cli.run("activities", "visibility", "1", "everyone");
        Cli.Result deleted = cli.run("activities", "delete", "1");
        Cli.Result again = cli.run("activities", "delete", "1");

        assertThat(hidden.out()).isEqualTo("Activity 1 is now only_me.\n");
        assertThat(shown.exitCode()).isZero();
        assertThat(deleted.out()).isEqualTo("Deleted activity 1.\n");
        assertThat(again.err()).isEqualTo("switchback: error: no activity with id 1\n");
        JsonNode events = json("webhooks", "deliveries", "--json").get("events");
        assertThat(events)
                .extracting(e -> e.get("aspect_type").asString())
                .containsExactly("delete", "create", "delete", "create");
    }
}
