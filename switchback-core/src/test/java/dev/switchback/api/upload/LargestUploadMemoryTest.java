package dev.switchback.api.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.testing.ScaleTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * contract#upload-limits: an upload at every limit at once (500,000 points, gzipped) is made into an activity
 * and read back whole within the heap the README recommends for a small footprint ({@code -Xmx160m}, with
 * the other options it names), in a JVM of its own.
 */
@ScaleTest
class LargestUploadMemoryTest {
    /** The README's small-footprint options (SWITCHBACK_JAVA_OPTS). */
    private static final List<String> README_OPTIONS = List.of("-XX:+UseSerialGC", "-Xms64m", "-Xmx160m", "-Xss512k");

    @Test
    void theLargestUploadAllowed_isMadeAndReadBack_in160MiBOfHeap(@TempDir Path directory) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(README_OPTIONS);
        command.addAll(List.of(
                "-XX:+ExitOnOutOfMemoryError",
                "-cp",
                System.getProperty("java.class.path"),
                LargestUpload.class.getName(),
                directory.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("made 500000 points");
    }
}
