package dev.switchback.api.track;

/**
 * An activity file that cannot be read as what it claims to be: malformed, truncated, empty of points,
 * too large when decompressed. The message is safe to show the uploader (Strava puts it in the upload's
 * {@code error}).
 */
public final class TrackFormatException extends Exception {
    public TrackFormatException(String message) {
        super(message);
    }

    public TrackFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
