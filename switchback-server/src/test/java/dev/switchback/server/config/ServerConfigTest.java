package dev.switchback.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.oauth.OAuthPolicy;
import dev.switchback.testing.UnitTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Typed, validated configuration: every refusal names the key, the value seen and where it came from. */
@UnitTest
class ServerConfigTest {
    @TempDir
    Path directory;

    private static ServerConfig withFlags(Map<String, String> flags) {
        return ServerConfig.from(Settings.load(Optional.empty(), Map.of(), flags));
    }

    private static ServerConfig withFlag(String key, String value) {
        return withFlags(Map.of(key, value));
    }

    @Test
    void portNotANumber_isRefusedWithKeyValueAndSource() {
        assertThatThrownBy(() -> withFlag("server.port", "abc"))
                .isInstanceOf(Settings.SettingsException.class)
                .hasMessage("server.port must be a whole number (got 'abc' from flag)");
    }

    @Test
    void portOutOfRange_fromTheFile_isRefusedNamingTheFile() throws IOException {
        Path file = directory.resolve("switchback.properties");
        Files.writeString(file, "server.port=70000\n");

        assertThatThrownBy(() -> ServerConfig.from(Settings.load(Optional.of(file), Map.of(), Map.of())))
                .isInstanceOf(Settings.SettingsException.class)
                .hasMessage("server.port must be between 0 and 65535 (got '70000' from file " + file + ")");
    }

    @Test
    void unknownProfile_fromTheEnvironment_isRefusedNamingTheVariable() {
        assertThatThrownBy(() -> ServerConfig.from(
                        Settings.load(Optional.empty(), Map.of("SWITCHBACK_PROFILE", "lax"), Map.of())))
                .isInstanceOf(Settings.SettingsException.class)
                .hasMessage(
                        "profile must be strava or hardened (got 'lax' from environment variable SWITCHBACK_PROFILE)");
    }

    @Test
    void retryWindowOverSixtySeconds_isRefused() {
        assertThatThrownBy(() -> withFlag("oauth.refresh-retry-window", "61s"))
                .isInstanceOf(Settings.SettingsException.class)
                .hasMessageStartingWith("oauth.refresh-retry-window must be between 0s and 60s")
                .hasMessageContaining("61s")
                .hasMessageContaining("from flag");
    }

