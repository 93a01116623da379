package dev.switchback.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.athlete.NewAthlete;
import dev.switchback.fault.FaultException;
import dev.switchback.testing.HttpTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One server per class, returned to its seed before every test after the first. */
@HttpTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwitchbackExtensionTest {
    @RegisterExtension
    static SwitchbackExtension strava = SwitchbackExtension.withSeed("seed.json");

    private static String firstBaseUrl;

    private static int status(String path, String accessToken) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(strava.baseUrl() + path))
                .header("Authorization", "Bearer " + accessToken)
                .build();
        return HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    @Order(1)
    void aTest_changesDataArmsFaultsAndIsJournalled() throws Exception {
        firstBaseUrl = strava.baseUrl();
        assertThat(firstBaseUrl).startsWith("http://127.0.0.1:");
        strava.server()
                .switchback()
                .athletes()
                .create(new NewAthlete("extra", "Extra", "Athlete", "correct horse battery".toCharArray()));
        SwitchbackExtension.Tokens tokens = strava.issueTokens("demo", 1, "read");
        strava.faults().next("GET", "/api/v3/athlete", 503, 2);
        assertThat(status("/api/v3/athlete", tokens.accessToken())).isEqualTo(503);

        assertThat(strava.faults().armed()).isEqualTo(1);
        assertThat(strava.requests()).hasSize(1);
        assertThat(strava.requests().get(0).injected()).isTrue();
    }

    @Test
    @Order(2)
    void theNextTest_startsFromTheSeedOnTheSameServer() throws Exception {
        assertThat(strava.baseUrl()).isEqualTo(firstBaseUrl);
        assertThat(strava.server().switchback().athletes().findByUsername("extra"))
                .isEmpty();
        assertThat(strava.faults().armed()).isZero();
        assertThat(strava.requests()).isEmpty();
        SwitchbackExtension.Tokens tokens = strava.issueTokens("demo", 1, "read");
        assertThat(status("/api/v3/athlete", tokens.accessToken())).isEqualTo(200);
    }

    @Test
    @Order(3)
    void shortLivedTokens_andTheClock_andRequestsSince() throws Exception {
        SwitchbackExtension.Tokens tokens = strava.issueTokens("demo", 1, "read", Duration.ofSeconds(60));
        assertThat(tokens.expiresAt()).isAfter(Instant.now().minusSeconds(1));
        assertThat(status("/api/v3/athlete", tokens.accessToken())).isEqualTo(200);
        long mark = strava.requests().get(0).id();

        strava.clock().advance(Duration.ofSeconds(61));

        assertThat(status("/api/v3/athlete", tokens.accessToken())).isEqualTo(401);
        assertThat(strava.requestsSince(mark))
                .extracting(SwitchbackExtension.Request::status)
                .containsExactly(401);
        assertThatThrownBy(() -> strava.clock().set(Instant.parse("2000-01-01T00:00:00Z")))
                .isInstanceOf(FaultException.class);
        assertThatThrownBy(() -> strava.faults().next("GET", "/api/v3/athlete", 404))
                .isInstanceOf(FaultException.class);
    }
}
