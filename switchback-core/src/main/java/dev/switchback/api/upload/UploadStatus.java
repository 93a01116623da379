package dev.switchback.api.upload;

import java.util.Locale;

/** Where an upload is (contract#upload-status), with Strava's status strings. */
public enum UploadStatus {
    PROCESSING("Your activity is still being processed."),
    READY("Your activity is ready."),
    ERROR("There was an error processing your activity.");

    /** A ready upload whose activity is gone. */
    public static final String DELETED_MESSAGE = "The created activity has been deleted.";

    private final String message;

    UploadStatus(String message) {
        this.message = message;
    }

    public String message() {
        return message;
    }

    String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    static UploadStatus fromColumn(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
