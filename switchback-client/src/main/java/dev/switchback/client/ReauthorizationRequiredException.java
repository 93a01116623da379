package dev.switchback.client;

/**
 * The athlete must authorize the app again: there are no saved tokens, or the server refused the saved
 * refresh token (the athlete or the app revoked access, or the token was rotated by a refresh whose
 * result was never saved and the server's retry window is over). Retrying cannot help; send the athlete
 * through the authorize page again.
 */
public final class ReauthorizationRequiredException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened, for a person to read
     * @param cause   the refused refresh, or null when there was nothing to refresh
     */
    public ReauthorizationRequiredException(String message, StravaException cause) {
        super(message, cause);
    }

    /** {@return the refused refresh, when the server refused one} */
    public java.util.Optional<StravaException> refusal() {
        return java.util.Optional.ofNullable((StravaException) getCause());
    }
}
