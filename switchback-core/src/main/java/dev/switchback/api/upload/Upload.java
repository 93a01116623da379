package dev.switchback.api.upload;

import dev.switchback.api.activity.ActivityId;
import dev.switchback.api.track.DataType;
import dev.switchback.athlete.AthleteId;
import java.time.Instant;
import java.util.Optional;

/** A submitted file and what became of it. */
public record Upload(
        UploadId id,
        AthleteId athleteId,
        UploadStatus status,
        Optional<String> error,
        Optional<ActivityId> activityId,
        String externalId,
        DataType dataType,
        String digest,
        Optional<String> name,
        Optional<String> description,
        boolean trainer,
        boolean commute,
        Instant createdAt) {

    /** Strava's {@code status} text; a ready upload whose activity was deleted says so. */
    public String statusMessage() {
        return status == UploadStatus.READY && activityId.isEmpty() ? UploadStatus.DELETED_MESSAGE : status.message();
    }
}
