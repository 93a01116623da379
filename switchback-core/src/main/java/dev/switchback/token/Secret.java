package dev.switchback.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A bearer secret: an access or refresh token, an authorization code or a client secret. Only its
 * {@link #digest()} is ever stored; {@link #toString()} never shows the value. The digest is computed
 * once, when the secret is made, so a token transaction never hashes while it holds the write lock.
 */
public final class Secret {
    private static final int LENGTH = 40;
    /**
     * One SHA-256 per thread: looking the algorithm up among the security providers cost more than the
     * hash itself, on every token request. {@code digest} resets it for the next use.
     */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    });

    private final String value;
    private final TokenDigest digest;

    public Secret(String value) {
        this.value = value;
        this.digest = digestOf(value);
    }

    /** The value if it has the shape of a Strava secret (40 lowercase hex), else empty. */
    public static Optional<Secret> parse(String value) {
        if (value == null || value.length() != LENGTH || !isLowerHex(value)) {
            return Optional.empty();
        }
        return Optional.of(new Secret(value));
    }

    /**
     * A loop, not {@code chars().allMatch}: every bearer request parses its token, and the stream's shared pipeline
     * code, which every stream in the process drives, was compiled for many kinds of stream in a server with metrics
     * on: 0.35-0.5 µs a bearer request in a profile, where the loop takes 0.05-0.13 (docs/performance.md#bench-ops).
     */
    private static boolean isLowerHex(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (!isLowerHex(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    public String value() {
        return value;
    }

    /** SHA-256 of the value: the only form that is stored. */
    public TokenDigest digest() {
        return digest;
    }

    /** The digest of any string presented as a secret, well-formed or not (a client secret, say). */
    public static TokenDigest digestOf(String value) {
        return new TokenDigest(HexFormat.of().formatHex(SHA_256.get().digest(value.getBytes(StandardCharsets.UTF_8))));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && secret.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "Secret[digest " + digest.hex().substring(0, 6) + "...]";
    }
}
