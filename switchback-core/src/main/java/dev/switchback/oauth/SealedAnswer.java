package dev.switchback.oauth;

import dev.switchback.token.Secret;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The answer to a refresh, sealed so that only the refresh token it answered opens it
 * (contract#refresh-retry-window): AES-256-GCM under {@code SHA-256("switchback refresh answer\0" + token)}.
 * The database keeps the sealed answer beside the digest of the token presented; a retry with that token can
 * be answered with the very same tokens, and a copy of the database, which holds the token only as a digest,
 * opens nothing (contract#token-digests).
 */
final class SealedAnswer {
    private static final String KEY_CONTEXT = "switchback refresh answer\0";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int TOKEN_BYTES = 20;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** One of each per thread: the lookup among the security providers costs more than the work, per refresh. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    });

    private static final ThreadLocal<Cipher> AES_GCM = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is required by every Java platform", e);
        }
    });

    private SealedAnswer() {}

    /** The tokens a refresh answered, and when that access token expires. */
    record Answer(Secret access, Secret refresh, Instant expiresAt) {}

    /** Seals {@code answer} under the refresh token {@code presented}: base64url, 102 characters. */
    static String seal(Secret presented, Answer answer) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        ByteBuffer plain = ByteBuffer.allocate(2 * TOKEN_BYTES + Long.BYTES)
                .put(HexFormat.of().parseHex(answer.refresh().value()))
                .put(HexFormat.of().parseHex(answer.access().value()))
                .putLong(answer.expiresAt().getEpochSecond());
        byte[] sealed;
        try {
            sealed = cipher(Cipher.ENCRYPT_MODE, presented, iv, plain.array());
        } catch (AEADBadTagException impossible) {
            throw new IllegalStateException("sealing checks no tag", impossible);
        }
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(ByteBuffer.allocate(IV_BYTES + sealed.length)
                        .put(iv)
                        .put(sealed)
                        .array());
    }

    /** The answer sealed under {@code presented}; empty if it was sealed under another token, or altered. */
    static Optional<Answer> open(Secret presented, String sealed) {
        try {
            ByteBuffer bytes = ByteBuffer.wrap(Base64.getUrlDecoder().decode(sealed));
            byte[] iv = new byte[IV_BYTES];
            bytes.get(iv);
            byte[] rest = new byte[bytes.remaining()];
            bytes.get(rest);
            ByteBuffer plain = ByteBuffer.wrap(cipher(Cipher.DECRYPT_MODE, presented, iv, rest));
            byte[] refresh = new byte[TOKEN_BYTES];
            byte[] access = new byte[TOKEN_BYTES];
            plain.get(refresh).get(access);
            return Optional.of(new Answer(
                    new Secret(HexFormat.of().formatHex(access)),
                    new Secret(HexFormat.of().formatHex(refresh)),
                    Instant.ofEpochSecond(plain.getLong())));
        } catch (AEADBadTagException | IllegalArgumentException | BufferUnderflowException notThisTokens) {
            return Optional.empty();
        }
    }

    private static byte[] cipher(int mode, Secret presented, byte[] iv, byte[] input) throws AEADBadTagException {
        try {
            byte[] key = SHA_256.get().digest((KEY_CONTEXT + presented.value()).getBytes(StandardCharsets.US_ASCII));
            Cipher cipher = AES_GCM.get();
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
            return cipher.doFinal(input);
        } catch (AEADBadTagException wrongTokenOrAltered) {
            throw wrongTokenOrAltered;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM with a 256-bit key is required by every Java platform", e);
        }
    }
}
