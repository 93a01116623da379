package dev.switchback.token;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the developer page shows again on request (an app's client secret, the owner's own tokens), sealed with
 * AES-256-GCM under a key the server holds and the database does not (contract#developer-page-secrets): a copy of
 * the database alone still opens nothing (contract#token-digests). A value sealed under another key, or altered,
 * does not open.
 */
public final class PageSeal {
    private static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;

    private PageSeal(byte[] key) {
        this.key = key;
    }

    /** Under this key: 64 hex characters. */
    public static PageSeal ofHex(String hexKey) {
        if (hexKey == null
                || hexKey.length() != 2 * KEY_BYTES
                || !hexKey.chars().allMatch(PageSeal::isHex)) {
            throw new IllegalArgumentException("a sealing key is 64 hex characters (got " + describe(hexKey) + ")");
        }
        return new PageSeal(HexFormat.of().parseHex(hexKey));
    }

    /** Under a new random key, which dies with this process. */
    public static PageSeal random() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return new PageSeal(key);
    }

    /** {@code plain} sealed: base64url of the IV and the ciphertext with its tag. */
    public String seal(String plain) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            byte[] sealed = cipher(Cipher.ENCRYPT_MODE, iv).doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(ByteBuffer.allocate(IV_BYTES + sealed.length)
                            .put(iv)
                            .put(sealed)
                            .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM with a 256-bit key is required by every Java platform", e);
        }
    }

    /** What {@link #seal} sealed under this key; empty for another key's, an altered or a malformed value. */
    public Optional<String> open(String sealed) {
        try {
            ByteBuffer bytes = ByteBuffer.wrap(Base64.getUrlDecoder().decode(sealed));
            byte[] iv = new byte[IV_BYTES];
            bytes.get(iv);
            byte[] rest = new byte[bytes.remaining()];
            bytes.get(rest);
            return Optional.of(new String(cipher(Cipher.DECRYPT_MODE, iv).doFinal(rest), StandardCharsets.UTF_8));
        } catch (AEADBadTagException | IllegalArgumentException | BufferUnderflowException notOurs) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM with a 256-bit key is required by every Java platform", e);
        }
    }

    private Cipher cipher(int mode, byte[] iv) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
        return cipher;
    }

    private static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** The length only: a key is never printed. */
    private static String describe(String value) {
        return value == null ? "nothing" : value.length() + " characters";
    }

    @Override
    public String toString() {
        return "PageSeal[key hidden]";
    }
}
