package dev.switchback.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchback.fault.FaultException;
import dev.switchback.testing.HttpTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code strava.webhooks()}: trigger an event to a real receiver, see it pending while the receiver fails, clear it. */
@HttpTest
class WebhooksTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef01234567";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @RegisterExtension
    static SwitchbackExtension strava = SwitchbackExtension.withSeed("seed.json");

    private final List<String> posts = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private HttpServer receiver;
    private long demo;

    @BeforeEach
    void subscribe() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        receiver.createContext("/hooks", this::answer);
        receiver.start();
        String callback = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
        String form = "client_id=1&client_secret=" + SECRET + "&verify_token=v&callback_url="
                + URLEncoder.encode(callback, StandardCharsets.UTF_8);
        HttpResponse<String> created = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(strava.baseUrl() + "/api/v3/push_subscriptions"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(form))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        demo = strava.server()
                .switchback()
                .athletes()
                .findByUsername("demo")
                .orElseThrow()
                .id()
                .value();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    /** The handshake's challenge echoed; every post recorded and answered {@link #status}. */
    private void answer(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        byte[] body = exchange.getRequestMethod().equals("GET")
                ? ("{\"hub.challenge\":\"" + query.replaceAll(".*hub.challenge=([^&]*).*", "$1") + "\"}")
                        .getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        int answer = 200;
        if (exchange.getRequestMethod().equals("POST")) {
            posts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            answer = status.get();
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void trigger_deliversExactlyTheEventsBody_toTheSubscribedApp() throws Exception {
        String body = strava.webhooks().trigger(1, "activity", "update", 42, demo, Map.of("title", "Lunch Ride"));

        await("the event", () -> posts.size() == 1);
        assertThat(posts).containsExactly(body);
        assertThat(body).contains("\"object_id\":42,").contains("\"updates\":{\"title\":\"Lunch Ride\"}");
    }

    @Test
    void pending_showsAnEventTheReceiverRefused_andClear_meansItIsNeverSent() throws Exception {
        status.set(503);
        strava.webhooks().trigger(1, "activity", "create", 7, demo);
        await(
                "a refused attempt",
                () -> strava.webhooks().pending().stream().anyMatch(e -> e.attempts() == 1 && !e.inFlight()));

        SwitchbackExtension.WebhookEvent pending = strava.webhooks().pending().get(0);
        assertThat(pending.clientId()).isEqualTo(1);
        assertThat(pending.body()).contains("\"object_id\":7,");
        assertThat(strava.webhooks().clear()).isEqualTo(1);
        assertThat(strava.webhooks().pending()).isEmpty();

        status.set(200);
        strava.clock().advance(Duration.ofHours(1));
        strava.webhooks().trigger(1, "activity", "create", 8, demo);
        await("the next event", () -> posts.size() == 2);
        assertThat(posts.get(1)).as("the cleared event would have gone first").contains("\"object_id\":8,");
    }

    @Test
    void trigger_withABadField_throwsTheFaultNamingIt() {
        assertThatThrownBy(() -> strava.webhooks().trigger(1, "route", "create", 1, demo))
                .isInstanceOf(FaultException.class)
                .hasMessageContaining("object_type");
    }
}
