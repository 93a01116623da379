package dev.switchback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.testing.UnitTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code switchback routes import FILE.gpx --athlete U [--private]} in-process, on a fresh SQLite file. */
@UnitTest
class RoutesCommandTest {
    private static final String GPX = """
            <?xml version="1.0" encoding="UTF-8"?>
            <gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
              <rte><name>Hawk Hill</name>
                <rtept lat="37.8326" lon="-122.4830"><ele>62</ele></rtept>
                <rtept lat="37.8305" lon="-122.4898"><ele>120</ele></rtept>
                <rtept lat="37.8265" lon="-122.4990"><ele>280</ele></rtept>
              </rte>
            </gpx>""";

    @TempDir
    Path directory;

    private Cli cli;
    private Path file;

    @BeforeEach
    void setUp() throws IOException {
        cli = new Cli(directory.resolve("switchback.db"));
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
                "correct horse battery");
        file = Files.writeString(directory.resolve("hawk-hill.gpx"), GPX);
    }

    private int number(String sql) {
        return cli.withSwitchback(s ->
                s.database().read(tx -> tx.sql(sql).one(row -> row.getInt(1)).orElseThrow()));
    }

    @Test
    void import_createsAPublicRouteNamedAsInTheFile() {
        Cli.Result result = cli.run("routes", "import", file.toString(), "--athlete", "marianne");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .startsWith("Created public route 1 'Hawk Hill' for marianne: 1.6 km, 218 m of climbing.");
        assertThat(number("SELECT COUNT(*) FROM route_points WHERE route_id = 1"))
                .isEqualTo(3);
    }

    @Test
    void import_private_withNameAndJson_printsTheRoute() {
        Cli.Result result = cli.run(
                "routes",
                "import",
                file.toString(),
                "--athlete",
                "marianne",
                "--private",
                "--name",
                "Secret climb",
                "--type",
                "run",
                "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode route = result.json();
        assertThat(route.get("name").asString()).isEqualTo("Secret climb");
        assertThat(route.get("private").asBoolean()).isTrue();
        assertThat(number("SELECT route_type FROM routes WHERE id = "
                        + route.get("id").asLong()))
                .isEqualTo(2);
    }

    @Test
    void import_forAnUnknownAthlete_orABrokenFile_exits1WithOneLine() throws IOException {
        Path broken = Files.writeString(directory.resolve("broken.gpx"), "<gpx><rte><rtept lat=\"1\"");

        Cli.Result unknown = cli.run("routes", "import", file.toString(), "--athlete", "nobody");
        Cli.Result unreadable = cli.run("routes", "import", broken.toString(), "--athlete", "marianne");
        Cli.Result missing =
                cli.run("routes", "import", directory.resolve("none.gpx").toString(), "--athlete", "marianne");

        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("switchback: error: no athlete with username 'nobody'\n");
        assertThat(unreadable.exitCode()).isEqualTo(1);
        assertThat(unreadable.err())
                .startsWith("switchback: error: not a readable GPX file")
                .doesNotContain("\tat ");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).startsWith("switchback: error: cannot read");
    }

    @Test
    void routesGroup_andImportHelp_printTheirUsage() {
        assertThat(Cli.execute("routes").out()).startsWith("Usage: switchback routes ");
        assertThat(Cli.execute("routes", "import", "--help").out())
                .startsWith("Usage: switchback routes import ")
                .contains("--athlete=U", "--private");
    }
}
