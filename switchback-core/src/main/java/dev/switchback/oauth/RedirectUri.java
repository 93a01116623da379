package dev.switchback.oauth;

import dev.switchback.app.CallbackDomain;
import dev.switchback.fault.FaultException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * A redirect URI that passed the callback-domain rules (contract#redirect-uri-rules): the host is the app's callback
 * domain or a subdomain of it, the port is ignored, path and scheme are free, and {@code localhost} and
 * {@code 127.0.0.1} are always allowed. Only a {@code RedirectUri} is ever redirected to.
 */
public final class RedirectUri {
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1");
    private static final int MAX_LENGTH = 2048;

    private final URI uri;

    private RedirectUri(URI uri) {
        this.uri = uri;
    }

    /** Checks {@code value} against the app's callback domain; {@code Application/redirect_uri/invalid} if it fails. */
    public static RedirectUri check(String value, CallbackDomain domain, OAuthPolicy policy) {
        URI uri = parse(value);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        boolean loopback = LOOPBACK.contains(host);
        if (policy.redirectRequiresHttps() && !loopback && !"https".equalsIgnoreCase(uri.getScheme())) {
            throw invalid();
        }
        if (!loopback && !domain.admits(host, policy.redirectAllowsSubdomains())) {
            throw invalid();
        }
        return new RedirectUri(uri);
    }

    private static URI parse(String value) {
        if (value == null || value.isBlank() || value.length() > MAX_LENGTH) {
            throw invalid();
        }
        try {
            URI uri = new URI(value);
            if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null || uri.getRawFragment() != null) {
                throw invalid();
            }
            return uri;
        } catch (URISyntaxException e) {
            throw invalid();
        }
    }

    private static FaultException invalid() {
        return FaultException.invalid("Application", "redirect_uri");
    }

    /** This URI with {@code query} (already encoded) appended to any query it has. */
    public String withQuery(String query) {
        String base = uri.toString();
        if (uri.getRawQuery() == null) {
            return base + "?" + query;
        }
        return base + (base.endsWith("?") || base.endsWith("&") ? "" : "&") + query;
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
