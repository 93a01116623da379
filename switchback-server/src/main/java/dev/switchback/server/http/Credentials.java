package dev.switchback.server.http;

import dev.switchback.fault.FaultException;
import dev.switchback.oauth.ClientCredentials;
import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/** Reads credentials from the {@code Authorization} header and, for bearer tokens, the parameters. */
public final class Credentials {
    private Credentials() {}

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
                throw FaultException.invalid("Application", "client_secret").withOAuthError("invalid_client");
            }
            return Optional.of(new ClientCredentials(
                    URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) {
            throw FaultException.invalid("Application", "client_secret").withOAuthError("invalid_client");
        }
    }

    /**
     * The access token from {@code Authorization: Bearer}, else the {@code access_token} parameter of the
     * query string (or of the body, when {@code params} includes it) (contract#bearer-token-sources).
     */
    public static Optional<String> bearer(Context ctx, HttpParams params) {
        Optional<String> header = scheme(ctx, "bearer").map(String::trim);
        if (header.isPresent()) {
            return header;
        }
        return params.get("access_token", "Application");
    }

    private static Optional<String> scheme(Context ctx, String scheme) {
        String header = ctx.header("Authorization");
        if (header == null) {
            return Optional.empty();
        }
        int space = header.indexOf(' ');
        if (space < 0 || !header.substring(0, space).toLowerCase(Locale.ROOT).equals(scheme)) {
            return Optional.empty();
        }
        return Optional.of(header.substring(space + 1));
    }
}
