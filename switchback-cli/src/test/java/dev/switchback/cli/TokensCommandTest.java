package dev.switchback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.oauth.AccessGrant;
import dev.switchback.scope.Scope;
import dev.switchback.testing.UnitTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code switchback tokens issue}: the emulator's tokens, from the command line against the database. */
@UnitTest
class TokensCommandTest {
    @TempDir
    Path directory;

    private Cli cli;
    private long clientId;

    @BeforeEach
    void setUp() {
        cli = new Cli(directory.resolve("switchback.db"));
        Cli.Result athlete = cli.run(
                "athletes",
                "create",
                "--username",
                "marianne",
                "--firstname",
                "Marianne",
                "--lastname",
                "Vos",
                "--password",
                "correct horse battery");
        assertThat(athlete.exitCode()).as(athlete.err()).isZero();
        Cli.Result app = cli.run("apps", "create", "--name", "Log", "--callback-domain", "localhost", "--json");
        assertThat(app.exitCode()).as(app.err()).isZero();
        clientId = app.json().get("client_id").asLong();
    }

    @Test
    void issue_json_printsTheCodeExchangesBody_andTheTokenIsLiveWithItsScopes() {
        Cli.Result result = cli.run(
                "tokens",
                "issue",
                "--athlete",
                "marianne",
                "--client-id",
                String.valueOf(clientId),
                "--scope",
                "read,activity:read",
                "--expires-in",
                "60s",
                "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode body = result.json();
        List<String> keys = new ArrayList<>();
        body.propertyNames().forEach(keys::add);
        assertThat(keys)
                .containsExactly("token_type", "expires_at", "expires_in", "refresh_token", "access_token", "athlete");
        assertThat(body.get("expires_in").asLong()).isEqualTo(60);
        AccessGrant grant = cli.withSwitchback(switchback -> switchback
                .tokens()
                .authenticate(Optional.of(body.get("access_token").asString())));
        assertThat(grant.scopes().contains(Scope.ACTIVITY_READ)).isTrue();
        assertThat(grant.appId().value()).isEqualTo(clientId);
    }

    @Test
    void issue_withoutJson_printsTheTokensForPeople() {
        Cli.Result result =
                cli.run("tokens", "issue", "--athlete", "marianne", "--client-id", String.valueOf(clientId));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("access_token   ")
                .contains("refresh_token  ")
                .contains("(in 21600 s)");
    }

    @Test
    void issue_forAnUnknownAthleteOrApp_failsWithOneLine_andIssuesNothing() {
        Cli.Result athlete = cli.run("tokens", "issue", "--athlete", "nobody", "--client-id", String.valueOf(clientId));
        Cli.Result app = cli.run("tokens", "issue", "--athlete", "marianne", "--client-id", "999999");
        Cli.Result scope = cli.run(
                "tokens", "issue", "--athlete", "marianne", "--client-id", String.valueOf(clientId), "--scope", "nope");

        assertThat(athlete.exitCode()).isEqualTo(1);
        assertThat(athlete.err()).isEqualTo("switchback: error: no athlete nobody\n");
        assertThat(app.err()).isEqualTo("switchback: error: no app with client id 999999\n");
        assertThat(scope.err()).isEqualTo("switchback: error: scope names an unknown scope\n");
        long grants = cli.withSwitchback(switchback -> switchback
                .database()
                .read(tx -> tx.sql("SELECT COUNT(*) FROM grants").number()));
        assertThat(grants).isZero();
    }

    @Test
    void issue_refusesAnExpiryOverSixHours() {
        Cli.Result result = cli.run(
                "tokens",
                "issue",
                "--athlete",
                "marianne",
                "--client-id",
                String.valueOf(clientId),
                "--expires-in",
                "7h");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("expires_in must be within 1..21600 seconds");
    }
}
