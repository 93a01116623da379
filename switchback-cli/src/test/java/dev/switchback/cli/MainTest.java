package dev.switchback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.server.config.Keys;
import dev.switchback.testing.UnitTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The root command: help everywhere, the database on first use, migrate, settings and usage errors. */
@UnitTest
class MainTest {
    @TempDir
    Path directory;

    private static String[] words(String command) {
        return command.isEmpty() ? new String[0] : command.split(" ");
    }

    private static String[] withHelp(String command) {
        return (command + (command.isEmpty() ? "" : " ") + "--help").split(" ");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "serve",
                "apps",
                "apps create",
                "apps list",
                "apps rotate-secret",
                "apps delete",
                "athletes",
                "athletes create",
                "athletes list",
                "migrate"
            })
    void help_onEveryCommand_printsItsUsageAndExits0(String command) {
        Cli.Result result = Cli.execute(withHelp(command));

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).startsWith("Usage: switchback" + (command.isEmpty() ? "" : " " + command) + " ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"apps", "athletes", "migrate", "serve"})
    void helpCommand_printsTheSameUsageAsTheHelpOption(String command) {
        Cli.Result viaCommand = Cli.execute(("help " + command).split(" "));

        assertThat(viaCommand.exitCode()).isZero();
        assertThat(viaCommand.out()).isEqualTo(Cli.execute(withHelp(command)).out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "apps", "athletes"})
    void commandGroup_withoutASubcommand_printsItsUsageAndExits0(String command) {
        Cli.Result result = Cli.execute(words(command));

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("Usage: switchback");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "help"})
    void rootUsage_listsEveryCommand(String word) {
        String usage = Cli.execute(word).out();

        assertThat(usage).containsPattern("(?m)^Commands:$");
        for (String command : new String[] {
            "serve", "apps", "athletes", "activities", "routes", "migrate", "login", "token", "logout", "help"
        }) {
            assertThat(usage).containsPattern("(?m)^  " + command + " ");
        }
    }

    @Test
    void help_keepsExampleValuesWhole() {
        String help = Cli.execute("apps", "create", "--help").out();

        assertThat(help).contains("Default: ./data/switchback.db").contains("--set oauth.refresh-retry-window=30s");
    }

    @Test
    void version_printsTheVersion() {
        Cli.Result result = Cli.execute("--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("switchback ");
    }

    @Test
    void unknownCommand_exits2WithASuggestion() {
        Cli.Result result = Cli.execute("appz");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLines().get(0)).isEqualTo("switchback: error: Unmatched argument at index 0: 'appz'");
        assertThat(result.err()).contains("apps").contains("Try 'switchback --help' for more information.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"apps list", "athletes list", "migrate"})
    void anyCommand_createsTheDatabaseAndItsDirectoryOnFirstUse(String command) {
        Cli cli = new Cli(directory.resolve("not/yet/there/switchback.db"));

        Cli.Result result = cli.run(words(command));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(cli.database()).isRegularFile();
    }

    @Test
    void migrate_withJson_reportsTheDatabaseAndSuccess() {
        Cli cli = new Cli(directory.resolve("switchback.db"));

        Cli.Result result = cli.run("migrate", "--json");

        assertThat(result.exitCode()).isZero();
        assertThat(result.json().get("database").asString()).isEqualTo("jdbc:sqlite:" + cli.database());
        assertThat(result.json().get("migrated").asBoolean()).isTrue();
    }

    @Test
    void migrate_twice_isUpToDateBothTimes() {
        Cli cli = new Cli(directory.resolve("switchback.db"));

        cli.run("migrate");
        Cli.Result second = cli.run("migrate");

        assertThat(second.exitCode()).isZero();
        assertThat(second.outLines()).containsExactly("Database jdbc:sqlite:" + cli.database() + " is up to date.");
    }

    @Test
    void configFile_isReadByEveryCommand() throws IOException {
        Path database = directory.resolve("from-file.db");
        Path config = directory.resolve("switchback.properties");
        Files.writeString(config, "database.url=" + database + "\n");

        Cli.Result result = Cli.execute("migrate", "--json", "--config", config.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(database).isRegularFile();
    }

    @Test
    void unknownSetting_exits1NamingTheKey() {
        Cli.Result result = new Cli(directory.resolve("switchback.db")).run("apps", "list", "--set", "server.prot=1");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errLines())
                .singleElement()
                .asString()
                .startsWith("switchback: error: unknown setting 'server.prot' from flag; known settings: ");
    }

    @Test
    void otherDatabase_exits1WithoutShowingThePassword() {
        Cli.Result result = Cli.execute("apps", "list", "--database-url", "mysql://root:hunter2@localhost/db");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errLines())
                .singleElement()
                .asString()
                .startsWith("switchback: error: database.url must be a SQLite file or a PostgreSQL URL")
                .doesNotContain("hunter2");
    }

    @Test
    void serve_withAnInvalidPort_exits1BeforeListening() {
        Cli.Result result = new Cli(directory.resolve("switchback.db")).run("serve", "--port", "70000");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errLines())
                .containsExactly("switchback: error: server.port must be between 0 and 65535 (got '70000' from flag)");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void serve_withAnUnknownProfile_exits1() {
        Cli.Result result = new Cli(directory.resolve("switchback.db")).run("serve", "--profile", "lax");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errLines())
                .containsExactly("switchback: error: profile must be strava or hardened (got 'lax' from flag)");
    }

    @Test
    void settings_comeFromTheEnvironmentTheCommandWasGiven() {
        Path database = directory.resolve("from-environment.db");

        Cli.Result result = Cli.executeIn(Map.of("SWITCHBACK_DATABASE_URL", database.toString()), "migrate", "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.json().get("database").asString()).isEqualTo("jdbc:sqlite:" + database);
        assertThat(database).isRegularFile();
    }

    @Test
    void switchbackConfig_inTheEnvironmentTheCommandWasGiven_namesTheSettingsFile() throws IOException {
        Path database = directory.resolve("from-file.db");
        Path config = directory.resolve("switchback.properties");
        Files.writeString(config, "database.url=" + database + "\n");

        Cli.Result result = Cli.executeIn(Map.of("SWITCHBACK_CONFIG", config.toString()), "migrate");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(database).isRegularFile();
    }

    @Test
    void serve_withAnInvalidPortInTheEnvironment_exits1NamingTheVariable() {
        Cli.Result result = Cli.executeIn(
                Map.of("SWITCHBACK_SERVER_PORT", "70000"),
                "serve",
                "--database-url",
                directory.resolve("switchback.db").toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errLines())
                .containsExactly("switchback: error: server.port must be between 0 and 65535"
                        + " (got '70000' from environment variable SWITCHBACK_SERVER_PORT)");
    }

    @Test
    void serveHelp_showsTheDefaultsOfTheSettingsRegistry() {
        String help = Cli.execute("serve", "--help").out().replaceAll("\\s+", " ");

        assertThat(help)
                .contains("Default: " + Keys.SERVER_HOST.fallback().forProfile("strava") + ".")
                .contains("Default: " + Keys.SERVER_PORT.fallback().forProfile("strava") + ".")
                .contains("Default: " + Keys.PROFILE.fallback().forProfile("strava") + ".")
                .contains("Default: " + Keys.DATABASE_URL.fallback().forProfile("strava"))
                .doesNotContain("${");
    }

    @Test
    void onlyTheMainMethod_readsTheProcessEnvironment() throws IOException {
        List<Path> readers = new ArrayList<>();
        try (Stream<Path> modules = Files.list(Path.of(".."))) {
            for (Path sources : modules.map(module -> module.resolve("src/main/java"))
                    .filter(Files::isDirectory)
                    .toList()) {
                if (sources.startsWith(Path.of("..", "bench"))) {
                    continue; // the benchmarks are tools, configured by their own variables
                }
                try (Stream<Path> files = Files.walk(sources)) {
                    files.filter(file -> file.toString().endsWith(".java"))
                            .filter(MainTest::readsTheEnvironment)
                            .forEach(file -> readers.add(sources.relativize(file)));
                }
            }
        }

        assertThat(readers).containsExactly(Path.of("dev/switchback/cli/Main.java"));
    }

    private static boolean readsTheEnvironment(Path file) {
        try {
            return Files.readString(file).contains("System.getenv(");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
