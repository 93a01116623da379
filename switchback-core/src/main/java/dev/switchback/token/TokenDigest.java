package dev.switchback.token;

/**
 * The SHA-256 of a secret (a token, a code, a client secret) as 64 lowercase hex characters: the only form
 * that is stored or looked up. {@link #toString()} shows its first 6 characters, never more.
 */
public record TokenDigest(String hex) {
    public TokenDigest {
        if (hex == null || hex.length() != 64) {
            throw new IllegalArgumentException("a digest is 64 hex characters");
        }
    }

    @Override
    public String toString() {
        return "TokenDigest[" + hex.substring(0, 6) + "...]";
    }
}
