package dev.switchback.app;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * What makes a string a redirect URI at all, in every profile (contract#redirect-uri-rules): absolute, with a host,
 * no fragment, at most 2,048 characters, and not a scheme that runs script or reads content in the browser instead
 * of reaching the app. Authorize checks a request's redirect URI with it, and an app's registered ones are checked
 * with it when they are registered.
 */
public final class RedirectUriSyntax {
    public static final int MAX_LENGTH = 2048;

    /**
     * Schemes a browser runs or reads locally: script ({@code javascript}, {@code vbscript}), inline or local content
     * ({@code data}, {@code blob}, {@code filesystem}, {@code file}) and the browser's own pages ({@code about},
     * {@code view-source}). A code sent to any of them reaches no app, and some run what the URI says.
     */
    static final Set<String> REFUSED_SCHEMES =
            Set.of("javascript", "vbscript", "data", "blob", "filesystem", "file", "about", "view-source");

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1");

    private RedirectUriSyntax() {}

    /**
     * The URI {@code value} names, if it may be a redirect URI at all.
     *
     * @throws IllegalArgumentException saying which rule it breaks, and naming the value
     */
    public static URI parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("redirect URI must not be empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "redirect URI must be at most " + MAX_LENGTH + " characters (got " + value.length() + ")");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("redirect URI is not a valid URI (got '" + value + "')");
        }
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "redirect URI must be absolute with a host, such as https://example.com/callback (got '" + value
                            + "')");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("redirect URI must not have a fragment (got '" + value + "')");
        }
        if (REFUSED_SCHEMES.contains(scheme(uri))) {
            throw new IllegalArgumentException("redirect URI scheme " + scheme(uri)
                    + " is refused: the browser would run or read it instead of reaching the app (got '" + value
                    + "')");
        }
        return uri;
    }

    /** The scheme in lower case ({@code HTTPS} and {@code https} are one scheme, RFC 3986 §3.1). */
    public static String scheme(URI uri) {
        return uri.getScheme().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether the query already carries a {@code code} or {@code state} parameter (in any case, percent-encoded or
     * not), which the redirect back would then carry twice: a client reading the first would take the URI's.
     */
    public static boolean carriesCodeOrState(URI uri) {
        String query = uri.getRawQuery();
        if (query == null) {
            return false;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8)
                    .toLowerCase(Locale.ROOT);
            if (name.equals("code") || name.equals("state")) {
                return true;
            }
        }
        return false;
    }

    /** Whether the host is {@code localhost} or {@code 127.0.0.1}, which every app may redirect to. */
    public static boolean isLoopback(URI uri) {
        return LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT));
    }
}
