package dev.switchback.client;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/** Tokens in memory: for a process that authorizes at start-up, and for tests. Thread-safe. */
public final class InMemoryTokenStore implements TokenStore {
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Tokens tokens;

    /** An empty store. */
    public InMemoryTokenStore() {}

    /**
     * A store holding {@code tokens}.
     *
     * @param tokens the initial tokens
     */
    public InMemoryTokenStore(Tokens tokens) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    /** {@inheritDoc} */
    @Override
    public Optional<Tokens> load() {
        return Optional.ofNullable(tokens);
    }

    /** {@inheritDoc} */
    @Override
    public void save(Tokens tokens) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    /** Runs {@code action} under this store's lock, shared by every thread and {@link TokenManager} using it. */
    @Override
    public <T> T withLock(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
