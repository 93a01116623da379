package dev.switchback.oauth;

/** The app already has as many connected athletes as its capacity allows (Strava's 403 page). */
public final class AthleteCapacityExceededException extends RuntimeException {
    public AthleteCapacityExceededException(dev.switchback.app.AppId clientId) {
        super("app " + clientId + " has reached its athlete capacity", null, false, false);
    }
}
