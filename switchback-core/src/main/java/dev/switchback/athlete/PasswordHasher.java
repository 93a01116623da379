package dev.switchback.athlete;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Argon2id through Password4j, with OWASP's minimum parameters (19 MiB, 2 passes, 1 lane). Hashes are
 * PHC strings, so verification reads the parameters from the hash and old hashes keep working if the
 * parameters are raised. At most one hash per core runs at a time: a burst of logins queues here
 * instead of taking every core (and 19 MiB each) from the token endpoint.
 */
public final class PasswordHasher {
    private static final int MEMORY_KIB = 19 * 1024;
    private static final int ITERATIONS = 2;
    private static final int PARALLELISM = 1;
    private static final int OUTPUT_BYTES = 32;

    private final Semaphore concurrentHashes = new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()));
    private final Argon2Function argon2 = Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, PARALLELISM, OUTPUT_BYTES, Argon2.ID);
    private volatile String dummyHash;

    public String hash(char[] password) {
        return limited(() -> Password.hash(new String(password)).addRandomSalt(16).with(argon2).getResult());
    }

    public boolean verify(char[] password, String hash) {
        return limited(() -> {
            try {
                return Password.check(new String(password), hash).with(Argon2Function.getInstanceFromHash(hash));
            } catch (RuntimeException malformedHash) {
                return false;
            }
        });
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
