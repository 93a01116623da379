package dev.switchback.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files the CLI imports, read whole but never past a limit. */
final class InputFiles {
    private InputFiles() {}

    /** The bytes of {@code file}; a file larger than {@code maxBytes} is refused before it is read. */
    static byte[] read(Path file, long maxBytes) {
        try {
            if (Files.size(file) > maxBytes) {
                throw new IllegalArgumentException(file + " is larger than " + maxBytes / (1024 * 1024) + " MiB");
            }
            try (InputStream in = Files.newInputStream(file)) {
                return in.readNBytes((int) maxBytes + 1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
