package dev.switchback.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.testing.UnitTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one settings loader: defaults &lt; file &lt; environment &lt; flags; unknown keys refused. */
@UnitTest
class SettingsTest {
    private static final Map<String, String> NONE = Map.of();

    @TempDir
    Path directory;

    private Path file(String... lines) throws IOException {
        Path file = directory.resolve("switchback.properties");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    private static ServerConfig config(Optional<Path> file, Map<String, String> env, Map<String, String> flags) {
        return ServerConfig.from(Settings.load(file, env, flags));
    }

    @Test
    void withNothingGiven_everySettingHasItsNamedDefault() {
        ServerConfig config = config(Optional.empty(), NONE, NONE);

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.publicUrl()).isEmpty();
        assertThat(config.maxRequestSize()).isEqualTo(65536);
        assertThat(config.databaseUrl().jdbcUrl()).isEqualTo("jdbc:sqlite:./data/switchback.db");
        assertThat(config.poolSize()).isEqualTo(8);
        assertThat(config.profile()).isEqualTo("strava");
        assertThat(config.oauth()).isEqualTo(dev.switchback.oauth.OAuthPolicy.strava());
        assertThat(config.loginFreeFailuresPerAccount()).isEqualTo(5);
        assertThat(config.loginFreeFailuresPerAddress()).isEqualTo(20);
        assertThat(config.loginMaxBlock()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.sessionTtl()).isEqualTo(Duration.ofHours(12));
        assertThat(config.demo()).isTrue();
    }

    @Test
    void knownKeys_listsEveryDefaultAndTheProfileKeys() {
        assertThat(Settings.knownKeys()).containsEntry("server.port", "8080").containsEntry("oauth.pkce-required", "");
    }

