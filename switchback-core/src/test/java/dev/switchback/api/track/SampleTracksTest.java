package dev.switchback.api.track;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.testing.UnitTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/** The committed sample files are what {@link SampleTracks} makes, byte for byte, and small. */
@UnitTest
class SampleTracksTest {

    @Test
    @EnabledIfSystemProperty(named = "tracks.regenerate", matches = "true")
    void regenerate_writesTheSamplesIntoTheTestResources() throws IOException {
        SampleTracks.writeAll(Paths.get("src/test/resources/tracks"));
    }

    @Test
    void committedSamples_areWhatTheGeneratorMakes(@TempDir Path directory) throws IOException {
        SampleTracks.writeAll(directory);
        for (String name : SampleTracks.ALL) {
            assertThat(SampleTracks.bytes(name)).as(name).isEqualTo(Files.readAllBytes(directory.resolve(name)));
        }
    }

    @Test
    void everySample_isUnder200KiB() {
        for (String name : SampleTracks.ALL) {
            assertThat(SampleTracks.bytes(name).length).as(name).isLessThan(200 * 1024);
            assertThat(SampleTracks.bytes(name + ".gz").length).as(name + ".gz").isLessThan(200 * 1024);
        }
    }
}
