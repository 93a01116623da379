package dev.switchback.server.http;

import dev.switchback.athlete.AthleteId;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Athlete login sessions in a signed cookie ({@code HttpOnly}, {@code SameSite=Lax}, {@code Secure} on
 * https): {@code athleteId.expiresAt.nonce.hmac}, HMAC-SHA256 under a key every node shares. CSRF
 * tokens are derived from the session (or, before login, from a random pre-session cookie).
 */
public final class Sessions {
    public static final String SESSION_COOKIE = "sb_session";
    public static final String PRE_SESSION_COOKIE = "sb_presession";

    private final byte[] key;
    private final Clock clock;
    private final Duration ttl;
    private final boolean secure;
    private final SecureRandom random = new SecureRandom();

    public Sessions(String hexKey, Clock clock, Duration ttl, boolean secure) {
        this.key = HexFormat.of().parseHex(hexKey);
        this.clock = clock;
        this.ttl = ttl;
        this.secure = secure;
    }

    /** The athlete logged in on this request, if the cookie is present, intact and not expired. */
    public Optional<AthleteId> athlete(Context ctx) {
        return Optional.ofNullable(ctx.cookie(SESSION_COOKIE)).flatMap(this::verify);
    }

    private Optional<AthleteId> verify(String cookie) {
        int dot = cookie.lastIndexOf('.');
        if (dot < 0
                || !MessageDigest.isEqual(
                        sign(cookie.substring(0, dot)).getBytes(StandardCharsets.US_ASCII),
                        cookie.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        String[] parts = cookie.substring(0, dot).split("\\.");
        try {
            long athleteId = Long.parseLong(parts[0]);
            long expiresAt = Long.parseLong(parts[1]);
            return expiresAt > clock.instant().getEpochSecond()
                    ? Optional.of(new AthleteId(athleteId))
                    : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    public void logIn(Context ctx, AthleteId athleteId) {
        long expiresAt = clock.instant().plus(ttl).getEpochSecond();
        String payload = athleteId + "." + expiresAt + "." + nonce();
        ctx.cookie(cookie(SESSION_COOKIE, payload + "." + sign(payload), (int) ttl.toSeconds()));
    }

    public void logOut(Context ctx) {
        ctx.cookie(cookie(SESSION_COOKIE, "", 0));
    }

    /**
     * The CSRF token for this browser: bound to its session cookie when logged in, else to a random
     * pre-session cookie that this call sets if missing.
     */
    public String csrfToken(Context ctx) {
        String session = ctx.cookie(SESSION_COOKIE);
        if (session != null && athlete(ctx).isPresent()) {
            return sign("csrf:" + session);
        }
        String pre = ctx.cookie(PRE_SESSION_COOKIE);
        if (pre == null || pre.length() != 32) {
            pre = nonce();
            ctx.cookie(cookie(PRE_SESSION_COOKIE, pre, -1));
        }
        return sign("csrf-pre:" + pre);
    }

    /** Whether a posted form's CSRF token matches this browser's. */
    public boolean csrfValid(Context ctx, String presented) {
        if (presented == null) {
            return false;
        }
        String session = ctx.cookie(SESSION_COOKIE);
        String pre = ctx.cookie(PRE_SESSION_COOKIE);
        String expected = session != null && athlete(ctx).isPresent()
                ? sign("csrf:" + session)
                : pre != null ? sign("csrf-pre:" + pre) : null;
        return expected != null
                && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.US_ASCII));
    }

    private Cookie cookie(String name, String value, int maxAge) {
        return new Cookie(name, value, "/", maxAge, secure, true, null, SameSite.LAX);
    }

    private String nonce() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private String sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
