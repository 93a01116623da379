package dev.switchback.api.track;

import java.io.InputStream;

/**
 * Reads an activity file into a {@link Track}. Implementations refuse hostile input (entity expansion,
 * gzip bombs, oversize files) with a {@link TrackFormatException}, never an out-of-memory error.
 */
public interface TrackParser {
    /** Parses {@code file} as {@code type} (decompressing {@code .gz} types first). */
    Track parse(InputStream file, DataType type) throws TrackFormatException;

    /** The same, for a file already in memory (read in place, not copied). */
    default Track parse(byte[] file, DataType type) throws TrackFormatException {
        return parse(new java.io.ByteArrayInputStream(file), type);
    }
}