    @Test
    void file_overridesTheDefaults() throws IOException {
        Path file = file("# comment", "server.port = 9090", "profile=hardened", "session.ttl=1h");

        ServerConfig config = config(Optional.of(file), NONE, NONE);

        assertThat(config.port()).isEqualTo(9090);
        assertThat(config.profile()).isEqualTo("hardened");
        assertThat(config.sessionTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(config.host()).isEqualTo("127.0.0.1");
    }

    @Test
    void environment_overridesTheFile() throws IOException {
        Path file = file("server.port=9090", "oauth.refresh-retry-window=10s");
        Map<String, String> env =
                Map.of("SWITCHBACK_SERVER_PORT", "9191", "SWITCHBACK_OAUTH_REFRESH_RETRY_WINDOW", "30s");

        ServerConfig config = config(Optional.of(file), env, NONE);

        assertThat(config.port()).isEqualTo(9191);
        assertThat(config.oauth().refreshRetryWindow()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void environment_mapsDashedKeysFromUnderscores() {
        ServerConfig config = config(Optional.empty(), Map.of("SWITCHBACK_LOGIN_FREE_FAILURES_PER_ACCOUNT", "7"), NONE);

        assertThat(config.loginFreeFailuresPerAccount()).isEqualTo(7);
    }

    @Test
    void environment_withoutThePrefix_isIgnored() {
        ServerConfig config =
                config(Optional.empty(), Map.of("PATH", "/usr/bin", "SERVER_PORT", "1", "HOME", "/root"), NONE);

        assertThat(config.port()).isEqualTo(8080);
    }

    @Test
    void switchbackConfig_namesTheFileWhenNoFlagDoes() throws IOException {
        Path file = file("server.port=9090");

        ServerConfig config = config(Optional.empty(), Map.of("SWITCHBACK_CONFIG", file.toString()), NONE);

        assertThat(config.port()).isEqualTo(9090);
    }

    @Test
    void configFlag_winsOverSwitchbackConfig() throws IOException {
        Path fromFlag = file("server.port=9090");
        Path fromEnv = directory.resolve("other.properties");
        Files.writeString(fromEnv, "server.port=7070\n");

        ServerConfig config = config(Optional.of(fromFlag), Map.of("SWITCHBACK_CONFIG", fromEnv.toString()), NONE);

        assertThat(config.port()).isEqualTo(9090);
    }

    @Test
    void flags_overrideTheEnvironmentAndTheFile() throws IOException {
        Path file = file("server.port=9090");

        ServerConfig config =
                config(Optional.of(file), Map.of("SWITCHBACK_SERVER_PORT", "9191"), Map.of("server.port", "9292"));

        assertThat(config.port()).isEqualTo(9292);
    }

    @Test
    void sourceOf_namesWhereEachValueCameFrom() throws IOException {
        Path file = file("server.port=9090", "server.host=0.0.0.0");

        Settings settings =
                Settings.load(Optional.of(file), Map.of("SWITCHBACK_SERVER_HOST", "::"), Map.of("profile", "strava"));

        assertThat(settings.sourceOf("server.port")).isEqualTo("file " + file);
        assertThat(settings.sourceOf("server.host")).isEqualTo("environment variable SWITCHBACK_SERVER_HOST");
        assertThat(settings.sourceOf("profile")).isEqualTo("flag");
        assertThat(settings.sourceOf("session.ttl")).isEqualTo("default");
    }

    @Test
    void unknownKeyInTheFile_isRefusedNamingKeyAndFile() throws IOException {
        Path file = file("server.prot=9090");

        assertThatThrownBy(() -> Settings.load(Optional.of(file), NONE, NONE))
                .isInstanceOf(Settings.SettingsException.class)
                .hasMessageStartingWith("unknown setting 'server.prot' from file " + file + "; known settings: ")
                .hasMessageContaining("server.port");
    }

    @Test
    void unknownKeyInTheEnvironment_isRefusedNamingTheVariable() {
        assertThatThrownBy(() -> Settings.load(Optional.empty(), Map.of("SWITCHBACK_SERVER_PROT", "9090"), NONE))
                .isInstanceOf(Settings.SettingsException.class)
                .hasMessageStartingWith(
                        "unknown setting 'server.prot' from environment variable SWITCHBACK_SERVER_PROT");
    }

    @Test
    void theLaunchersTheTestsAndTheBenchmarksVariables_areNotTakenForSettings() {
        Settings settings = Settings.load(
                Optional.empty(),
                Map.of(
                        "SWITCHBACK_JAVA_OPTS",
                        "-Xmx160m",
                        "SWITCHBACK_JAR",
                        "/opt/switchback.jar",
                        "SWITCHBACK_CDS",
                        "off",
                        "SWITCHBACK_SERVER_PORT",
                        "9090",
                        "SWITCHBACK_TEST_POSTGRES_URL",
                        "postgresql://127.0.0.1/test",
                        "SWITCHBACK_BENCH_REDIS_URL",
                        "redis://127.0.0.1:6379"),
                NONE);

        assertThat(settings.sourceOf("server.port")).isEqualTo("environment variable SWITCHBACK_SERVER_PORT");
    }

    @Test
    void unknownKeyInTheFlags_isRefusedNamingTheKey() {
        assertThatThrownBy(() -> Settings.load(Optional.empty(), NONE, Map.of("oauth.pkce", "true")))
                .isInstanceOf(Settings.SettingsException.class)
                .hasMessageStartingWith("unknown setting 'oauth.pkce' from flag");
    }

    @Test
    void missingFile_isRefusedNamingIt() {
        Path missing = directory.resolve("missing.properties");

        assertThatThrownBy(() -> Settings.load(Optional.of(missing), NONE, NONE))
                .isInstanceOf(Settings.SettingsException.class)
                .hasMessageStartingWith("cannot read settings file " + missing);
    }

    @Test
    void emptyValue_fallsBackToTheDefaultForProfileKeys() {
        ServerConfig config = config(Optional.empty(), NONE, Map.of("profile", "hardened", "oauth.pkce-required", ""));

        assertThat(config.oauth().pkceRequired()).isTrue();
    }
}
