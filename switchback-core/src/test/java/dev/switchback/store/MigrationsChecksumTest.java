package dev.switchback.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.testing.UnitTest;
import java.nio.charset.StandardCharsets;
import org.flywaydb.core.internal.resolver.ChecksumCalculator;
import org.flywaydb.core.internal.resource.StringResource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Migrations#checksum}, taken over a script's bytes, is Flyway's checksum of the same script, which Flyway
 * takes over its lines as text: whatever the line breaks, a byte-order mark (only the first is dropped), empty lines
 * or letters outside ASCII. DatabaseSchemaTest checks the build's own scripts against what Flyway stores.
 */
@UnitTest
class MigrationsChecksumTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "CREATE TABLE a (id INTEGER);",
                "CREATE TABLE a (id INTEGER);\n",
                "-- one\nCREATE TABLE a (id INTEGER);\n\n\nCREATE INDEX i ON a (id);",
                "-- Windows\r\nCREATE TABLE a (id INTEGER);\r\n\r\n",
                "-- old Mac\rCREATE TABLE a (id INTEGER);\r",
                "mixed\r\n\n\r\r\nend",
                "\n",
                "\r\n",
                "\r",
                "\uFEFF-- a byte-order mark\nCREATE TABLE a (id INTEGER);\n",
                "\uFEFF",
                "\uFEFF\r\n",
                "a\n\uFEFFb",
                "INSERT INTO t VALUES ('Zürich – 東京 🚴');\n"
            })
    void checksumOfAScript_isFlywaysChecksumOfIt(String script) {
        int flyway = ChecksumCalculator.calculate(new StringResource(script));

        assertThat(Migrations.checksum(script.getBytes(StandardCharsets.UTF_8))).isEqualTo(flyway);
    }
}
