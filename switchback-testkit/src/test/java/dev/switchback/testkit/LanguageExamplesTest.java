package dev.switchback.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.testing.HttpTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The README's Node and Python examples ({@code examples/}) pass against the real server seeded with
 * {@code examples/seed.json}. Without {@code node} or {@code python3} a test is skipped with a message, except
 * under {@code CI=true}, where it fails.
 */
@HttpTest
class LanguageExamplesTest {
    private static final Path EXAMPLES = Path.of("..", "examples");

    @RegisterExtension
    static SwitchbackExtension strava =
            SwitchbackExtension.withSeed(EXAMPLES.resolve("seed.json").toString());

    @Test
    void theNodeExample_passes() throws Exception {
        run(List.of(
                "node",
                "--test",
                EXAMPLES.resolve("node").resolve("emulator.test.mjs").toString()));
    }

    @Test
    void thePythonExample_passes() throws Exception {
        run(List.of(
                "python3",
                EXAMPLES.resolve("python").resolve("test_emulator.py").toString()));
    }

    private static void run(List<String> command) throws Exception {
        Path log = Files.createTempFile("switchback-example", ".log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("SWITCHBACK_URL", strava.baseUrl());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            String message = command.get(0) + " is not installed (" + e.getMessage() + "); .ci/run installs it";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(message, e);
            }
            Assumptions.abort(message);
            return;
        }
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        assertThat(finished).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }
}
