package dev.switchback.api.activity;

import dev.switchback.api.upload.UploadId;
import java.util.Optional;

/**
 * Where an activity came from: entered by hand ({@code manual}), or a file, with the recording device,
 * the uploader's {@code external_id}, the upload and the digest of the file (for duplicates).
 */
public record ActivitySource(
        boolean manual,
        Optional<String> deviceName,
        Optional<String> externalId,
        Optional<UploadId> uploadId,
        Optional<String> digest) {
    public static final ActivitySource MANUAL =
            new ActivitySource(true, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    /** The same, made by {@code upload}. */
    public ActivitySource withUpload(UploadId upload) {
        return new ActivitySource(manual, deviceName, externalId, Optional.of(upload), digest);
    }
}
