package dev.switchback.oauth;

/** A client id and secret as sent in an HTTP Basic header (an extension to Strava's surface). */
public record ClientCredentials(String clientId, String clientSecret) {
    @Override
    public String toString() {
        return "ClientCredentials[clientId=" + clientId + "]";
    }
}
