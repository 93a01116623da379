package dev.switchback.server.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.server.config.ServerConfig;
import dev.switchback.server.config.Settings;
import dev.switchback.testing.UnitTest;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** When {@code emulator=true} is allowed: never with the hardened profile, on loopback unless allowed remote. */
@UnitTest
class EmulatorSettingsTest {
    private static ServerConfig withFlags(Map<String, String> flags) {
        return ServerConfig.from(Settings.load(Optional.empty(), Map.of(), flags));
    }

    @Test
    void emulator_isOffByDefault() {
        assertThat(withFlags(Map.of()).emulator()).isFalse();
    }

    @Test
    void emulator_withTheHardenedProfile_isRefusedNamingBoth() {
        assertThatThrownBy(() -> withFlags(Map.of("emulator", "true", "profile", "hardened")))
                .isInstanceOf(Settings.SettingsException.class)
                .hasMessageContaining("emulator=true (from flag) cannot be used with profile=hardened (from flag)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"})
    void emulator_onALoopbackHost_isAllowed(String host) {
        assertThat(withFlags(Map.of("emulator", "true", "server.host", host)).emulator())
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "192.168.1.10", "::", "example.com"})
    void emulator_onAHostThatIsNotLoopback_isRefusedUnlessAllowedRemote(String host) {
        assertThatThrownBy(() -> withFlags(Map.of("emulator", "true", "server.host", host)))
                .isInstanceOf(Settings.SettingsException.class)
                .hasMessageContaining("emulator=true needs a loopback server.host (got " + host + " from flag)")
                .hasMessageContaining("emulator.allow-remote=true");

        assertThat(withFlags(Map.of("emulator", "true", "server.host", host, "emulator.allow-remote", "true"))
                        .emulator())
                .isTrue();
    }
}
