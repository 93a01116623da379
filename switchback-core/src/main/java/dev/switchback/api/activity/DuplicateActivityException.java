package dev.switchback.api.activity;

/** The athlete already has an activity made from the same file (Strava: "... duplicate of activity N"). */
public final class DuplicateActivityException extends RuntimeException {
    private final ActivityId existingActivityId;

    public DuplicateActivityException(ActivityId existingActivityId) {
        super("duplicate of activity " + existingActivityId, null, false, false);
        this.existingActivityId = existingActivityId;
    }

    public ActivityId existingActivityId() {
        return existingActivityId;
    }
}
