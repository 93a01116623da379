package dev.switchback.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppService;
import dev.switchback.ratelimit.RateLimits;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Strava's rate-limit headers and 429s on the API (contract#rate-limit-headers, contract#rate-limit-429), over HTTP. */
@HttpTest
class RateLimitHeadersTest {
    private TestServer server;
    private AppService.CreatedApp app;
    private String bearer;

    @BeforeEach
    void start() {
        server = TestServer.start();
        server.createAthlete("marianne");
        app = server.createApp("Training Log", "example.com");
        bearer = "Bearer "
                + Flows.tokens(server, app, "marianne", "read")
                        .get("access_token")
                        .asString();
        server.clock().set(Instant.parse("2026-03-01T10:05:00Z"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Http.Response athlete() {
        return server.http().get("/api/v3/athlete", "Authorization", bearer);
    }

    @Test
    void everyApiResponse_carriesTheFourHeaders_withStravaDefaults() {
        athlete();

        Http.Response response = athlete();

        assertThat(response.header("X-RateLimit-Limit")).contains("200,2000");
        assertThat(response.header("X-RateLimit-Usage")).contains("2,2");
        assertThat(response.header("X-ReadRateLimit-Limit")).contains("100,1000");
        assertThat(response.header("X-ReadRateLimit-Usage")).contains("2,2");
    }

    @Test
    void tokenEndpoint_carriesNoRateLimitHeaders() {
        String refresh = Flows.tokens(server, app, "marianne", "read")
                .get("refresh_token")
                .asString();

        Http.Response response = Flows.refresh(server, app, refresh);

        assertThat(response.headers().keySet())
                .noneMatch(name -> name.toLowerCase().contains("ratelimit"));
    }

    @Test
    void pastTheRead15MinuteLimit_answers429WithStravaBodyAndHeaders_andRejectedRequestsCount() {
        server.switchback().apps().setRateLimits(app.app().clientId(), new RateLimits(10, 100, 2, 100));
        athlete();
        athlete();

        Http.Response rejected = athlete();
        Http.Response againRejected = athlete();

        assertThat(rejected.status()).isEqualTo(429);
        assertThat(rejected.body())
                .isEqualTo("{\"message\":\"Rate Limit Exceeded\",\"errors\":[{\"resource\":\"Application\","
                        + "\"field\":\"read rate limit\",\"code\":\"exceeded\"}]}");
        assertThat(rejected.header("X-ReadRateLimit-Usage")).contains("3,3");
        assertThat(againRejected.header("X-ReadRateLimit-Usage")).contains("4,4");
        assertThat(againRejected.header("X-RateLimit-Limit")).contains("10,100");
    }

    @Test
    void pastTheOverallLimit_theFieldIsOverallRateLimit() {
        server.switchback().apps().setRateLimits(app.app().clientId(), new RateLimits(1, 100, 5, 100));
        athlete();

        Http.Response rejected = athlete();

        assertThat(rejected.status()).isEqualTo(429);
        assertThat(rejected.json().get("errors").get(0).get("field").asString()).isEqualTo("overall rate limit");
    }

    @Test
    void atTheNextQuarterHour_theShortWindowStartsAgain() {
        server.switchback().apps().setRateLimits(app.app().clientId(), new RateLimits(10, 100, 1, 100));
        athlete();
        assertThat(athlete().status()).isEqualTo(429);

        server.clock().set(Instant.parse("2026-03-01T10:15:00Z"));
        Http.Response response = athlete();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("X-ReadRateLimit-Usage")).contains("1,3");
    }

    @Test
    void atMidnightUtc_theDailyWindowStartsAgain() {
        server.switchback().apps().setRateLimits(app.app().clientId(), new RateLimits(10, 10, 10, 10));
        server.clock().set(Instant.parse("2026-03-01T23:59:59Z"));
        bearer = "Bearer "
                + Flows.tokens(server, app, "marianne", "read")
                        .get("access_token")
                        .asString();
        athlete();

        server.clock().advance(Duration.ofSeconds(1));
        Http.Response response = athlete();

        assertThat(response.header("X-RateLimit-Usage")).contains("1,1");
    }

    @Test
    void deauthorize_countsAndCarriesTheHeaders() {
        athlete();

        Http.Response response = server.http().postEmpty("/oauth/deauthorize", "Authorization", bearer);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("X-RateLimit-Usage")).contains("2,2");
        assertThat(response.header("X-ReadRateLimit-Usage")).contains("2,2");
    }

    @Test
    void aRequestWithAnInvalidToken_isNotCountedAgainstAnyApp() {
        server.http().get("/api/v3/athlete", "Authorization", "Bearer " + "0".repeat(40));

        assertThat(athlete().header("X-RateLimit-Usage")).contains("1,1");
    }
}
