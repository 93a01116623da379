package dev.switchback.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.testing.UnitTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's testkit example is {@code example.StravaSyncTest}, word for word (which runs as a test of its own). */
@UnitTest
class ReadmeExampleTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Path EXAMPLE =
            Path.of("src", "test", "java", "dev", "switchback", "testkit", "example", "StravaSyncTest.java");

    @Test
    void readme_containsTheExample_asOneJavaCodeBlock() throws IOException {
        List<String> lines = Files.readAllLines(EXAMPLE);
        String example = String.join(
                "\n",
                lines.subList(lines.indexOf("// README:begin") + 1, lines.indexOf("// README:end")).stream()
                        .filter(line -> !line.contains("// README:skip"))
                        .toList());

        assertThat(Files.readString(README)).contains("```java\n" + example + "\n```\n");
    }
}
