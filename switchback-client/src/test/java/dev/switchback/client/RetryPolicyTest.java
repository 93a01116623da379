package dev.switchback.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.app.AppService;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The opt-in retry policy against the emulator's injected 429s and 503s. */
@HttpTest
class RetryPolicyTest {
    /** 7.5 minutes before the next quarter hour. */
    private static final Clock AT_10_07_30 = Clock.fixed(Instant.parse("2026-03-01T10:07:30Z"), ZoneOffset.UTC);

    private TestServer server;
    private AppService.CreatedApp app;
    private String accessToken;
    private final List<Duration> waits = new ArrayList<>();

    @BeforeEach
    void start() {
        server = TestServer.start(Map.of("emulator", "true"));
        server.createAthlete("marianne");
        app = server.createApp("Training Log", "localhost");
        accessToken = server.http()
                .postJson(
                        "/_switchback/tokens",
                        "{\"athlete\":\"marianne\",\"client_id\":" + app.app().clientId() + "}")
                .json()
                .get("access_token")
                .asString();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private StravaClient client(RetryPolicy policy) {
        return StravaClient.builder()
                .baseUrl(server.baseUrl())
                .clientId(app.app().clientId().value())
                .clientSecret(app.secret().value())
                .clock(AT_10_07_30)
                .retry(policy.withSleeper(waits::add))
                .build();
    }

    private void arm(int status, int times) {
        Http.Response armed = server.http()
                .postJson(
                        "/_switchback/faults",
                        "{\"path\":\"/api/v3/athlete\",\"status\":" + status + ",\"times\":" + times + "}");
        assertThat(armed.status()).as(armed.body()).isEqualTo(201);
    }

    @Test
    void a429_waitsForTheNextQuarterHour_thenSucceeds() {
        arm(429, 2);

        ApiResponse response = client(RetryPolicy.of(3, Duration.ofMinutes(15))).get(accessToken, "/athlete");

        assertThat(response.status()).isEqualTo(200);
        assertThat(waits).containsExactly(Duration.ofSeconds(450), Duration.ofSeconds(450));
    }

    @Test
    void a503_waitsForItsRetryAfter() {
        arm(503, 1);

        assertThat(client(RetryPolicy.of(2, Duration.ofMinutes(1)))
                        .get(accessToken, "/athlete")
                        .status())
                .isEqualTo(200);
        assertThat(waits).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void pastItsAttempts_orItsLongestWait_theFaultIsThrown() {
        arm(429, 3);

        assertThatThrownBy(
                        () -> client(RetryPolicy.of(2, Duration.ofMinutes(15))).get(accessToken, "/athlete"))
                .isInstanceOfSatisfying(
                        StravaException.class, e -> assertThat(e.status()).isEqualTo(429));
        assertThat(waits).hasSize(1);

        waits.clear();
        assertThatThrownBy(
                        () -> client(RetryPolicy.of(5, Duration.ofMinutes(5))).get(accessToken, "/athlete"))
                .isInstanceOfSatisfying(
                        StravaException.class, e -> assertThat(e.status()).isEqualTo(429));
        assertThat(waits).isEmpty();
    }

    @Test
    void withoutAPolicy_a429IsThrownAtOnce() {
        arm(429, 1);

        assertThatThrownBy(() -> client(RetryPolicy.none()).get(accessToken, "/athlete"))
                .isInstanceOfSatisfying(
                        StravaException.class, e -> assertThat(e.status()).isEqualTo(429));
        assertThat(waits).isEmpty();
    }

    @Test
    void aUsedUpDailyLimit_waitsForMidnightUtc() {
        java.net.http.HttpHeaders headers = java.net.http.HttpHeaders.of(
                Map.of("X-RateLimit-Limit", List.of("200,2000"), "X-RateLimit-Usage", List.of("12,2000")),
                (name, value) -> true);

        assertThat(RetryPolicy.untilTheWindowStarts(headers, AT_10_07_30.instant()))
                .isEqualTo(Duration.ofHours(13).plusMinutes(52).plusSeconds(30));
    }
}
