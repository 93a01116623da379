package dev.switchback.token;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Makes Strava-shaped secrets: 40 lowercase hex characters, 160 bits from a {@link SecureRandom}. */
public class TokenGenerator {
    private static final int BYTES = 20;
    private final SecureRandom random;

    public TokenGenerator() {
        this(new SecureRandom());
    }

    public TokenGenerator(SecureRandom random) {
        this.random = random;
    }

    public Secret next() {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return new Secret(HexFormat.of().formatHex(bytes));
    }
}
