package dev.switchback.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppService;
import dev.switchback.ratelimit.RateLimits;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
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
    void managementPort_servesHealthToo() {
        server = TestServer.start(Map.of("management.port", "0"));

        Http.Response ready = management().get("/health/ready");

        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("status").asString()).isEqualTo("UP");
        assertThat(management().get("/health/live").status()).isEqualTo(200);
        assertThat(management().get("/nothing").status()).isEqualTo(404);
    }

    private Http management() {
        return new Http("http://127.0.0.1:" + server.server().managementPort().orElseThrow());
    }
}
