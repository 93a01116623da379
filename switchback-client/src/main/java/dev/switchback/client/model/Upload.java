package dev.switchback.client.model;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Strava's Upload: the status of a file sent to {@code POST /uploads}, polled at {@code GET /uploads/{id}}.
 *
 * @param id         the upload's id
 * @param idStr      the same, as a string
 * @param externalId the external id the upload was given (default: the file name)
 * @param error      why processing failed, once it has
 * @param status     e.g. "Your activity is still being processed." or "Your activity is ready."
 * @param activityId the activity made, once it is ready
 */
public record Upload(
        long id,
        Optional<String> idStr,
        Optional<String> externalId,
        Optional<String> error,
        Optional<String> status,
        OptionalLong activityId) {
    /** {@return whether processing is over: an activity was made, or it failed} */
    public boolean done() {
        return activityId.isPresent() || error.isPresent();
    }
}
