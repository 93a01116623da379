package dev.switchback.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.switchback.testing.UnitTest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The registry: every setting Switchback knows, each complete enough to load, check and document. */
@UnitTest
class KeysTest {
    static List<Setting<?>> settings() {
        return Keys.all();
    }

    @ParameterizedTest
    @MethodSource("settings")
    void everySetting_hasAOneLineDescription(Setting<?> setting) {
        assertThat(setting.description())
                .as(setting.key())
                .isNotBlank()
                .doesNotContain("\n")
                .doesNotContain("|");
    }

    @ParameterizedTest
    @MethodSource("settings")
    void everySetting_hasADefaultOrAValuePerProfile_thatItsOwnParserAccepts(Setting<?> setting) {
        for (String profile : List.of("strava", "hardened")) {
            String text = setting.fallback().forProfile(profile);
            assertThatCode(() -> setting.parser().parse(text))
                    .as(setting.key() + " in " + profile)
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void everyKey_isDeclaredOnce_andHasAnEnvironmentVariableOfItsOwn() {
        Set<String> keys = settings().stream().map(Setting::key).collect(Collectors.toSet());
        Set<String> variables =
                settings().stream().map(Setting::environmentVariable).collect(Collectors.toSet());

        assertThat(keys).hasSameSizeAs(settings());
        assertThat(variables).hasSameSizeAs(settings());
    }

    @Test
    void aDatabaseUrl_isShownInMessagesWithoutItsPassword() {
        assertThat(Keys.DATABASE_URL.shown().apply("postgresql://user:secret@host:5432/db"))
                .doesNotContain("secret");
    }

    @Test
    void theKeysWhoseDefaultDependsOnTheProfile_areTheSixOAuthRulesAndPrivateCallbacks() {
        assertThat(Settings.PROFILE_KEYS)
                .containsExactlyInAnyOrder(
                        "oauth.redirect-requires-https",
                        "oauth.redirect-allows-subdomains",
                        "oauth.redirect-exact-match",
                        "oauth.pkce-required",
                        "oauth.code-reuse-revokes-tokens",
                        "oauth.refresh-reuse-revokes-grant",
                        "webhooks.allow-private-callbacks");
    }

    @Test
    void aProfileDefault_isTakenFromTheProfileInEffect() {
        Settings hardened = Settings.load(Optional.empty(), Map.of("SWITCHBACK_PROFILE", "hardened"), Map.of());
        Settings strava = Settings.load(Optional.empty(), Map.of(), Map.of());

        assertThat(hardened.get(Keys.OAUTH_PKCE_REQUIRED)).isTrue();
        assertThat(strava.get(Keys.OAUTH_PKCE_REQUIRED)).isFalse();
    }
}
