package dev.switchback.api.upload;

import dev.switchback.api.track.DataType;
import dev.switchback.api.track.Track;
import dev.switchback.api.track.TrackFormatException;
import dev.switchback.api.track.TrackParser;
import java.io.InputStream;

/**
 * Stands in until the GPX, TCX and FIT parsers are wired in: every file ends as an upload error that says
 * so, never a 500.
 */
public final class UnavailableTrackParser implements TrackParser {
    @Override
    public Track parse(InputStream file, DataType type) throws TrackFormatException {
        throw new TrackFormatException("Reading " + type.wireName() + " files is not available in this build.");
    }
}
