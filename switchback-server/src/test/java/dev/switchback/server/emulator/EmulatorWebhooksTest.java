package dev.switchback.server.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppService;
import dev.switchback.athlete.Athlete;
import dev.switchback.server.testing.Faults;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.Receiver;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /_switchback/webhooks} (contract#emulator-webhooks): an event triggered without its change reaches a real
 * receiver through the outbox; the pending events are listed with their attempts, and cleared so none is sent.
 */
@HttpTest
class EmulatorWebhooksTest {
    private static final String PATH = "/hooks";

    private final Receiver receiver = Receiver.start();
    private TestServer server;
    private AppService.CreatedApp app;
    private Athlete marianne;
    private long subscription;

    @BeforeEach
    void start() {
        server = TestServer.start(Map.of("emulator", "true"));
        marianne = server.createAthlete("marianne");
        app = server.createApp("Training Log", "localhost");
        subscription = Flows.subscribe(server, app, receiver.url(PATH));
    }

    @AfterEach
    void stop() {
        receiver.close();
        server.close();
    }

    private Http.Response trigger(String json) {
        return server.http()
                .postJson(
                        "/_switchback/webhooks",
                        json.replace("APP", app.app().clientId().toString())
                                .replace("OWNER", Long.toString(marianne.id().value())));
    }

    private Http.Response activityCreated(long activity) {
        return trigger("{\"client_id\":APP,\"object_type\":\"activity\",\"aspect_type\":\"create\",\"object_id\":"
                + activity + ",\"owner_id\":OWNER}");
    }

    private JsonNode listed(String query) {
        Http.Response response = server.http().get("/_switchback/webhooks" + query);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    /** Waits until the list of {@code query} satisfies {@code condition}; answers it. */
    private JsonNode await(String query, String what, Predicate<JsonNode> condition) {
        long deadline = System.nanoTime() + Receiver.PATIENCE.toNanos();
        while (true) {
            JsonNode pending = listed(query);
            if (condition.test(pending)) {
                return pending;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; pending: " + pending);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** The one pending event once its first attempt is recorded and no POST of it is under way. */
    private JsonNode awaitOneFailedAttempt() {
        return await(
                        "",
                        "one pending event with one attempt",
                        p -> p.size() == 1
                                && p.get(0).get("attempts").asInt() == 1
                                && !p.get(0).get("in_flight").asBoolean())
                .get(0);
    }

    @Test
    void trigger_queuesTheEventThroughTheOutbox_andTheReceiverGetsExactlyItsBody() {
        Http.Response triggered = trigger(
                "{\"client_id\":APP,\"object_type\":\"activity\",\"aspect_type\":\"update\","
                        + "\"object_id\":123,\"owner_id\":OWNER,\"updates\":{\"title\":\"Morning Ride\",\"private\":\"true\"}}");

        String expected = "{\"aspect_type\":\"update\",\"event_time\":" + TestServer.START.getEpochSecond()
                + ",\"object_id\":123,\"object_type\":\"activity\",\"owner_id\":"
                + marianne.id().value()
                + ",\"subscription_id\":" + subscription
                + ",\"updates\":{\"title\":\"Morning Ride\",\"private\":\"true\"}}";
        assertThat(triggered.status()).as(triggered.body()).isEqualTo(201);
        assertThat(triggered.json().get("event"))
                .isEqualTo(JsonMapper.builder().build().readTree(expected));
        assertThat(receiver.awaitEvents(PATH, 1)).containsExactly(expected);
        JsonNode delivered = await("?state=delivered", "the event recorded delivered", d -> d.size() == 1);
        assertThat(delivered.get(0).get("id").asLong())
                .isEqualTo(triggered.json().get("id").asLong());
        assertThat(delivered.get(0).get("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void anAthleteEvent_isDeliveredAsTheDeauthorizationWouldBe() {
        Http.Response triggered = trigger("{\"client_id\":APP,\"object_type\":\"athlete\",\"aspect_type\":\"update\","
                + "\"object_id\":OWNER,\"owner_id\":OWNER,\"updates\":{\"authorized\":\"false\"}}");

        assertThat(triggered.status()).as(triggered.body()).isEqualTo(201);
        assertThat(receiver.awaitEvents(PATH, 1).get(0)).contains("\"updates\":{\"authorized\":\"false\"}");
    }

    @Test
    void aFailingReceiver_leavesItsEventPending_listedWithItsAttemptsAndNextAttempt() {
        receiver.on(PATH, Receiver.status(503, "text/plain", "down"));

        long id = activityCreated(77).json().get("id").asLong();

        JsonNode pending = awaitOneFailedAttempt();
        assertThat(pending.get("id").asLong()).isEqualTo(id);
        assertThat(pending.get("state").asString()).isEqualTo("pending");
        assertThat(pending.get("client_id").asLong())
                .isEqualTo(app.app().clientId().value());
        assertThat(pending.get("subscription_id").asLong()).isEqualTo(subscription);
        assertThat(pending.get("next_attempt_at").asString())
                .as("the first retry waits its delay (1 s by default)")
                .isEqualTo(TestServer.START.plusSeconds(1).toString());
        assertThat(pending.get("event").get("object_id").asLong()).isEqualTo(77);
        assertThat(pending.get("event").get("aspect_type").asString()).isEqualTo("create");
        assertThat(listed("?state=delivered")).isEmpty();
    }

    @Test
    void clear_deletesThePendingEvents_soNoneIsEverDelivered() {
        receiver.on(PATH, Receiver.status(503, "text/plain", "down"));
        activityCreated(1);
        awaitOneFailedAttempt();

        Http.Response cleared = server.http().send("DELETE", "/_switchback/webhooks", "application/json", new byte[0]);

        assertThat(cleared.status()).as(cleared.body()).isEqualTo(200);
        assertThat(cleared.json().get("cleared").asInt()).isEqualTo(1);
        assertThat(cleared.json().get("in_flight").asInt()).isZero();
        assertThat(listed("")).isEmpty();
        // Were the cleared event still queued, it would go before this one: its subscription's events go in order.
        receiver.on(PATH, Receiver.standard());
        server.http().postJson("/_switchback/clock", "{\"advance\":\"PT1H\"}");
        activityCreated(2);
        List<String> posts = receiver.awaitEvents(PATH, 2);
        assertThat(posts.get(1)).contains("\"object_id\":2,");
        await("?state=delivered", "the second event recorded delivered", d -> d.size() == 1);
        assertThat(listed("?state=failed")).isEmpty();
        assertThat(listed("")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not JSON               | [1]                                                                                     | 400 | body",
                "unknown field          | {\"client_id\":APP,\"object_type\":\"activity\",\"aspect_type\":\"create\",\"object_id\":1,\"owner_id\":OWNER,\"colour\":\"red\"} | 400 | colour",
                "client_id missing      | {\"object_type\":\"activity\",\"aspect_type\":\"create\",\"object_id\":1,\"owner_id\":OWNER}  | 400 | client_id",
                "client_id not an id    | {\"client_id\":\"x1\",\"object_type\":\"activity\",\"aspect_type\":\"create\",\"object_id\":1,\"owner_id\":OWNER} | 400 | client_id",
                "object_type a route    | {\"client_id\":APP,\"object_type\":\"route\",\"aspect_type\":\"create\",\"object_id\":1,\"owner_id\":OWNER} | 400 | object_type",
                "aspect_type unknown    | {\"client_id\":APP,\"object_type\":\"activity\",\"aspect_type\":\"rename\",\"object_id\":1,\"owner_id\":OWNER} | 400 | aspect_type",
                "object_id missing      | {\"client_id\":APP,\"object_type\":\"activity\",\"aspect_type\":\"create\",\"owner_id\":OWNER}  | 400 | object_id",
                "object_id zero         | {\"client_id\":APP,\"object_type\":\"activity\",\"aspect_type\":\"create\",\"object_id\":0,\"owner_id\":OWNER} | 400 | object_id",
                "owner_id a string      | {\"client_id\":APP,\"object_type\":\"activity\",\"aspect_type\":\"create\",\"object_id\":1,\"owner_id\":\"OWNER\"} | 400 | owner_id",
                "athlete not its owner  | {\"client_id\":APP,\"object_type\":\"athlete\",\"aspect_type\":\"update\",\"object_id\":424242,\"owner_id\":OWNER} | 400 | object_id",
                "updates not an object  | {\"client_id\":APP,\"object_type\":\"activity\",\"aspect_type\":\"update\",\"object_id\":1,\"owner_id\":OWNER,\"updates\":\"x\"} | 400 | updates",
                "updates with a number  | {\"client_id\":APP,\"object_type\":\"activity\",\"aspect_type\":\"update\",\"object_id\":1,\"owner_id\":OWNER,\"updates\":{\"title\":1}} | 400 | updates",
                "unknown app            | {\"client_id\":999999,\"object_type\":\"activity\",\"aspect_type\":\"create\",\"object_id\":1,\"owner_id\":OWNER} | 404 | client_id",
                "unknown owner          | {\"client_id\":APP,\"object_type\":\"activity\",\"aspect_type\":\"create\",\"object_id\":1,\"owner_id\":999999} | 404 | owner_id",
            })
    void badInput_isAFaultNamingTheField_andQueuesNothing(String what, String json, int status, String field) {
        Http.Response response = trigger(json);

        assertThat(response.status()).as(response.body()).isEqualTo(status);
        Faults.assertStravaShaped4xx(response);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
        assertThat(listed("")).isEmpty();
        assertThat(listed("?state=delivered")).isEmpty();
    }

    @Test
    void anAppWithoutASubscription_isA400NamingClientId_andQueuesNothing() {
        AppService.CreatedApp unsubscribed = server.createApp("Unsubscribed", "localhost");

        Http.Response response = server.http()
                .postJson(
                        "/_switchback/webhooks",
                        "{\"client_id\":" + unsubscribed.app().clientId()
                                + ",\"object_type\":\"activity\",\"aspect_type\":\"create\",\"object_id\":1,"
                                + "\"owner_id\":" + marianne.id().value() + "}");

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("client_id");
        assertThat(listed("")).isEmpty();
    }

    @Test
    void anUnknownState_isA400NamingState() {
        Http.Response response = server.http().get("/_switchback/webhooks?state=queued");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("state");
    }
}
