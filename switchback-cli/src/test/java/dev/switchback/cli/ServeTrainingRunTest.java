package dev.switchback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.testing.HttpTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --training-run}, what {@code ./switchback archive} runs to make the class-data archive. */
@HttpTest
class ServeTrainingRunTest {
    @TempDir
    Path directory;

    @Test
    void trainingRun_getsItsTokenAndApiAnswers_onADatabaseOfItsOwn_thenStops() throws IOException {
        Path configured = directory.resolve("switchback.db");
        Set<Path> before = trainingFolders();

        Cli.Result result = new Cli(configured).run("serve", "--training-run");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).as("no demo secrets or listening line").isEmpty();
        assertThat(configured).as("the configured database is left alone").doesNotExist();
        assertThat(trainingFolders()).as("its own database is deleted").isEqualTo(before);
    }

    @Test
    void trainingRun_ignoresTheUsersSettings_soTheyCannotFailTheBuildThatMakesTheArchive() throws IOException {
        // Each fails serve as the user starts it: the hardened profile requires PKCE, which the training's
        // authorize request does not send; the settings file does not exist; the flag is no port.
        Cli.Result result = Cli.executeIn(
                Map.of(
                        "SWITCHBACK_PROFILE",
                        "hardened",
                        "SWITCHBACK_CONFIG",
                        directory.resolve("none.properties").toString()),
                "serve",
                "--training-run",
                "--set",
                "management.port=not-a-port");

        assertThat(result.exitCode()).as(result.err()).isZero();
    }

    private static Set<Path> trainingFolders() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("switchback-training"))
                    .collect(Collectors.toSet());
        }
    }
}
