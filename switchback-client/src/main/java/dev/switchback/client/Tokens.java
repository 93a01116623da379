package dev.switchback.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One athlete's tokens for this app, as a token response gave them. {@link #toString()} never shows
 * a token in full.
 *
 * @param accessToken   the bearer token for API calls
 * @param refreshToken  the token that gets the next pair; every refresh may rotate it, so always keep
 *                      the latest
 * @param expiresAt     when the access token expires, by the client's clock
 * @param athlete       the athlete, from a code exchange (a refresh response carries none)
 * @param grantedScopes the scopes the athlete granted, from the redirect's {@code scope} parameter;
 *                      empty when unknown
 */
public record Tokens(
        String accessToken,
        String refreshToken,
        Instant expiresAt,
        Optional<Athlete> athlete,
        List<String> grantedScopes) {
    /** Checks every component; the scope list is copied. */
    public Tokens {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(athlete, "athlete");
        grantedScopes = List.copyOf(grantedScopes);
        if (accessToken.isBlank() || refreshToken.isBlank()) {
            throw new IllegalArgumentException("accessToken and refreshToken must not be blank");
        }
    }

    /**
     * The athlete summary a code exchange returns (Strava's SummaryAthlete, reduced to who it is).
     *
     * @param id        the athlete id
     * @param username  the username, which Strava may leave null
     * @param firstname the first name ({@code ""} when absent)
     * @param lastname  the last name ({@code ""} when absent)
     */
    public record Athlete(long id, Optional<String> username, String firstname, String lastname) {
        /** Checks every component. */
        public Athlete {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(firstname, "firstname");
            Objects.requireNonNull(lastname, "lastname");
        }

        /** {@return "Firstname Lastname", or the username or id when the names are empty} */
        public String displayName() {
            String name = (firstname + " " + lastname).trim();
            return name.isEmpty() ? username.orElse("athlete " + id) : name;
        }
    }

    /**
     * Whether the access token is still valid {@code margin} after {@code now}.
     *
     * @param margin how long the token must still live
     * @param now    the current instant
     * @return true when it expires strictly after {@code now + margin}
     */
    public boolean validFor(Duration margin, Instant now) {
        return expiresAt.isAfter(now.plus(margin));
    }

    /** These tokens with the athlete and scopes of {@code previous} where a refresh response lacks them. */
    Tokens inheriting(Tokens previous) {
        return new Tokens(
                accessToken,
                refreshToken,
                expiresAt,
                athlete.or(previous::athlete),
                grantedScopes.isEmpty() ? previous.grantedScopes() : grantedScopes);
    }

    /** Shows the first 6 characters of each token only. */
    @Override
    public String toString() {
        return "Tokens[accessToken=" + redact(accessToken) + ", refreshToken=" + redact(refreshToken) + ", expiresAt="
                + expiresAt + ", athlete="
                + athlete.map(a -> Long.toString(a.id())).orElse("unknown") + ", grantedScopes="
                + grantedScopes + "]";
    }

    static String redact(String token) {
        return token.length() <= 6 ? "..." : token.substring(0, 6) + "...";
    }
}
