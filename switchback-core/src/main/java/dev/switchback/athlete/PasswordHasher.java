package dev.switchback.athlete;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Argon2id with OWASP's minimum parameters (19 MiB, 2 passes, 1 lane; see {@link Argon2id}). Hashes are
 * PHC strings, so verification reads the parameters from the hash and old hashes keep working if the
 * parameters are raised. At most one hash per core runs at a time: a burst of logins queues here
 * instead of taking every core (and 19 MiB each) from the token endpoint.
 */
public final class PasswordHasher {
    private final Semaphore concurrentHashes =
            new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()));
    private volatile Argon2id argon2;
    private volatile String dummyHash;

    /**
     * The fastest implementation that loads here: libargon2, else Password4j. Chosen at the first hash, not
     * here: loading the native libraries takes about 100 ms, which every start and CLI command would pay.
     */
    public PasswordHasher() {}

    PasswordHasher(Argon2id argon2) {
        this.argon2 = argon2;
    }

    public String hash(char[] password) {
        return limited(() -> argon2().hash(password));
    }

    public boolean verify(char[] password, String hash) {
        return limited(() -> argon2().verify(password, hash));
    }

    private Argon2id argon2() {
        Argon2id chosen = argon2;
        if (chosen == null) {
            synchronized (this) {
                if (argon2 == null) {
                    argon2 = Argon2id.fastest();
                }
                chosen = argon2;
            }
        }
        return chosen;
    }

    private <T> T limited(Supplier<T> work) {
        concurrentHashes.acquireUninterruptibly();
        try {
            return work.get();
        } finally {
            concurrentHashes.release();
        }
    }

    /** Spends the time of one verification, so an unknown username answers as slowly as a wrong password. */
    public void verifyNothing(char[] password) {
        if (dummyHash == null) {
            dummyHash = hash("not a password of anyone".toCharArray());
        }
        verify(password, dummyHash);
    }
}
