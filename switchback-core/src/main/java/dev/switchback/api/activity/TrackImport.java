package dev.switchback.api.activity;

import dev.switchback.api.upload.UploadId;
import java.util.Optional;

/**
 * What the uploader says about a file, beside what it holds: a name and description (else the file's
 * name, else Strava's "Morning Ride"), visibility, trainer and commute flags, {@code external_id}, the
 * upload it came with and the digest of its bytes (a second file with the same digest is a duplicate).
 */
public record TrackImport(
        Optional<String> name,
        Optional<String> description,
        Visibility visibility,
        boolean trainer,
        boolean commute,
        Optional<String> externalId,
        Optional<UploadId> uploadId,
        Optional<String> digest) {

    /** The same, for a file with this digest. */
    public TrackImport withDigest(String fileDigest) {
        return new TrackImport(
                name, description, visibility, trainer, commute, externalId, uploadId, Optional.of(fileDigest));
    }

    public static TrackImport of(Visibility visibility) {
        return new TrackImport(
                Optional.empty(),
                Optional.empty(),
                visibility,
                false,
                false,
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }
}
