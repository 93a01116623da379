package dev.switchback.client;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where one athlete's tokens for one app are kept between calls and between runs. A
 * {@link TokenManager} loads them, and saves every rotated pair before anyone uses it.
 *
 * <p>Implement it over your own storage (a database row, a secrets manager); {@link InMemoryTokenStore}
 * and {@link FileTokenStore} are provided. A store shared by several processes must override
 * {@link #withLock} with a lock they all honour (a file lock, {@code SELECT ... FOR UPDATE}), so that
 * only one of them refreshes a given refresh token.
 */
public interface TokenStore {
    /**
     * The saved tokens.
     *
     * @return the latest tokens saved, or empty when there are none
     */
    Optional<Tokens> load();

    /**
     * Replaces the saved tokens. It must be durable when it returns: after a crash, {@link #load()}
     * returns either these tokens or the previous ones, never a mix or nothing.
     *
     * @param tokens the new tokens
     */
    void save(Tokens tokens);

    /**
     * Runs {@code action} while holding this store's exclusive lock, which every user of the same saved
     * tokens honours (threads, and processes when the store is shared). The {@link TokenManager} loads,
     * refreshes and saves under it. The default runs {@code action} without a lock: right only for a store
     * used by a single {@code TokenManager}.
     *
     * @param action what to run under the lock
     * @param <T>    what it returns
     * @return what {@code action} returned
     */
    default <T> T withLock(Supplier<T> action) {
        return action.get();
    }
}
