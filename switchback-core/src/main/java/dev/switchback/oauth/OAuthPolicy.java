package dev.switchback.oauth;

import java.time.Duration;

/**
 * The OAuth rules that differ between the {@code strava} and {@code hardened} profiles (contract#profiles),
 * each settable on its own, and the token lifetimes.
 *
 * @param redirectRequiresHttps   redirect URIs must be https, loopback excepted
 * @param redirectAllowsSubdomains a redirect host may be a subdomain of the callback domain
 * @param redirectExactMatch       a redirect URI must equal one the app registered (a loopback port excepted)
 * @param pkceRequired             every authorization request must carry an S256 code challenge
 * @param codeReuseRevokesTokens   a second use of a code revokes every token issued from it
 * @param refreshReuseRevokesGrant replaying a superseded refresh token revokes the whole grant
 * @param refreshRetryWindow       how long a retry with the refresh token just rotated gets the same answer again,
 *                                 while its successor is unused
 * @param accessTokenSlots         the most live access tokens one grant holds
 */
public record OAuthPolicy(
        boolean redirectRequiresHttps,
        boolean redirectAllowsSubdomains,
        boolean redirectExactMatch,
        boolean pkceRequired,
        boolean codeReuseRevokesTokens,
        boolean refreshReuseRevokesGrant,
        Duration refreshRetryWindow,
        int accessTokenSlots) {

    public static final Duration ACCESS_TOKEN_TTL = Duration.ofHours(6);
    public static final Duration CODE_TTL = Duration.ofMinutes(10);
    public static final Duration MAX_REFRESH_RETRY_WINDOW = Duration.ofSeconds(60);
    /**
     * On in both profiles (contract#refresh-retry-window): a refresh whose answer was lost (a 503 after a commit
     * whose outcome is unknown, a dropped connection, a crashed client) must be retryable, and 60 s covers the
     * wait for the database and the client's retry.
     */
    public static final Duration DEFAULT_REFRESH_RETRY_WINDOW = MAX_REFRESH_RETRY_WINDOW;

    public static final int DEFAULT_ACCESS_TOKEN_SLOTS = 5;

    public OAuthPolicy {
        if (refreshRetryWindow.isNegative() || refreshRetryWindow.compareTo(MAX_REFRESH_RETRY_WINDOW) > 0) {
            throw new IllegalArgumentException("oauth.refresh-retry-window must be between 0s and 60s (got "
                    + refreshRetryWindow.toSeconds() + "s)");
        }
        if (accessTokenSlots < 1 || accessTokenSlots > 100) {
            throw new IllegalArgumentException(
                    "oauth.access-token-slots must be between 1 and 100 (got " + accessTokenSlots + ")");
        }
    }

    /** Strava's behaviour: subdomains and http allowed, no exact matching, PKCE optional, no reuse revocation; the retry window. */
    public static OAuthPolicy strava() {
        return new OAuthPolicy(
                false, true, false, false, false, false, DEFAULT_REFRESH_RETRY_WINDOW, DEFAULT_ACCESS_TOKEN_SLOTS);
    }

    /** The OAuth 2.0 Security BCP (RFC 9700) switched on; the same retry window (a retry is not a replay). */
    public static OAuthPolicy hardened() {
        return new OAuthPolicy(
                true, false, true, true, true, true, DEFAULT_REFRESH_RETRY_WINDOW, DEFAULT_ACCESS_TOKEN_SLOTS);
    }

    /** The same policy with another refresh retry window. */
    public OAuthPolicy withRefreshRetryWindow(Duration window) {
        return new OAuthPolicy(
                redirectRequiresHttps,
                redirectAllowsSubdomains,
                redirectExactMatch,
                pkceRequired,
                codeReuseRevokesTokens,
                refreshReuseRevokesGrant,
                window,
                accessTokenSlots);
    }
}
