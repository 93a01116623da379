package dev.switchback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.athlete.AthleteId;
import dev.switchback.athlete.AthleteService.LoginResult;
import dev.switchback.fault.FaultException;
import dev.switchback.oauth.TokenRequest;
import dev.switchback.testing.UnitTest;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands test fixtures use: an app with a fixed client id and secret, {@code apps show}, {@code set-password}. */
@UnitTest
class FixtureCommandsTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path directory;

    private Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(directory.resolve("switchback.db"));
    }

    private Cli.Result createFixed(String id, String secret) {
        return cli.run(
                "apps",
                "create",
                "--name",
                "Log",
                "--callback-domain",
                "localhost",
                "--client-id",
                id,
                "--client-secret",
                secret,
                "--json");
    }

    @Test
    void appsCreate_withAFixedClientIdAndSecret_isAuthenticatedByThatSecret() {
        Cli.Result created = createFixed("4242", SECRET);

        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.json().get("client_id").asLong()).isEqualTo(4242);
        assertThat(created.json().get("client_secret").asString()).isEqualTo(SECRET);
        String field = cli.withSwitchback(switchback -> {
            try {
                switchback
                        .tokens()
                        .exchange(TokenRequest.parse(
                                (name, resource) -> Optional.ofNullable(
                                        switch (name) {
                                            case "client_id" -> "4242";
                                            case "client_secret" -> SECRET;
                                            case "grant_type" -> "refresh_token";
                                            case "refresh_token" -> SECRET;
                                            default -> null;
                                        }),
                                Optional.empty()));
                return "accepted";
            } catch (FaultException e) {
                return e.errors().get(0).field();
            }
        });
        assertThat(field)
                .as("past the client check, the made-up refresh token is refused")
                .isEqualTo("refresh_token");
        Cli.Result next = cli.run("apps", "create", "--name", "Next", "--callback-domain", "localhost", "--json");
        assertThat(next.json().get("client_id").asLong()).isEqualTo(4243);
    }

    @Test
    void appsCreate_refusesATakenIdASecretNotOfStravasShape_andOneWithoutTheOther() {
        createFixed("7", SECRET);

        assertThat(createFixed("7", SECRET).err()).isEqualTo("switchback: error: client id 7 is taken\n");
        assertThat(createFixed("8", "short").err())
                .isEqualTo("switchback: error: --client-secret must be 40 lowercase hex characters\n");
        assertThat(cli.run("apps", "create", "--name", "X", "--callback-domain", "localhost", "--client-id", "9")
                        .err())
                .isEqualTo("switchback: error: give --client-id and --client-secret together\n");
        assertThat(cli.run("apps", "show", "8").exitCode()).isEqualTo(1);
    }

    @Test
    void appsShow_printsTheAppWithoutItsSecret() {
        createFixed("4242", SECRET);

        Cli.Result shown = cli.run("apps", "show", "4242");
        Cli.Result json = cli.run("apps", "show", "4242", "--json");

        assertThat(shown.exitCode()).as(shown.err()).isZero();
        assertThat(shown.out())
                .contains("client_id        4242")
                .contains("name             Log")
                .doesNotContain(SECRET);
        assertThat(json.json().get("name").asString()).isEqualTo("Log");
        assertThat(json.json().has("client_secret")).isFalse();
        assertThat(cli.run("apps", "show", "1").err()).isEqualTo("switchback: error: no app with id 1\n");
    }

    @Test
    void athletesSetPassword_fromStdin_replacesThePassword() {
        cli.run(
                "athletes",
                "create",
                "--username",
                "marianne",
                "--firstname",
                "Marianne",
                "--lastname",
                "Vos",
                "--password",
                "the first password");

        Cli.Result set =
                cli.runWithStdin("a second password\n", "athletes", "set-password", "marianne", "--password-stdin");

        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(login("marianne", "a second password")).isEqualTo(new LoginResult.Accepted(new AthleteId(1)));
        assertThat(login("marianne", "the first password")).isNotInstanceOf(LoginResult.Accepted.class);
        assertThat(cli.runWithStdin("another one\n", "athletes", "set-password", "nobody", "--password-stdin")
                        .err())
                .isEqualTo("switchback: error: no athlete with username 'nobody'\n");
        assertThat(cli.runWithStdin("short\n", "athletes", "set-password", "marianne", "--password-stdin")
                        .err())
                .isEqualTo("switchback: error: password must be at least 8 characters\n");
    }

    private LoginResult login(String username, String password) {
        return cli.withSwitchback(
                switchback -> switchback.athletes().login(username, password.toCharArray(), "127.0.0.1"));
    }
}
