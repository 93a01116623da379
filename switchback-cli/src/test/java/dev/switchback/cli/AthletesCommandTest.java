package dev.switchback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.athlete.AthleteId;
import dev.switchback.athlete.AthleteService.LoginResult;
import dev.switchback.testing.UnitTest;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code switchback athletes ...} in-process, each test on a fresh SQLite file. */
@UnitTest
class AthletesCommandTest {
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path directory;

    private Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(directory.resolve("switchback.db"));
    }

    private Cli.Result create(String username, String password) {
        return cli.run(
                "athletes",
                "create",
                "--username",
                username,
                "--firstname",
                "Marianne",
                "--lastname",
                "Vos",
                "--password",
                password);
    }

    private LoginResult login(String username, String password) {
        return cli.withSwitchback(
                switchback -> switchback.athletes().login(username, password.toCharArray(), "127.0.0.1"));
    }

    private String storedHash(String username) {
        return cli.withSwitchback(switchback -> switchback
                .database()
                .read(tx -> tx.sql("SELECT password_hash FROM athletes WHERE username = :u")
                        .bind("u", username)
                        .one(row -> row.getString(1))
                        .orElseThrow()));
    }

    @Test
    void create_withPasswordStdin_readsTheFirstLineAsThePassword() {
        Cli.Result result = cli.runWithStdin(
                PASSWORD + "\nnot part of it\n",
                "athletes",
                "create",
                "--username",
                "marianne",
                "--firstname",
                "Marianne",
                "--lastname",
                "Vos",
                "--password-stdin");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.outLines()).containsExactly("Created athlete 1 (Marianne Vos), username marianne.");
        assertThat(login("marianne", PASSWORD)).isEqualTo(new LoginResult.Accepted(new AthleteId(1)));
    }

    @Test
    void create_withPasswordStdin_fromWindows_dropsTheCarriageReturn() {
        cli.runWithStdin(
                PASSWORD + "\r\n",
                "athletes",
                "create",
                "--username",
                "marianne",
                "--firstname",
                "Marianne",
                "--lastname",
                "Vos",
                "--password-stdin");

        assertThat(login("marianne", PASSWORD)).isEqualTo(new LoginResult.Accepted(new AthleteId(1)));
    }

    @Test
    void create_withPasswordStdin_andNothingOnIt_exits1() {
        Cli.Result result = cli.runWithStdin(
                "",
                "athletes",
                "create",
                "--username",
                "marianne",
                "--firstname",
                "Marianne",
                "--lastname",
                "Vos",
                "--password-stdin");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errLines()).containsExactly("switchback: error: --password-stdin: standard input is empty");
    }

    @Test
    void create_withPassword_storesAnArgon2idHashThatAcceptsIt() {
        Cli.Result result = create("marianne", PASSWORD);

        assertThat(result.exitCode()).isZero();
        assertThat(storedHash("marianne")).startsWith("$argon2id$").doesNotContain(PASSWORD);
        assertThat(login("marianne", PASSWORD)).isEqualTo(new LoginResult.Accepted(new AthleteId(1)));
        assertThat(login("marianne", "wrong password")).isInstanceOf(LoginResult.Rejected.class);
    }

    @Test
    void create_withJson_printsOneObjectWithoutThePassword() {
        Cli.Result result = cli.run(
                "athletes",
                "create",
                "--username",
                "Marianne",
                "--firstname",
                "Marianne",
                "--lastname",
                "Vos",
                "--password",
                PASSWORD,
                "--json");

        assertThat(result.exitCode()).isZero();
        JsonNode athlete = result.json();
        assertThat(athlete.get("id").asLong()).isEqualTo(1);
        assertThat(athlete.get("username").asString()).isEqualTo("marianne");
        assertThat(athlete.get("firstname").asString()).isEqualTo("Marianne");
        assertThat(athlete.get("lastname").asString()).isEqualTo("Vos");
        assertThat(athlete.has("created_at")).isTrue();
        assertThat(result.out()).doesNotContain(PASSWORD).doesNotContain("argon2");
    }

    @Test
    void create_takenUsername_exits1WithOneLine() {
        create("marianne", PASSWORD);

        Cli.Result result = create("Marianne", "another password");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).containsExactly("switchback: error: username 'marianne' is taken");
    }

    @Test
    void create_shortPassword_exits1WithOneLine() {
        Cli.Result result = create("marianne", "short");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errLines()).containsExactly("switchback: error: password must be at least 8 characters");
        assertThat(result.err()).doesNotContain("short");
    }

    @Test
    void create_badUsername_exits1NamingIt() {
        Cli.Result result = create("m", PASSWORD);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errLines())
                .singleElement()
                .asString()
                .startsWith("switchback: error: username must be 2 to 64")
                .endsWith("(got 'm')");
    }

    @Test
    void create_withBothPasswordOptions_exits2() {
        Cli.Result result = cli.runWithStdin(
                PASSWORD + "\n",
                "athletes",
                "create",
                "--username",
                "marianne",
                "--firstname",
                "Marianne",
                "--lastname",
                "Vos",
                "--password-stdin",
                "--password",
                PASSWORD);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLines()).hasSize(2);
        assertThat(result.errLines().get(0)).startsWith("switchback: error: ").contains("mutually exclusive");
    }

    @Test
    void create_withoutAnyPassword_exits2() {
        Cli.Result result =
                cli.run("athletes", "create", "--username", "marianne", "--firstname", "Marianne", "--lastname", "Vos");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLines().get(0)).contains("--password-stdin | --password=P");
    }

    @Test
    void list_printsAnAlignedTable() {
        create("marianne", PASSWORD);
        cli.run(
                "athletes",
                "create",
                "--username",
                "a-much-longer-username-than-usual",
                "--firstname",
                "Pauline",
                "--lastname",
                "Ferrand-Prévot",
                "--password",
                PASSWORD);

        Cli.Result result = cli.run("athletes", "list");

        assertThat(result.exitCode()).isZero();
        assertThat(result.outLines()).hasSize(3);
        int nameColumn = result.outLines().get(0).lastIndexOf("NAME");
        assertThat(result.outLines().get(1).indexOf("Marianne Vos")).isEqualTo(nameColumn);
        assertThat(result.outLines().get(2).indexOf("Pauline Ferrand-Prévot")).isEqualTo(nameColumn);
    }

    @Test
    void list_withJson_printsEveryAthlete() {
        create("marianne", PASSWORD);
        create("pauline", PASSWORD);

        Cli.Result result = cli.run("athletes", "list", "--json");

        assertThat(result.exitCode()).isZero();
        JsonNode athletes = result.json().get("athletes");
        assertThat(athletes).hasSize(2);
        assertThat(athletes.get(0).get("username").asString()).isEqualTo("marianne");
        assertThat(athletes.get(1).get("username").asString()).isEqualTo("pauline");
        assertThat(result.out()).doesNotContain("argon2");
    }
}
