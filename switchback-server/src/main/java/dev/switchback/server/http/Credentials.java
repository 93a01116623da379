package dev.switchback.server.http;

import dev.switchback.fault.FaultException;
import dev.switchback.oauth.ClientCredentials;
import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/** Reads credentials from the {@code Authorization} header. */
public final class Credentials {
    /**
     * The challenge answered to a client whose authentication failed where a challenge is due (RFC 6749 §5.2,
     * RFC 7617 §2; contract#token-errors): the scheme it may use, and the realm, which names the server.
     */
    public static final String BASIC_CHALLENGE = "Basic realm=\"switchback\"";

    private Credentials() {}

    /** Whether the request sent an {@code Authorization} header of the Basic scheme, whether it decodes or not. */
    static boolean sentBasic(Context ctx) {
        String header = ctx.header("Authorization");
        return header != null && hasScheme(header, "basic");
    }

    /** HTTP Basic client credentials (RFC 6749 §2.3.1: each part form-urlencoded), if sent. */
    public static Optional<ClientCredentials> basic(Context ctx) {
        Optional<String> value = scheme(ctx, "basic");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(value.get().trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw basicUnreadable();
            }
            return Optional.of(new ClientCredentials(
                    URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) {
            throw basicUnreadable();
        }
    }

    private static FaultException basicUnreadable() {
        return FaultException.invalid("Application", "client_secret")
                .withOAuthError(
                        "invalid_client",
                        "client_secret cannot be read: the Basic Authorization header does not decode");
    }

    /** The access token of an {@code Authorization: Bearer} header, if sent (contract#bearer-token-sources). */
    public static Optional<String> bearerHeader(Context ctx) {
        return scheme(ctx, "bearer").map(String::trim);
    }

    /** Whether {@code authorization}, an {@code Authorization} header's value, is of the Bearer scheme. */
    static boolean isBearer(String authorization) {
        return authorization != null && hasScheme(authorization, "bearer");
    }

    private static Optional<String> scheme(Context ctx, String scheme) {
        String header = ctx.header("Authorization");
        if (header == null) {
            return Optional.empty();
        }
        if (!hasScheme(header, scheme)) {
            return Optional.empty();
        }
        return Optional.of(header.substring(header.indexOf(' ') + 1));
    }

    private static boolean hasScheme(String header, String scheme) {
        int space = header.indexOf(' ');
        return space >= 0 && header.substring(0, space).toLowerCase(Locale.ROOT).equals(scheme);
    }
}