    @Test
    void retryWindowOfSixtySeconds_isTheMostAllowed() {
        assertThat(withFlag("oauth.refresh-retry-window", "60s").oauth().refreshRetryWindow())
                .isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void booleanNeitherTrueNorFalse_isRefused() {
        assertThatThrownBy(() -> withFlag("oauth.pkce-required", "maybe"))
                .isInstanceOf(Settings.SettingsException.class)
                .hasMessage("oauth.pkce-required must be true or false (got 'maybe' from flag)");
    }

    @ParameterizedTest
    @CsvSource({"true, true", "yes, true", "ON, true", "1, true", "false, false", "no, false", "Off, false", "0, false"
    })
    void booleans_acceptTheUsualSpellings(String value, boolean expected) {
        assertThat(withFlag("demo", value).demo()).isEqualTo(expected);
    }

    @Test
    void otherDatabase_isRefusedWithKeyValueAndSource() {
        assertThatThrownBy(() -> withFlag("database.url", "mysql://x"))
                .isInstanceOf(Settings.SettingsException.class)
                .hasMessageStartingWith("database.url must be a SQLite file or a PostgreSQL URL")
                .hasMessageContaining("mysql://x")
                .hasMessageContaining("from flag");
    }

    @Test
    void poolSizeZero_isRefused() {
        assertThatThrownBy(() -> withFlag("database.pool-size", "0"))
                .hasMessage("database.pool-size must be between 1 and 200 (got '0' from flag)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com", "example.com", "https://"})
    void publicUrlThatIsNotHttp_isRefused(String value) {
        assertThatThrownBy(() -> withFlag("server.public-url", value))
                .isInstanceOf(Settings.SettingsException.class)
                .hasMessageStartingWith(
                        "server.public-url must be an http or https URL (got '" + value + "' from flag)");
    }

    @Test
    void publicUrl_isUsedForPrintedLinksAndDecidesSecureCookies() {
        ServerConfig config = withFlag("server.public-url", "https://auth.example.com/");

        assertThat(config.baseUrl(8080)).isEqualTo("https://auth.example.com");
        assertThat(config.secureCookies()).isTrue();
        assertThat(withFlags(Map.of()).baseUrl(8080)).isEqualTo("http://127.0.0.1:8080");
        assertThat(withFlags(Map.of()).secureCookies()).isFalse();
    }

    @Test
    void hardenedProfile_switchesOnTheSecurityBcp() {
        ServerConfig config = withFlag("profile", "hardened");

        assertThat(config.oauth()).isEqualTo(OAuthPolicy.hardened());
        assertThat(config.oauth().redirectRequiresHttps()).isTrue();
        assertThat(config.oauth().redirectAllowsSubdomains()).isFalse();
        assertThat(config.oauth().redirectExactMatch()).isTrue();
        assertThat(config.oauth().pkceRequired()).isTrue();
        assertThat(config.oauth().codeReuseRevokesTokens()).isTrue();
        assertThat(config.oauth().refreshReuseRevokesGrant()).isTrue();
    }

    @Test
    void profileName_isCaseInsensitive() {
        assertThat(withFlag("profile", "Hardened").profile()).isEqualTo("hardened");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "oauth.redirect-requires-https",
                "oauth.redirect-allows-subdomains",
                "oauth.redirect-exact-match",
                "oauth.pkce-required",
                "oauth.code-reuse-revokes-tokens",
                "oauth.refresh-reuse-revokes-grant"
            })
    void eachHardenedRule_canBeTurnedBackOnItsOwn(String key) {
        OAuthPolicy hardened = OAuthPolicy.hardened();
        boolean flipped = !rule(hardened, key);

        OAuthPolicy policy = withFlags(Map.of("profile", "hardened", key, Boolean.toString(flipped)))
                .oauth();

        assertThat(rule(policy, key)).isEqualTo(flipped);
        for (String other : oauthRules()) {
            if (!other.equals(key)) {
                assertThat(rule(policy, other)).as(other).isEqualTo(rule(hardened, other));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "oauth.redirect-requires-https",
                "oauth.redirect-allows-subdomains",
                "oauth.redirect-exact-match",
                "oauth.pkce-required",
                "oauth.code-reuse-revokes-tokens",
                "oauth.refresh-reuse-revokes-grant"
            })
    void eachHardenedRule_canBeSwitchedOnInTheStravaProfile(String key) {
        OAuthPolicy strava = OAuthPolicy.strava();
        boolean flipped = !rule(strava, key);

        OAuthPolicy policy = withFlag(key, Boolean.toString(flipped)).oauth();

        assertThat(rule(policy, key)).isEqualTo(flipped);
        assertThat(oauthRules()).allMatch(other -> other.equals(key) || rule(policy, other) == rule(strava, other));
    }

    /** The profile keys that are rules of {@link OAuthPolicy} (the other, webhooks', is tested below). */
    private static java.util.List<String> oauthRules() {
        return Settings.PROFILE_KEYS.stream()
                .filter(k -> k.startsWith("oauth."))
                .toList();
    }

    @Test
    void privateCallbacks_areAllowedInStrava_refusedInHardened_andEitherCanBeChanged() {
        assertThat(withFlags(Map.of()).webhooks().allowPrivateCallbacks()).isTrue();
        assertThat(withFlags(Map.of("profile", "hardened")).webhooks().allowPrivateCallbacks())
                .isFalse();
        assertThat(withFlags(Map.of("profile", "hardened", "webhooks.allow-private-callbacks", "true"))
                        .webhooks()
                        .allowPrivateCallbacks())
                .isTrue();
    }

    @Test
    void retryDelays_areAListOfDurations_andABadOneNamesTheKey() {
        assertThat(withFlags(Map.of("webhooks.retry-delays", "2m, 5m"))
                        .webhooks()
                        .retryDelays())
                .containsExactly(Duration.ofMinutes(2), Duration.ofMinutes(5));
        assertThat(withFlags(Map.of("webhooks.retry-delays", "2m")).webhooks().maxAttempts())
                .isEqualTo(2);
        assertThatThrownBy(() -> withFlags(Map.of("webhooks.retry-delays", "soon")))
                .hasMessageContaining("webhooks.retry-delays");
    }

    private static boolean rule(OAuthPolicy policy, String key) {
        return switch (key) {
            case "oauth.redirect-requires-https" -> policy.redirectRequiresHttps();
            case "oauth.redirect-allows-subdomains" -> policy.redirectAllowsSubdomains();
            case "oauth.redirect-exact-match" -> policy.redirectExactMatch();
            case "oauth.pkce-required" -> policy.pkceRequired();
            case "oauth.code-reuse-revokes-tokens" -> policy.codeReuseRevokesTokens();
            case "oauth.refresh-reuse-revokes-grant" -> policy.refreshReuseRevokesGrant();
            default -> throw new IllegalArgumentException(key);
        };
    }

    @ParameterizedTest
    @CsvSource({
        "30s, PT30S",
        "15m, PT15M",
        "12h, PT12H",
        "PT30S, PT30S",
        "pt45s, PT45S",
        "2d, PT48H",
        "1500ms, PT1.5S",
        "30 s, PT30S"
    })
    void durations_acceptUnitsAndIso8601(String value, Duration expected) {
        assertThat(withFlag("session.ttl", value).sessionTtl()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"30", "thirty seconds", "30sec", "-5s", "P", "1w"})
    void durationWithoutAUnit_isRefused(String value) {
        assertThatThrownBy(() -> withFlag("session.ttl", value))
                .isInstanceOf(Settings.SettingsException.class)
                .hasMessage("session.ttl must be a duration such as 30s, 15m or 12h (got '" + value + "' from flag)");
    }

    @Test
    void negativeIsoDuration_isRefused() {
        assertThatThrownBy(() -> withFlag("housekeeping.interval", "PT-5S"))
                .hasMessage("housekeeping.interval must not be negative (got 'PT-5S' from flag)");
    }

    @Test
    void emptyValue_forAKeyWithAFixedDefault_isRefusedAsUnset() {
        assertThatThrownBy(() -> ServerConfig.from(
                        Settings.load(Optional.empty(), Map.of("SWITCHBACK_SERVER_HOST", " "), Map.of())))
                .hasMessage("server.host must be set (got ' ' from environment variable SWITCHBACK_SERVER_HOST)");
    }

    @Test
    void zeroDuration_isRefusedWhereAPositiveOneIsNeeded() {
        assertThatThrownBy(() -> withFlag("login.max-block", "0s"))
                .hasMessage("login.max-block must be longer than 0s (got '0s' from flag)");
    }

    @Test
    void postgresUrl_givesCredentialsToThePoolButNeverShowsThePassword() {
        ServerConfig config = withFlag("database.url", "postgresql://user:secret@host:5432/db");

        assertThat(config.databaseUrl().jdbcUrl()).isEqualTo("jdbc:postgresql://host:5432/db");
        assertThat(config.databaseUrl().password()).contains("secret");
        assertThat(config.toString()).doesNotContain("secret");
    }

    @Test
    void postgresUrl_isNeverShownWithItsPasswordInAnError() {
        assertThatThrownBy(() -> withFlag("database.url", "postgresql://user:secret@host:notaport/db"))
                .isInstanceOf(Settings.SettingsException.class)
                .hasMessageStartingWith("database.url")
                .hasMessageContaining("from flag")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> withFlags(
                        Map.of("database.url", "postgresql://user:secret@host:5432/db", "server.port", "abc")))
                .hasMessageNotContaining("secret");
    }
}
