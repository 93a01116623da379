package dev.switchback.server.ops;

import static dev.switchback.server.testing.Faults.fault;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.api.activity.TrackImport;
import dev.switchback.api.activity.Visibility;
import dev.switchback.api.testing.TestTracks;
import dev.switchback.app.AppService;
import dev.switchback.athlete.Athlete;
import dev.switchback.ratelimit.RateLimits;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.RawHttp;
import dev.switchback.server.testing.Receiver;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Prometheus metrics and health on the management port (contract#metrics), against the real server. */
@HttpTest
class MetricsTest {
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void managementPort_isOffByDefault_andTheApiPortServesNoMetrics() {
        server = TestServer.start();

        assertThat(server.server().managementPort()).isEmpty();
        assertThat(server.http().get("/metrics").status()).isEqualTo(404);
    }

    @Test
    void metrics_countRequestsByRouteTemplate_grantsByOutcome_bearerChecks_rateLimits_pool_andJvm() {
        server = TestServer.start(Map.of("management.port", "0"));
        server.createAthlete("marianne");
        AppService.CreatedApp app = server.createApp("Training Log", "example.com");
        JsonNode tokens = Flows.tokens(server, app, "marianne", "read");
        String refresh = tokens.get("refresh_token").asString();
        assertThat(Flows.refresh(server, app, refresh).status()).isEqualTo(200);
        server.clock().advance(java.time.Duration.ofMinutes(5));
        assertThat(Flows.refresh(server, app, refresh).status()).isEqualTo(400);
        server.switchback().apps().setRateLimits(app.app().clientId(), new RateLimits(1, 1000, 1000, 1000));
        String bearer = "Bearer " + tokens.get("access_token").asString();
        assertThat(server.http().get("/api/v3/athlete", "Authorization", bearer).status())
                .isEqualTo(200);
        assertThat(server.http().get("/api/v3/athlete", "Authorization", bearer).status())
                .isEqualTo(429);
        server.http().get("/api/v3/athlete", "Authorization", "Bearer " + "0".repeat(40));

        Http.Response scrape = management().get("/metrics");

        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.body())
                .contains("switchback_http_server_requests_seconds_bucket{method=\"GET\",route=\"/api/v3/athlete\"")
                .contains("status=\"429\"")
                .contains("switchback_token_grants_total{grant_type=\"authorization_code\",outcome=\"issued\"} 1.0")
                .contains("switchback_token_grants_total{grant_type=\"refresh_token\",outcome=\"issued\"} 1.0")
                .contains("switchback_token_grants_total{grant_type=\"refresh_token\",outcome=\"replayed\"} 1.0")
                .contains("switchback_bearer_checks_total{outcome=\"valid\"} 2.0")
                .contains("switchback_bearer_checks_total{outcome=\"invalid\"} 1.0")
                .contains("switchback_bearer_cache_hits_total")
                .contains("switchback_ratelimit_rejections_total{bucket=\"overall\"} 1.0")
                .contains("switchback_group_commit_batch_size_count")
                .contains("switchback_group_commit_wait_seconds_bucket")
                .contains("switchback_uploads_queued")
                .contains("hikaricp_connections_active")
                .contains("jvm_memory_used_bytes")
                .contains("process_uptime_seconds");
        assertThat(scrape.body()).doesNotContain(tokens.get("access_token").asString());
    }

    @Test
    void metrics_garbageCollections_areCountedPerCollector_asOfTheScrape() {
        server = TestServer.start(Map.of("management.port", "0"));
        double before = collections(management().get("/metrics").body());

        System.gc(); // a full collection of this JVM, the server's too

        String after = management().get("/metrics").body();
        assertThat(after).containsPattern("jvm_gc_collection_seconds_sum\\{gc=\"[^\"]+\"} [0-9.E-]+");
        assertThat(collections(after)).isGreaterThanOrEqualTo(before + 1);
    }

    /** The collections of every collector, from a scrape. */
    private static double collections(String scrape) {
        return scrape.lines()
                .filter(line -> line.startsWith("jvm_gc_collection_seconds_count{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void metrics_aMethodOutsideTheStandardOnes_isLabelledOther_neverAsSent() {
        server = TestServer.start(Map.of("management.port", "0"));
        String madeUp = "SECRET" + "A1B2".repeat(250);

        for (String method : List.of(madeUp, "FOOBAR")) {
            try (RawHttp raw = RawHttp.connect(server)) {
                raw.send(method + " /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                        .read(Duration.ofSeconds(20));
            }
        }

        String scrape = awaitScrape(
                "switchback_http_server_requests_seconds_count{method=\"OTHER\",route=\"unmatched\",status=\"404\"} 2");
        assertThat(scrape).doesNotContain("SECRET").doesNotContain("FOOBAR");
    }

    @Test
    void managementPort_servesHealthToo() {
        server = TestServer.start(Map.of("management.port", "0"));

        Http.Response ready = management().get("/health/ready");

        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("status").asString()).isEqualTo("UP");
        assertThat(management().get("/health/live").status()).isEqualTo(200);
        assertThat(management().get("/nothing").status()).isEqualTo(404);
    }

    @Test
    void managementPort_aMethodOtherThanGetOrHead_is405_withAllow() {
        server = TestServer.start(Map.of("management.port", "0"));

        for (String path : List.of("/metrics", "/health/ready")) {
            RawHttp.Response response = managementExchange("DELETE " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n");

            assertThat(response.status()).isEqualTo(405);
            assertThat(response.header("Allow")).contains("GET, HEAD");
            assertThat(response.body()).isEqualTo(fault("Method Not Allowed", "resource", "method", "invalid"));
        }
    }

    @Test
    void managementPort_malformedRequests_areAnsweredAsOnTheApiPort_namingNoJavaClass() {
        server = TestServer.start(Map.of("management.port", "0"));

        RawHttp.Response badLength =
                managementExchange("GET /metrics HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\n\r\n");
        RawHttp.Response badLine = managementExchange("GARBAGE\r\n\r\n");
        RawHttp.Response badVersion = managementExchange("GET /metrics HTTP/9.9\r\nHost: localhost\r\n\r\n");
        RawHttp.Response badEscape = managementExchange("GET /health/live?%ZZ HTTP/1.1\r\nHost: localhost\r\n\r\n");

        assertThat(badLength.status()).isEqualTo(400);
        assertThat(badLength.body()).isEqualTo(fault("Bad Request", "Request", "", "invalid"));
        assertThat(badLine.status()).isEqualTo(400);
        assertThat(badLine.body()).isEqualTo(fault("Bad Request", "Request", "", "invalid"));
        assertThat(badVersion.status()).isEqualTo(505);
        assertThat(badVersion.body()).isEqualTo(fault("Bad Request", "Request", "version", "invalid"));
        try (RawHttp api = RawHttp.connect(server)) {
            assertThat(badEscape.status())
                    .isEqualTo(api.send("GET /health/live?%ZZ HTTP/1.1\r\nHost: localhost\r\n\r\n")
                            .read(Duration.ofSeconds(20))
                            .status());
        }
        for (RawHttp.Response response : List.of(badLength, badLine, badVersion, badEscape)) {
            assertThat(response.body()).doesNotContain("Exception").doesNotContain("java.");
        }
    }

    @Test
    void metrics_countWebhookAttemptsByOutcome_timeThem_andCountTheOutboxPending() {
        server = TestServer.start(Map.of("management.port", "0", "webhooks.retry-delays", "60s,120s"));
        Athlete marianne = server.createAthlete("marianne");
        try (Receiver receiver = Receiver.start()) {
            subscribe(receiver, "healthy");
            subscribe(receiver, "down");
            receiver.on("/down", Receiver.status(503, "text/plain", "maintenance"));

            server.switchback()
                    .activities()
                    .importTrack(
                            marianne.id(),
                            TestTracks.ride(TestServer.START.minus(Duration.ofDays(1))),
                            TrackImport.of(Visibility.EVERYONE));
            // One scrape is no snapshot: the gauge's count and the counters are read at moments apart, so the
            // pending count is awaited with them (a scrape once read it just before the retry was recorded).
            awaitScrape(
                    "switchback_webhook_deliveries_total{outcome=\"delivered\"} 1.0",
                    "switchback_webhook_deliveries_total{outcome=\"retry\"} 1.0",
                    "switchback_webhook_outbox_pending 1.0");
            server.clock().advance(Duration.ofSeconds(60));
            awaitScrape("switchback_webhook_deliveries_total{outcome=\"retry\"} 2.0");
            server.clock().advance(Duration.ofSeconds(120));
            String done = awaitScrape(
                    "switchback_webhook_deliveries_total{outcome=\"failed\"} 1.0",
                    "switchback_webhook_outbox_pending 0.0");

            assertThat(done)
                    .contains("switchback_webhook_deliveries_total{outcome=\"delivered\"} 1.0")
                    .contains("switchback_webhook_deliveries_total{outcome=\"retry\"} 2.0")
                    .contains("switchback_webhook_deliveries_total{outcome=\"unrecorded\"} 0.0")
                    .contains("switchback_webhook_attempt_duration_seconds_count 4")
                    .contains("switchback_webhook_attempt_duration_seconds_bucket")
                    .contains("switchback_webhook_delivery_lag_seconds_count 1");
            assertThat(receiver.events("/down")).hasSize(3);
        }
    }

    /** An app subscribed at the receiver's {@code /name} and authorized by Marianne to read her activities. */
    private void subscribe(Receiver receiver, String name) {
        AppService.CreatedApp app = server.createApp(name, "localhost");
        Flows.subscribe(server, app, receiver.url("/" + name));
        Flows.tokens(server, app, "marianne", "activity:read");
    }

    /** Scrapes until every line is there (up to the receiver's patience), and answers the last scrape. */
    private String awaitScrape(String... lines) {
        long deadline = System.nanoTime() + Receiver.PATIENCE.toNanos();
        while (true) {
            String body = management().get("/metrics").body();
            if (List.of(lines).stream().allMatch(body::contains)) {
                return body;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + List.of(lines) + " in the scrape");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** One request on a new connection to the management port, and its answer. */
    private RawHttp.Response managementExchange(String request) {
        try (RawHttp raw = RawHttp.connect(server.server().managementPort().orElseThrow())) {
            return raw.send(request).read(Duration.ofSeconds(20));
        }
    }

    private Http management() {
        return new Http("http://127.0.0.1:" + server.server().managementPort().orElseThrow());
    }
}
