package dev.switchback.oauth;

import dev.switchback.fault.FaultException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/** RFC 7636 proof key for code exchange, S256 only. */
public final class Pkce {
    private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

    private Pkce() {}

    /** Validates a code challenge and its method at authorize time (RFC 7636 §4.3). */
    public static String checkChallenge(String challenge, String method) {
        if (!"S256".equals(method)) {
            throw FaultException.invalid("Authorize", "code_challenge_method");
        }
        if (challenge == null || !CHALLENGE.matcher(challenge).matches()) {
            throw FaultException.invalid("Authorize", "code_challenge");
        }
        return challenge;
    }

    /** Whether {@code verifier} hashes to {@code challenge} (RFC 7636 §4.6). */
    public static boolean matches(String verifier, String challenge) {
        if (verifier == null || !VERIFIER.matcher(verifier).matches()) {
            return false;
        }
        byte[] expected = challenge.getBytes(StandardCharsets.US_ASCII);
        byte[] actual = s256(verifier).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual);
    }

    public static String s256(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
