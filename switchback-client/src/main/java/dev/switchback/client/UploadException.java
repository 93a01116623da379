package dev.switchback.client;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * An upload that was accepted ({@code POST /uploads} answered 201) but made no activity
 * (contract#upload-status): Strava ended it with an {@code error} (a file it cannot read, or a duplicate), the
 * created activity was deleted, or it was still processing at the caller's deadline. It carries the last
 * Upload body seen. A refused submission (a 400 or 413) is a {@link StravaException} instead.
 */
public final class UploadException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final Pattern DUPLICATE = Pattern.compile("duplicate of activity (\\d+)");

    /** Why no activity came of the upload. */
    public enum Reason {
        /** The upload ended with an {@code error}. */
        ERROR,
        /** "The created activity has been deleted.": no error, no activity. */
        DELETED,
        /** Still processing when the deadline passed; polling again later may still see it finish. */
        DEADLINE
    }

    private final Reason reason;
    private final long uploadId;
    private final transient JsonNode upload;

    /**
     * @param message  what happened, for a person to read
     * @param reason   why no activity came of the upload
     * @param uploadId the upload's id
     * @param upload   the last Upload body seen
     */
    public UploadException(String message, Reason reason, long uploadId, JsonNode upload) {
        super(message);
        this.reason = reason;
        this.uploadId = uploadId;
        this.upload = upload;
    }

    /** {@return why no activity came of the upload} */
    public Reason reason() {
        return reason;
    }

    /** {@return the upload's id} */
    public long uploadId() {
        return uploadId;
    }

    /** {@return the last Upload body seen: {@code id}, {@code external_id}, {@code error}, {@code status}...} */
    public JsonNode upload() {
        return upload;
    }

    /** {@return the upload's {@code error}, e.g. {@code ride.gpx duplicate of activity 12}, when it has one} */
    public Optional<String> error() {
        JsonNode error = upload == null ? null : upload.get("error");
        return error == null || error.isNull() ? Optional.empty() : Optional.of(error.asString());
    }

    /** {@return the activity this upload duplicates, when its error says "duplicate of activity N"} */
    public OptionalLong duplicateOf() {
        Matcher matcher = DUPLICATE.matcher(error().orElse(""));
        return matcher.find() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
    }
}
