package dev.switchback.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.server.testing.Browser;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SDK against the real Switchback server: authorize, exchange, refresh, call the API, deauthorize. */
@HttpTest
class StravaClientTest {
    private Grants grants;
    private StravaClient client;

    @BeforeEach
    void start() {
        grants = Grants.start();
        client = grants.client;
    }

    @AfterEach
    void stop() {
        grants.close();
    }

    @Test
    void authorizeUrl_isAcceptedByTheServer_andTheExchangeRecordsTheTickedScopes() {
        Browser browser = new Browser(grants.server, "marianne").logIn();
        Http.Response consent = browser.authorize(client.authorizeUrl(
                        List.of("read", "activity:read", "profile:read_all"),
                        "s-123",
                        StravaClient.ApprovalPrompt.FORCE)
                .toString());
        Http.Response redirect = browser.approve(consent, List.of("activity:read"));

        assertThat(redirect.locationParam("state")).contains("s-123");
        Tokens tokens = client.exchange(
                redirect.locationParam("code").orElseThrow(),
                redirect.locationParam("scope").orElseThrow());

        assertThat(tokens.grantedScopes()).containsExactly("read", "activity:read");
        assertThat(tokens.athlete()).hasValueSatisfying(athlete -> {
            assertThat(athlete.username()).contains("marianne");
            assertThat(athlete.displayName()).isEqualTo("First marianne Last");
        });
        assertThat(tokens.expiresAt()).isEqualTo(TestServer.START.plus(Duration.ofHours(6)));
        assertThat(tokens.accessToken()).matches("[0-9a-f]{40}");
    }

    @Test
    void refresh_rotatesTheRefreshToken_andCarriesNoAthlete() {
        Tokens first = grants.authorize("read");
        grants.server.clock().advance(Duration.ofHours(6));

        Tokens second = client.refresh(first.refreshToken());

        assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
        assertThat(second.accessToken()).isNotEqualTo(first.accessToken());
        assertThat(second.athlete()).isEmpty();
        assertThat(second.expiresAt()).isEqualTo(grants.server.clock().instant().plus(Duration.ofHours(6)));
    }

    @Test
    void refresh_withTheRotatedAwayToken_throwsWithStravasFault() {
        Tokens first = grants.authorize("read");
        Tokens second = client.refresh(first.refreshToken());
        client.refresh(second.refreshToken()); // the new token used: the first is past the retry window

        assertThatThrownBy(() -> client.refresh(first.refreshToken()))
                .isInstanceOfSatisfying(StravaException.class, e -> {
                    assertThat(e.kind()).isEqualTo(StravaException.Kind.ERROR_STATUS);
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.isRefreshTokenInvalid()).isTrue();
                    assertThat(e.fault())
                            .hasValueSatisfying(f -> assertThat(f.message()).isEqualTo("Bad Request"));
                    assertThat(e.getMessage())
                            .isEqualTo(
                                    "POST /oauth/token: HTTP 400, Bad Request (RefreshToken/refresh_token: invalid)");
                });
    }

    @Test
    void exchange_withAnUnknownCode_throwsAuthorizationCodeInvalid() {
        assertThatThrownBy(() -> client.exchange("0123456789abcdef0123456789abcdef01234567"))
                .isInstanceOfSatisfying(
                        StravaException.class,
                        e -> assertThat(e.hasError("AuthorizationCode", "code", "invalid"))
                                .isTrue());
    }

    @Test
    void exchange_withAWrongSecret_throwsClientSecretInvalid_andNeverShowsTheSecret() {
        StravaClient wrong = grants.clientBuilder()
                .clientSecret("ffffffffffffffffffffffffffffffffffffffff")
                .build();

        assertThatThrownBy(() -> wrong.exchange("0123456789abcdef0123456789abcdef01234567"))
                .isInstanceOfSatisfying(StravaException.class, e -> {
                    assertThat(e.hasError("Application", "client_secret", "invalid"))
                            .isTrue();
                    assertThat(e.getMessage()).doesNotContain("ffffffff");
                });
    }

    @Test
    void get_athlete_returnsTheJsonBody() {
        Tokens tokens = grants.authorize("read");

        ApiResponse response = client.get(tokens.accessToken(), "/athlete");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().path("username").asString()).isEqualTo("marianne");
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).contains("json"));
        assertThat(client.get(tokens.accessToken(), "/api/v3/athlete", Map.of("x", "1"))
                        .body()
                        .path("id")
                        .asLong())
                .isEqualTo(response.body().path("id").asLong());
    }

    @Test
    void get_withAnExpiredToken_throws401AthleteAccessTokenInvalid() {
        Tokens tokens = grants.authorize("read");
        grants.server.clock().advance(Duration.ofHours(7));

        assertThatThrownBy(() -> client.get(tokens.accessToken(), "/athlete"))
                .isInstanceOfSatisfying(StravaException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.isAccessTokenInvalid()).isTrue();
                    assertThat(e.rateLimit()).isEmpty();
                });
    }

    @Test
    void get_anUnknownPath_throws404RecordNotFound() {
        Tokens tokens = grants.authorize("read");

        assertThatThrownBy(() -> client.get(tokens.accessToken(), "/no/such/thing"))
                .isInstanceOfSatisfying(StravaException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.fault().orElseThrow().message()).isEqualTo("Record Not Found");
                });
    }

    @Test
    void deauthorize_echoesTheToken_andTheGrantIsGone() {
        Tokens tokens = grants.authorize("read");

        ApiResponse response = client.deauthorize(tokens.accessToken());

        assertThat(response.body().path("access_token").asString()).isEqualTo(tokens.accessToken());
        assertThatThrownBy(() -> client.get(tokens.accessToken(), "/athlete")).isInstanceOf(StravaException.class);
        assertThatThrownBy(() -> client.refresh(tokens.refreshToken()))
                .isInstanceOfSatisfying(
                        StravaException.class,
                        e -> assertThat(e.isRefreshTokenInvalid()).isTrue());
    }

    @Test
    void pkce_challengeInTheAuthorizeUrl_andVerifierInTheExchange_areAcceptedTogether_andAWrongVerifierIsNot() {
        Pkce pkce = Pkce.generate();
        Browser browser = new Browser(grants.server, "marianne").logIn();
        String first = browser.approve(
                        browser.authorize(
                                client.authorizeUrl(List.of("read"), null, StravaClient.ApprovalPrompt.FORCE, pkce)
                                        .toString()),
                        List.of())
                .locationParam("code")
                .orElseThrow();
        String second = browser.approve(
                        browser.authorize(
                                client.authorizeUrl(List.of("read"), null, StravaClient.ApprovalPrompt.FORCE, pkce)
                                        .toString()),
                        List.of())
                .locationParam("code")
                .orElseThrow();

        assertThat(client.exchange(first, "read", pkce).accessToken()).matches("[0-9a-f]{40}");
        assertThatThrownBy(() -> client.exchange(second, "read", Pkce.generate()))
                .isInstanceOfSatisfying(
                        StravaException.class,
                        e -> assertThat(e.hasError("AuthorizationCode", "code_verifier", "invalid"))
                                .isTrue());
        assertThat(pkce.toString()).doesNotContain(pkce.verifier());
    }
}
