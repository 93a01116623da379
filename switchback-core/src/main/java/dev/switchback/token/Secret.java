package dev.switchback.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A bearer secret: an access or refresh token, an authorization code or a client secret. Only its
 * {@link #digest()} is ever stored; {@link #toString()} never shows the value.
 */
public record Secret(String value) {
    private static final Pattern SHAPE = Pattern.compile("[0-9a-f]{40}");

    /** The value if it has the shape of a Strava secret (40 lowercase hex), else empty. */
    public static Optional<Secret> parse(String value) {
        if (value == null || !SHAPE.matcher(value).matches()) {
            return Optional.empty();
        }
        return Optional.of(new Secret(value));
    }

    /** SHA-256 of the value, as 64 lowercase hex characters: the only form that is stored. */
    public String digest() {
        return digestOf(value);
    }

    public static String digestOf(String value) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "Secret[digest " + digest().substring(0, 6) + "...]";
    }
}
