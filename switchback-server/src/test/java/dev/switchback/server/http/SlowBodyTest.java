package dev.switchback.server.http;

import static dev.switchback.server.testing.Faults.ACCESS_TOKEN_INVALID;
import static dev.switchback.server.testing.Faults.tokenError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppService;
import dev.switchback.ratelimit.RateLimits;
import dev.switchback.server.config.Keys;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.RawHttp;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Clients that send a body slowly, or announce one too large, against the real server on real sockets
 * (contract#slow-bodies, contract#connection-limits, contract#input-limits). No test here asserts how long
 * anything takes: a bound only tells "answered" from "kept waiting".
 */
@HttpTest
class SlowBodyTest {
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String UNKNOWN_TOKEN = "0123456789abcdef0123456789abcdef01234567";
    /** Longer than any answer of a server that is not kept waiting takes, even on a busy machine. */
    private static final Duration SERVED = Duration.ofSeconds(20);

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        Collections.reverse(closeables);
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
    }

    @Test
    void hundredsOfSlowBodies_leaveAnotherClientServed_andHoldNoThreads() throws Exception {
        TestServer server = start(Map.of(
                "server.body-timeout",
                "2s",
                "server.max-connections-per-address",
                Keys.SERVER_MAX_CONNECTIONS_PER_ADDRESS.fallback().forProfile("strava")));
        Client client = Client.of(server);
        List<Long> quiet = client.serve(15);
        int threadsBefore = threads();

        List<Long> underAttack = new ArrayList<>();
        int peakThreads = threadsBefore;
        int peakReadingBodies = 0;
        try (SlowBodies attack =
                SlowBodies.start(server, List.of("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6"))) {
            attack.awaitEveryConnectionTried();
            for (int i = 0; i < 15; i++) {
                underAttack.addAll(client.serve(1));
                peakThreads = Math.max(peakThreads, threads());
                peakReadingBodies = Math.max(peakReadingBodies, threadsWaitingForABody());
            }
            assertThat(attack.bytesSent()).as("the attack kept sending").isPositive();
        }

        System.out.printf(
                "normal client: p99 %d ms quiet, %d ms beside %d slow bodies; JVM threads %d before, at most %d"
                        + " during, at most %d of them waiting for a body%n",
                p99(quiet), p99(underAttack), SlowBodies.CONNECTIONS, threadsBefore, peakThreads, peakReadingBodies);
        assertThat(underAttack)
                .as("every request of the normal client was answered")
                .hasSize(30);
        assertThat(underAttack)
                .as("milliseconds each request of the normal client took (a starved one waits for its timeout)")
                .allMatch(millis -> millis < SERVED.toMillis());
        assertThat(peakReadingBodies).as("threads waiting for a slow body").isZero();
        assertThat(peakThreads - threadsBefore)
                .as("threads added beside %d slow bodies", SlowBodies.CONNECTIONS)
                .isLessThan(SlowBodies.CONNECTIONS / 2);
    }

    @Test
    void aDeclaredBodyOverTheLimit_is413BeforeAByteOfItIsSent_andTheConnectionCloses() {
        TestServer server = start(Map.of("server.body-timeout", "60s"));

        try (RawHttp raw = RawHttp.connect(server)) {
            raw.send(headers("POST", "/oauth/token", FORM, "Content-Length: 65537"));
            RawHttp.Response response = raw.read(Duration.ofSeconds(40));

            assertThat(response.status()).as(response.head()).isEqualTo(413);
            assertThat(response.body())
                    .isEqualTo(tokenError(
                            "Request",
                            "body",
                            "too large",
                            "invalid_request",
                            "body is larger than the server accepts"));
            assertThat(response.header("X-Frame-Options")).contains("DENY");
            assertThat(response.header("Connection")).contains("close");
            assertThat(raw.closedWithin(SERVED)).isTrue();
        }
    }

    @Test
    void aDeclaredUploadOverTheUploadLimit_is413BeforeAByteOfItIsSent() {
        TestServer server = start(Map.of("server.body-timeout", "60s", "upload.max-file-size", "1048576"));
        String bearer = Flows.bearerOfNewApp(server, createAthlete(server), "activity:write");

        try (RawHttp raw = RawHttp.connect(server)) {
            raw.send(headers(
                    "POST",
                    "/api/v3/uploads",
                    "multipart/form-data; boundary=b0undary",
                    "Authorization: " + bearer,
                    "Content-Length: " + (1048576 + 65536 + 1)));
            RawHttp.Response response = raw.read(Duration.ofSeconds(40));

            assertThat(response.status()).as(response.head()).isEqualTo(413);
            assertThat(response.body())
                    .isEqualTo(
                            dev.switchback.server.testing.Faults.fault("Bad Request", "Request", "body", "too large"));
        }
    }

    @Test
    void aBodyThatTricklesIn_is408AfterTheBodyTimeout_andTheConnectionCloses() throws Exception {
        TestServer server = start(Map.of("server.body-timeout", "1s"));

        try (RawHttp raw = RawHttp.connect(server)) {
            raw.send(headers("POST", "/oauth/token", FORM, "Content-Length: 1000"));
            AtomicBoolean answered = new AtomicBoolean();
            Thread trickle = new Thread(() -> {
                while (!answered.get() && raw.trySend("a")) {
                    sleep(200);
                }
            });
            trickle.start();
            RawHttp.Response response;
            try {
                response = raw.read(SERVED);
            } finally {
                answered.set(true);
                trickle.join();
            }

            assertThat(response.status()).as(response.head()).isEqualTo(408);
            assertThat(response.body())
                    .isEqualTo(tokenError(
                            "Request",
                            "body",
                            "too slow",
                            "invalid_request",
                            "body did not arrive in the time allowed"));
            assertThat(raw.closedWithin(SERVED)).isTrue();
        }
    }

    @Test
    void aBearerHeader_isCheckedBeforeTheBodyIsRead() {
        TestServer server = start(Map.of("server.body-timeout", "60s"));

        try (RawHttp raw = RawHttp.connect(server)) {
            raw.send(headers(
                    "PUT", "/api/v3/athlete", FORM, "Authorization: Bearer " + UNKNOWN_TOKEN, "Content-Length: 1000"));
            RawHttp.Response response = raw.read(SERVED);

            assertThat(response.status()).as(response.head()).isEqualTo(401);
            assertThat(response.body()).isEqualTo(ACCESS_TOKEN_INVALID);
        }
    }

    @Test
    void aLiveBearerWithABodyInTwoParts_isServedAfterTheGuard() {
        TestServer server = start(Map.of("server.body-timeout", "60s"));
        String bearer = Flows.bearerOfNewApp(server, createAthlete(server), "profile:write");
        String body = "weight=61.5";

        try (RawHttp raw = RawHttp.connect(server)) {
            raw.send(headers(
                    "PUT", "/api/v3/athlete", FORM, "Authorization: " + bearer, "Content-Length: " + body.length()));
            sleep(300);
            raw.send(body);
            RawHttp.Response response = raw.read(SERVED);

            assertThat(response.status()).as(response.body()).isEqualTo(200);
            assertThat(response.header("X-RateLimit-Usage")).isPresent();
        }
    }

    @Test
    void anAccessTokenInTheBody_isStillAccepted_whenNoHeaderIsSent() {
        TestServer server = start();
        String token = Flows.bearerOfNewApp(server, createAthlete(server), "profile:write")
                .substring("Bearer ".length());

        Http.Response response = server.http()
                .send("PUT", "/api/v3/athlete", FORM, ("access_token=" + token + "&weight=61.5").getBytes());

        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    @Test
    void connectionsFromOneAddressOverTheLimit_areClosed_whileOtherAddressesAreServed() {
        TestServer server = start(Map.of("server.max-connections-per-address", "3"));
        List<RawHttp> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RawHttp raw = RawHttp.connect(server, "127.0.0.2");
            closeables.add(raw);
            held.add(raw);
            raw.send(headers("GET", "/login", null));
            assertThat(raw.read(SERVED).status()).isEqualTo(200);
        }

        RawHttp fourth = RawHttp.connect(server, "127.0.0.2");
        closeables.add(fourth);
        assertThat(fourth.closedWithin(SERVED))
                .as("a fourth connection from 127.0.0.2")
                .isTrue();
        try (RawHttp other = RawHttp.connect(server, "127.0.0.1")) {
            other.send(headers("GET", "/login", null));
            assertThat(other.read(SERVED).status())
                    .as("a connection from 127.0.0.1")
                    .isEqualTo(200);
        }

        held.get(0).close();
        assertThat(servedFrom(server, "127.0.0.2"))
                .as("127.0.0.2 once one of its connections closed")
                .isTrue();
    }

    /** Whether a new connection from {@code address} is served, trying a few times while a close is noticed. */
    private static boolean servedFrom(TestServer server, String address) {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (RawHttp raw = RawHttp.connect(server, address)) {
                if (raw.trySend(headers("GET", "/login", null)) && !raw.closedWithin(Duration.ofMillis(200))) {
                    return true;
                }
            }
        }
        return false;
    }

    private TestServer start() {
        return start(Map.of());
    }

    private TestServer start(Map<String, String> settings) {
        TestServer server = TestServer.start(settings);
        closeables.add(server);
        return server;
    }

    private static String createAthlete(TestServer server) {
        server.createAthlete("marianne");
        return "marianne";
    }

    static String headers(String method, String path, String contentType, String... more) {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        for (String header : more) {
            head.append(header).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    private static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Threads blocked in a servlet's read of a request body: what a slow body held, one each. */
    private static int threadsWaitingForABody() {
        int waiting = 0;
        for (StackTraceElement[] stack : Thread.getAllStackTraces().values()) {
            for (StackTraceElement frame : stack) {
                if (frame.getClassName().equals("org.eclipse.jetty.ee10.servlet.HttpInput")
                        && frame.getMethodName().equals("read")) {
                    waiting++;
                    break;
                }
            }
        }
        return waiting;
    }

    private static long p99(List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A well-behaved API client: bearer reads and refreshes, each of which must be answered. */
    private static final class Client {
        private final Http http;
        private final AppService.CreatedApp app;
        private String bearer;
        private String refreshToken;

        private Client(Http http, AppService.CreatedApp app, String bearer, String refreshToken) {
            this.http = http;
            this.app = app;
            this.bearer = bearer;
            this.refreshToken = refreshToken;
        }

        static Client of(TestServer server) {
            server.createAthlete("marianne");
            AppService.CreatedApp app = server.createApp("Training Log", "localhost");
            server.switchback()
                    .apps()
                    .setRateLimits(app.app().clientId(), new RateLimits(10_000, 10_000, 10_000, 10_000));
            JsonNode tokens = Flows.tokens(server, app, "marianne", "read");
            return new Client(
                    server.http(),
                    app,
                    "Bearer " + tokens.get("access_token").asString(),
                    tokens.get("refresh_token").asString());
        }

        /** {@code pairs} times a bearer read and a refresh; the time each took, in milliseconds. */
        List<Long> serve(int pairs) {
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                long start = System.nanoTime();
                Http.Response athlete = http.get("/api/v3/athlete", "Authorization", bearer);
                assertThat(athlete.status()).as(athlete.body()).isEqualTo(200);
                millis.add((System.nanoTime() - start) / 1_000_000);

                start = System.nanoTime();
                Http.Response refreshed = http.postForm(
                        "/oauth/token",
                        Http.form(
                                "client_id",
                                app.app().clientId().toString(),
                                "client_secret",
                                app.secret().value(),
                                "grant_type",
                                "refresh_token",
                                "refresh_token",
                                refreshToken));
                assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
                refreshToken = refreshed.json().get("refresh_token").asString();
                bearer = "Bearer " + refreshed.json().get("access_token").asString();
                millis.add((System.nanoTime() - start) / 1_000_000);
            }
            return millis;
        }
    }

    /**
     * The attack of the review, with more connections than Jetty has threads (250): connections from a few
     * addresses that each send {@code POST /oauth/token} headers announcing a body of 1,000 bytes (or, on every
     * other connection, {@code POST /api/v3/uploads} headers without a token, announcing 1,000,000), then one
     * byte of the body every 250 ms; a connection the server closes is
     * opened again (at most 40 a round, so the attack stays a trickle and not a flood).
     */
    private static final class SlowBodies implements AutoCloseable {
        static final int CONNECTIONS = 400;
        private static final int REOPENED_PER_ROUND = 40;
        private static final String TOKEN = headers("POST", "/oauth/token", FORM, "Content-Length: 1000");
        private static final String UPLOAD =
                headers("POST", "/api/v3/uploads", "multipart/form-data; boundary=b0undary", "Content-Length: 1000000");

        private final TestServer server;
        private final List<String> addresses;
        private final RawHttp[] slots = new RawHttp[CONNECTIONS];
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final AtomicInteger tried = new AtomicInteger();
        private final AtomicInteger bytesSent = new AtomicInteger();
        private final Thread thread;

        private SlowBodies(TestServer server, List<String> addresses) {
            this.server = server;
            this.addresses = addresses;
            this.thread = new Thread(this::attack, "slow-bodies");
        }

        static SlowBodies start(TestServer server, List<String> addresses) {
            SlowBodies attack = new SlowBodies(server, addresses);
            attack.thread.start();
            return attack;
        }

        void awaitEveryConnectionTried() throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (tried.get() < CONNECTIONS && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }

        int bytesSent() {
            return bytesSent.get();
        }

        private void attack() {
            while (!stopped.get()) {
                int reopened = 0;
                for (int i = 0; i < CONNECTIONS && !stopped.get(); i++) {
                    if (slots[i] != null && slots[i].trySend("a")) {
                        bytesSent.incrementAndGet();
                        continue;
                    }
                    if (slots[i] != null) {
                        slots[i].close();
                        slots[i] = null;
                    }
                    if (reopened++ < REOPENED_PER_ROUND) {
                        slots[i] = open(addresses.get(i % addresses.size()), i % 2 == 0 ? TOKEN : UPLOAD);
                        tried.incrementAndGet();
                    }
                }
                sleep(250);
            }
        }

        private RawHttp open(String address, String headers) {
            try {
                RawHttp raw = RawHttp.connect(server, address);
                return raw.trySend(headers) ? raw : null;
            } catch (RuntimeException e) {
                return null;
            }
        }

        @Override
        public void close() {
            stopped.set(true);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping the slow bodies", e);
            }
            for (RawHttp slot : slots) {
                if (slot != null) {
                    slot.close();
                }
            }
        }
    }
}
