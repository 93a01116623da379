package dev.switchback.api.activity;

import dev.switchback.api.upload.UploadId;
import dev.switchback.athlete.AthleteId;

/**
 * An activity ready to store: whose it is, what the athlete calls it, what was recorded (analysed before
 * any transaction begins) and where it came from.
 */
public record NewActivity(AthleteId athleteId, ActivityDetails details, Recording recording, ActivitySource source) {
    /** The same activity, made by {@code upload}. */
    public NewActivity withUpload(UploadId upload) {
        return new NewActivity(athleteId, details, recording, source.withUpload(upload));
    }
}
