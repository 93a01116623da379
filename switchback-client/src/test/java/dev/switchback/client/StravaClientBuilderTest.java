package dev.switchback.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.testing.UnitTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The builder rejects bad input when it is given, naming the setting and the value (never a secret). */
@UnitTest
class StravaClientBuilderTest {
    private static StravaClient.Builder valid() {
        return StravaClient.builder().clientId(1234).clientSecret("0123456789abcdef0123456789abcdef01234567");
    }

    @Test
    void build_withIdAndSecretOnly_pointsAtStrava() {
        StravaClient client = valid().build();

        assertThat(client.baseUrl()).hasToString("https://www.strava.com");
        assertThat(client.timeout()).isEqualTo(StravaClient.DEFAULT_TIMEOUT);
        assertThat(client.redirectUri()).isEmpty();
    }

    @Test
    void clientSecret_nullOrBlank_isRejectedAtOnce() {
        assertThatThrownBy(() -> StravaClient.builder().clientSecret(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("clientSecret must not be null");
        assertThatThrownBy(() -> StravaClient.builder().clientSecret("   "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("clientSecret must not be blank");
    }

    @Test
    void clientSecret_withSpaces_isRejected_withoutEchoingTheSecret() {
        assertThatThrownBy(() -> StravaClient.builder().clientSecret("secret with spaces"))
                .isInstanceOf(IllegalArgumentException.class)
                .message()
                .doesNotContain("secret with spaces");
    }

    @Test
    void clientId_zeroOrNegative_isRejected() {
        assertThatThrownBy(() -> StravaClient.builder().clientId(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("clientId must be a positive integer (got 0)");
        assertThatThrownBy(() -> StravaClient.builder().clientId(-5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(got -5)");
    }

    @Test
    void build_withoutIdOrSecret_isRejected() {
        assertThatThrownBy(() -> StravaClient.builder().clientSecret("abc").build())
                .hasMessage("clientId is required");
        assertThatThrownBy(() -> StravaClient.builder().clientId(1).build()).hasMessage("clientSecret is required");
    }

    @Test
    void baseUrl_thatIsNotHttp_isRejected() {
        for (String bad : List.of(
                "ftp://example.com",
                "www.strava.com",
                "file:///etc/passwd",
                "https://",
                "http://host/?q=1",
                "https://host/#frag",
                "https://user:pw@host",
                "not a url",
                "")) {
            assertThatThrownBy(() -> StravaClient.builder().baseUrl(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("baseUrl");
        }
        assertThatThrownBy(() -> StravaClient.builder().baseUrl(null)).hasMessage("baseUrl must not be null");
    }

    @Test
    void baseUrl_withTrailingSlash_isNormalized() {
        assertThat(valid().baseUrl("http://127.0.0.1:8080/").build().baseUrl()).hasToString("http://127.0.0.1:8080");
    }

    @Test
    void redirectUri_relativeOrWithoutHostOrWithFragment_isRejected() {
        for (String bad : List.of(
                "/exchange_token",
                "localhost/cb",
                "http://localhost/cb#x",
                "mailto:someone@example.com",
                "http://exa mple.com/",
                " ")) {
            assertThatThrownBy(() -> StravaClient.builder().redirectUri(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("redirectUri");
        }
    }

    @Test
    void redirectUri_withCustomSchemeForAMobileApp_isAccepted() {
        assertThat(valid().redirectUri("myapp://example.com/callback").build().redirectUri())
                .isPresent();
    }

    @Test
    void timeout_zeroOrNegative_isRejected() {
        assertThatThrownBy(() -> StravaClient.builder().timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StravaClient.builder().timeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void authorizeUrl_withoutRedirectUri_saysWhatIsMissing() {
        assertThatThrownBy(() -> valid().build().authorizeUrl(List.of("read"), null, StravaClient.ApprovalPrompt.AUTO))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("redirectUri");
    }

    @Test
    void authorizeUrl_hasStravasParameters_withCommaSeparatedScopes() {
        StravaClient client =
                valid().redirectUri("http://localhost/exchange_token").build();

        assertThat(client.authorizeUrl(List.of("read", "activity:read_all"), "xyz", StravaClient.ApprovalPrompt.FORCE))
                .hasToString(
                        "https://www.strava.com/oauth/authorize?client_id=1234&redirect_uri=http%3A%2F%2Flocalhost%2Fexchange_token"
                                + "&response_type=code&approval_prompt=force&scope=read,activity:read_all&state=xyz");
        assertThat(client.mobileAuthorizeUrl(List.of("read"), null, StravaClient.ApprovalPrompt.AUTO)
                        .toString())
                .startsWith("https://www.strava.com/oauth/mobile/authorize?")
                .doesNotContain("state=");
    }

    @Test
    void authorizeUrl_withNoOrMalformedScope_isRejected() {
        StravaClient client = valid().redirectUri("http://localhost/cb").build();

        assertThatThrownBy(() -> client.authorizeUrl(List.of(), null, StravaClient.ApprovalPrompt.AUTO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.authorizeUrl(List.of("read&evil=1"), null, StravaClient.ApprovalPrompt.AUTO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("read&evil=1");
    }

    @Test
    void calls_withMalformedTokenOrPath_areRejectedBeforeSending() {
        StravaClient client = valid().build();

        assertThatThrownBy(() -> client.refresh("two words"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("refreshToken must be 1 to 4096 visible ASCII characters (got 9 characters)");
        assertThatThrownBy(() -> client.get("token", "athlete")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.get("token", "//evil.example.com/x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.get("token", "/athlete?access_token=x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tokenManager_withMarginOfAnHourOrMore_isRejected() {
        StravaClient client = valid().build();

        assertThatThrownBy(() -> TokenManager.create(client, new InMemoryTokenStore(), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("margin must be between 0 and 55m (got 1h)");
    }

    @Test
    void tokens_toString_neverShowsATokenInFull() {
        Tokens tokens = new Tokens(
                "0123456789abcdef0123456789abcdef01234567",
                "fedcba9876543210fedcba9876543210fedcba98",
                java.time.Instant.EPOCH,
                java.util.Optional.empty(),
                List.of());

        assertThat(tokens.toString())
                .contains("012345...")
                .contains("fedcba...")
                .doesNotContain("0123456789abcdef")
                .doesNotContain("fedcba9876543210");
    }
}
