package dev.switchback.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.testing.UnitTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table is rendered from {@link Keys}. The table is found by its header row, so
 * the README may be rearranged around it; when it differs, the failure prints the table to paste in.
 */
@UnitTest
class ReadmeConfigurationTableTest {
    private static final Path README = Path.of("..", "README.md");
    static final String HEADER = "| Key | Default | Meaning |";

    @Test
    void readmeConfigurationTable_isTheOneRenderedFromTheRegistry() throws IOException {
        String expected = render(Keys.all());

        String actual = tableUnder(HEADER, Files.readAllLines(README));

        assertThat(actual)
                .as("the README's configuration table; expected, rendered from Keys:%n%n%s%n", expected)
                .isEqualTo(expected);
    }

    @Test
    void theRenderedTable_hasOneRowPerSetting_withItsDefault() {
        List<String> rows = render(Keys.all()).lines().toList();

        assertThat(rows).hasSize(2 + Keys.all().size());
        assertThat(rows).contains("| `server.port` | `8080` | port (`--port`; 0 picks a free one) |");
        assertThat(rows).anyMatch(row -> row.startsWith("| `server.public-url` | | "));
        assertThat(rows)
                .anyMatch(row -> row.startsWith("| `oauth.pkce-required` | strava `false`, hardened `true` | "));
    }

    /** The header row and every table row after it, up to the first line that is not one. */
    private static String tableUnder(String header, List<String> lines) {
        int start = lines.indexOf(header);
        assertThat(start).as("the README has a table headed " + header).isNotNegative();
        return lines.subList(start, lines.size()).stream()
                .takeWhile(line -> line.startsWith("|"))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    static String render(List<Setting<?>> settings) {
        StringBuilder table = new StringBuilder(HEADER + "\n| --- | --- | --- |\n");
        for (Setting<?> setting : settings) {
            table.append(row(code(setting.key()), defaultCell(setting.fallback()), setting.description()))
                    .append('\n');
        }
        return table.toString();
    }

    private static String row(String... cells) {
        return Stream.of(cells)
                .map(cell -> cell.isEmpty() ? " " : " " + cell + " ")
                .collect(Collectors.joining("|", "|", "|"));
    }

    private static String defaultCell(Setting.Default fallback) {
        if (fallback instanceof Setting.Default.ByProfile byProfile) {
            return "strava " + code(byProfile.strava()) + ", hardened " + code(byProfile.hardened());
        }
        return code(fallback.forProfile("strava"));
    }

    private static String code(String text) {
        return text.isEmpty() ? "" : "`" + text + "`";
    }
}
