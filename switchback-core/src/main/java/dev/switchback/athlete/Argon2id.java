package dev.switchback.athlete;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One implementation of Argon2id that writes and reads PHC strings ({@code $argon2id$v=19$m=...}). Two exist:
 * the reference C implementation (libargon2, bundled for Linux, macOS and Windows by argon2-jvm) and
 * Password4j's pure Java one. The reference is twice as fast and hashes outside the Java heap: Password4j
 * allocates its 19 MiB per hash as 19,456 small arrays and keeps a zeroed 19 MiB template per parameter set,
 * which made logins the largest part of the server's heap. Password4j stays for platforms where the native
 * library does not load.
 */
interface Argon2id {
    Logger LOG = LoggerFactory.getLogger(Argon2id.class);
    /** OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane; a 16-byte salt and a 32-byte hash. */
    int MEMORY_KIB = 19 * 1024;

    int ITERATIONS = 2;
    int PARALLELISM = 1;
    int SALT_BYTES = 16;
    int OUTPUT_BYTES = 32;

    /** A PHC string of the password under a fresh random salt, with the parameters above. */
    String hash(char[] password);

    /** Whether the password matches the PHC string (whose parameters it uses); false for a malformed one. */
    boolean verify(char[] password, String hash);

    String name();

    /** The reference implementation where it loads here, else Password4j's. */
    static Argon2id fastest() {
        return reference().orElseGet(() -> {
            LOG.warn(
                    "libargon2 did not load on {} {}; hashing passwords with Password4j (pure Java, about half as fast)",
                    System.getProperty("os.name"),
                    System.getProperty("os.arch"));
            return password4j();
        });
    }

    /** libargon2 through JNA, if it loads on this platform (checked with a hash of 8 KiB). */
    static Optional<Argon2id> reference() {
        try {
            Argon2 argon2 = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id, SALT_BYTES, OUTPUT_BYTES);
            argon2.hash(1, 8, 1, "probe".toCharArray(), StandardCharsets.UTF_8);
            GlibcMalloc.returnLargeBlocks();
            return Optional.of(new Reference(argon2));
        } catch (LinkageError | RuntimeException notLoaded) {
            LOG.debug("libargon2 did not load", notLoaded);
            return Optional.empty();
        }
    }

    static Argon2id password4j() {
        return new Password4j();
    }

    /**
     * libargon2 takes each hash's 19 MiB from malloc. glibc serves a block that large by mmap, but once one is
     * freed it raises that threshold above the block's size, so later hashes take their memory from the
     * malloc arena of their thread and it stays there when freed: 19 MiB kept per arena, up to 8 per core
     * (134 MiB after 24 hashes on 8 threads; 480 MiB after the benchmark's browser flow). A threshold set
     * with mallopt stays fixed, so every block of 1 MiB or more goes back to the system when freed; it costs
     * the page faults of 19 MiB per hash. Only where the C library is glibc (mallopt is Linux's).
     */
    final class GlibcMalloc {
        private static final int M_MMAP_THRESHOLD = -3;
        private static final int ONE_MIB = 1 << 20;

        private GlibcMalloc() {}

        interface CLibrary extends Library {
            int mallopt(int parameter, int value);
        }

        static void returnLargeBlocks() {
            if (!Platform.isLinux()) {
                return;
            }
            try {
                CLibrary c = Native.load(Platform.C_LIBRARY_NAME, CLibrary.class);
                if (c.mallopt(M_MMAP_THRESHOLD, ONE_MIB) != 1) {
                    LOG.warn(
                            "mallopt(M_MMAP_THRESHOLD) was refused; each thread that hashes a password may keep 19 MiB");
                }
            } catch (LinkageError | RuntimeException noMallopt) {
                LOG.debug("no mallopt in this C library", noMallopt);
            }
        }
    }

    /** argon2-jvm, the random salt from its SecureRandom; the password as UTF-8 bytes (wiped after), as Password4j encodes it. */
    final class Reference implements Argon2id {
        private final Argon2 argon2;

        private Reference(Argon2 argon2) {
            this.argon2 = argon2;
        }

        @Override
        public String hash(char[] password) {
            return argon2.hash(ITERATIONS, MEMORY_KIB, PARALLELISM, password, StandardCharsets.UTF_8);
        }

        @Override
        public boolean verify(char[] password, String hash) {
            try {
                return argon2.verify(hash, password, StandardCharsets.UTF_8);
            } catch (RuntimeException malformedHash) {
                return false;
            }
        }

        @Override
        public String name() {
            return "reference (libargon2)";
        }
    }

    final class Password4j implements Argon2id {
        private final Argon2Function argon2 = Argon2Function.getInstance(
                MEMORY_KIB, ITERATIONS, PARALLELISM, OUTPUT_BYTES, com.password4j.types.Argon2.ID);

        @Override
        public String hash(char[] password) {
            return Password.hash(new String(password))
                    .addRandomSalt(SALT_BYTES)
                    .with(argon2)
                    .getResult();
        }

        @Override
        public boolean verify(char[] password, String hash) {
            try {
                return Password.check(new String(password), hash).with(Argon2Function.getInstanceFromHash(hash));
            } catch (RuntimeException malformedHash) {
                return false;
            }
        }

        @Override
        public String name() {
            return "Password4j (pure Java)";
        }
    }
}
