package dev.switchback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.testing.UnitTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * {@code switchback activities import FILE --athlete U [--visibility V] [--name N] [--json]} in-process, on
 * a fresh SQLite file, with the sample GPX, TCX and FIT files of the parser tests.
 */
@UnitTest
class ActivitiesCommandTest {
    @TempDir
    Path directory;

    private Cli cli;

    @BeforeEach
    void setUp() {
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
    }

    /** A sample file copied under {@code name} (the name decides the format). */
    private Path sample(String resource, String name) throws IOException {
        try (InputStream in = ActivitiesCommandTest.class.getResourceAsStream("/tracks/" + resource)) {
            assertThat(in).as(resource).isNotNull();
            Path file = directory.resolve(name);
            Files.copy(in, file);
            return file;
        }
    }

    private long count(String sql) {
        return cli.withSwitchback(s -> s.database().read(tx -> tx.sql(sql).number()));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "annecy-run.gpx",
                "annecy-run.gpx.gz",
                "annecy-ride.tcx",
                "annecy-ride.tcx.gz",
                "semnoz-trail-run.fit",
                "semnoz-trail-run.fit.gz"
            })
    void import_eachFormat_createsAnEveryoneActivityWithStreamsAndLaps(String resource) throws IOException {
        Path file = sample(resource, resource);

        Cli.Result result = cli.run("activities", "import", file.toString(), "--athlete", "marianne");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .startsWith("Created activity 1 '")
                .contains("for marianne (everyone): ")
                .containsPattern("[0-9]+\\.[0-9] km in [0-9]+:[0-9]{2}:[0-9]{2}, [0-9]+ m of climbing\\.");
        assertThat(count("SELECT COUNT(*) FROM activity_streams")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM activity_laps")).isPositive();
        assertThat(count("SELECT COUNT(*) FROM activities WHERE distance > 1000 AND external_id = '" + resource + "'"))
                .isEqualTo(1);
    }

    @Test
    void import_withVisibilityNameAndJson_printsTheSummaryActivity() throws IOException {
        Path file = sample("semnoz-trail-run.fit", "semnoz.fit");

        Cli.Result result = cli.run(
                "activities",
                "import",
                file.toString(),
                "--athlete",
                "Marianne",
                "--visibility",
                "only_me",
                "--name",
                "Semnoz before dawn",
                "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode activity = result.json();
        assertThat(activity.get("name").asString()).isEqualTo("Semnoz before dawn");
        assertThat(activity.get("visibility").asString()).isEqualTo("only_me");
        assertThat(activity.get("private").asBoolean()).isTrue();
        assertThat(activity.get("external_id").asString()).isEqualTo("semnoz.fit");
        assertThat(activity.get("resource_state").asInt()).isEqualTo(2);
    }

    @Test
    void import_sameFileTwice_theSecondIsADuplicate() throws IOException {
        Path file = sample("annecy-run.gpx", "run.gpx");
        cli.run("activities", "import", file.toString(), "--athlete", "marianne");

        Cli.Result second = cli.run("activities", "import", file.toString(), "--athlete", "marianne");

        assertThat(second.exitCode()).isEqualTo(1);
        assertThat(second.errLines()).containsExactly("switchback: error: " + file + " is a duplicate of activity 1");
        assertThat(count("SELECT COUNT(*) FROM activities")).isEqualTo(1);
    }

    @Test
    void import_refusals_eachOneLineAndNothingWritten() throws IOException {
        Path gpx = sample("annecy-run.gpx", "run.gpx");
        Path kml = Files.writeString(directory.resolve("ride.kml"), "<kml/>");
        byte[] fit = Files.readAllBytes(sample("semnoz-trail-run.fit", "whole.fit"));
        Path truncated = Files.write(directory.resolve("cut.fit"), java.util.Arrays.copyOf(fit, 200));

        Cli.Result unknownAthlete = cli.run("activities", "import", gpx.toString(), "--athlete", "nobody");
        Cli.Result badVisibility =
                cli.run("activities", "import", gpx.toString(), "--athlete", "marianne", "--visibility", "friends");
        Cli.Result badFormat = cli.run("activities", "import", kml.toString(), "--athlete", "marianne");
        Cli.Result missing =
                cli.run("activities", "import", directory.resolve("none.gpx").toString(), "--athlete", "marianne");
        Cli.Result broken = cli.run("activities", "import", truncated.toString(), "--athlete", "marianne");

        assertThat(unknownAthlete.errLines()).containsExactly("switchback: error: no athlete with username 'nobody'");
        assertThat(badVisibility.errLines())
                .containsExactly(
                        "switchback: error: --visibility must be everyone, followers_only or only_me (got 'friends')");
        assertThat(badFormat.errLines())
                .singleElement()
                .asString()
                .startsWith("switchback: error: cannot tell the format of");
        assertThat(missing.errLines()).singleElement().asString().startsWith("switchback: error: cannot read");
        assertThat(broken.errLines()).singleElement().asString().startsWith("switchback: error: " + truncated + ": ");
        for (Cli.Result result : new Cli.Result[] {unknownAthlete, badVisibility, badFormat, missing, broken}) {
            assertThat(result.exitCode()).isEqualTo(1);
        }
        assertThat(count("SELECT COUNT(*) FROM activities")).isZero();
    }
}
