package dev.switchback.client;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps one athlete's grant usable: {@link #accessToken()} returns an access token valid for at least a
 * margin (5 minutes by default), refreshing it when needed.
 *
 * <p>What it guarantees, since every refresh rotates the refresh token and the old one dies at once:
 * <ul>
 *   <li>At most one refresh in flight per grant: threads wait on one lock, and under the store's
 *       {@link TokenStore#withLock lock} (which a {@link FileTokenStore} extends to other processes) the
 *       tokens are re-read and refreshed only if they still need it.</li>
 *   <li>The rotated tokens are saved to the store before anyone uses them. If the process dies between
 *       the refresh and the save, the store still holds the previous refresh token, and the next start
 *       presents it again: a server with a retry window (Switchback's {@code oauth.refresh-retry-window}, 60 s
 *       by default) answers with the tokens it lost; otherwise the grant is lost and this says so.</li>
 *   <li>When the server refuses the refresh token (the athlete or the app revoked access, or a lost
 *       rotation is past the retry window), it throws {@link ReauthorizationRequiredException}: the
 *       athlete must authorize again.</li>
 * </ul>
 * Thread-safe; create one per grant and share it.
 */
public final class TokenManager {
    /** The default margin: a token is refreshed when it has 5 minutes or less to live. */
    public static final Duration DEFAULT_MARGIN = Duration.ofMinutes(5);
    /**
     * The largest margin allowed. Strava answers a refresh with the same access token while it has more
     * than an hour left (contract#refresh-grant), so a margin of an hour or more would refresh on every call.
     */
    public static final Duration MAX_MARGIN = Duration.ofMinutes(55);

    private final StravaClient client;
    private final TokenStore store;
    private final Duration margin;
    private final ReentrantLock refreshLock = new ReentrantLock();
    private volatile Tokens current;

    private TokenManager(StravaClient client, TokenStore store, Duration margin) {
        this.client = Objects.requireNonNull(client, "client");
        this.store = Objects.requireNonNull(store, "store");
        if (margin == null || margin.isNegative() || margin.compareTo(MAX_MARGIN) > 0) {
            throw new IllegalArgumentException("margin must be between 0 and " + Durations.format(MAX_MARGIN) + " (got "
                    + (margin == null ? "null" : Durations.format(margin)) + ")");
        }
        this.margin = margin;
    }

    /**
     * A manager with the default margin of 5 minutes.
     *
     * @param client the app's client
     * @param store  where the athlete's tokens are saved; it must already hold them (after a code exchange)
     * @return the manager
     */
    public static TokenManager create(StravaClient client, TokenStore store) {
        return new TokenManager(client, store, DEFAULT_MARGIN);
    }

    /**
     * A manager with its own margin.
     *
     * @param client the app's client
     * @param store  where the athlete's tokens are saved
     * @param margin how long a returned token must still live, from 0 to {@link #MAX_MARGIN}
     * @return the manager
     */
    public static TokenManager create(StravaClient client, TokenStore store, Duration margin) {
        return new TokenManager(client, store, margin);
    }

    /**
     * An access token valid for at least the margin, refreshed (and the result saved) if needed.
     *
     * @return the access token
     * @throws ReauthorizationRequiredException when there are no tokens or the server refused the refresh token
     * @throws StravaException                  when the refresh failed otherwise (network, server error);
     *                                          a later call tries again
     */
    public String accessToken() {
        return tokens().accessToken();
    }

    /**
     * The current tokens, as {@link #accessToken()} would return them: valid for at least the margin.
     *
     * @return the tokens, with the athlete and granted scopes saved at the code exchange
     * @throws ReauthorizationRequiredException when there are no tokens or the server refused the refresh token
     * @throws StravaException                  when the refresh failed otherwise
     */
    public Tokens tokens() {
        Tokens known = current;
        if (known != null && fresh(known)) {
            return known;
        }
        return refreshUnlessFresh(null);
    }

    /**
     * A replacement for an access token the server refused (401) although it had not expired, e.g. after
     * the server lost it: refreshes unless another thread or process already replaced it. If the grant
     * was revoked, the refresh is refused too and this throws {@link ReauthorizationRequiredException}.
     *
     * @param rejectedAccessToken the token the server refused
     * @return a different access token
     * @throws ReauthorizationRequiredException when the server refused the refresh token
     * @throws StravaException                  when the refresh failed otherwise
     */
    public String accessTokenReplacing(String rejectedAccessToken) {
        Objects.requireNonNull(rejectedAccessToken, "rejectedAccessToken");
        return refreshUnlessFresh(rejectedAccessToken).accessToken();
    }

    private Tokens refreshUnlessFresh(String rejected) {
        refreshLock.lock();
        try {
            Tokens known = current;
            if (known != null && usable(known, rejected)) {
                return known;
            }
            Tokens latest = store.withLock(() -> {
                Tokens saved = store.load()
                        .orElseThrow(() -> new ReauthorizationRequiredException(
                                "no saved tokens: the athlete must authorize the app first", null));
                if (usable(saved, rejected)) {
                    return saved;
                }
                Tokens rotated = refresh(saved);
                store.save(rotated);
                return rotated;
            });
            current = latest;
            return latest;
        } finally {
            refreshLock.unlock();
        }
    }

    private boolean usable(Tokens tokens, String rejected) {
        return fresh(tokens) && !tokens.accessToken().equals(rejected);
    }

    private boolean fresh(Tokens tokens) {
        return tokens.validFor(margin, client.clock().instant());
    }

    private Tokens refresh(Tokens saved) {
        try {
            return client.refresh(saved.refreshToken()).inheriting(saved);
        } catch (StravaException e) {
            if (e.isRefreshTokenInvalid()) {
                throw new ReauthorizationRequiredException(
                        "the server refused the saved refresh token (access was revoked, "
                                + "or the token was rotated by a refresh whose result was lost): the athlete must authorize the app again",
                        e);
            }
            throw e;
        }
    }
}
