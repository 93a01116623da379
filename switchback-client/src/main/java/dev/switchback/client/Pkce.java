package dev.switchback.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A proof key for code exchange (RFC 7636, method {@code S256}): send {@link #challenge()} with the
 * authorize URL and {@link #verifier()} with the code exchange, so that a code intercepted on its way
 * back is useless to anyone else. Switchback accepts it in both profiles and requires it in the
 * {@code hardened} one; strava.com does not document it. {@link #toString()} hides the verifier.
 *
 * @param verifier 43 to 128 characters of {@code [A-Za-z0-9._~-]}
 */
public record Pkce(String verifier) {
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Checks the verifier's length and alphabet (RFC 7636 §4.1). */
    public Pkce {
        Objects.requireNonNull(verifier, "verifier");
        if (!VERIFIER.matcher(verifier).matches()) {
            throw new IllegalArgumentException("a PKCE verifier must be 43 to 128 characters of [A-Za-z0-9._~-]");
        }
    }

    /** {@return a new verifier of 256 random bits} */
    public static Pkce generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new Pkce(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** {@return the S256 challenge: BASE64URL(SHA-256(verifier)), without padding} */
    public String challenge() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Hides the verifier. */
    @Override
    public String toString() {
        return "Pkce[challenge=" + challenge() + "]";
    }
}
