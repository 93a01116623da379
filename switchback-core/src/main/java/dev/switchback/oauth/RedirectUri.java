package dev.switchback.oauth;

import dev.switchback.app.CallbackDomain;
import dev.switchback.app.RedirectUriSyntax;
import dev.switchback.fault.FaultException;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A redirect URI that passed the callback-domain rules (contract#redirect-uri-rules): a redirect URI at all
 * ({@link RedirectUriSyntax}: absolute, a host, no fragment, no script, data or file scheme), its host the app's
 * callback domain or a subdomain of it (or {@code localhost} or {@code 127.0.0.1}, always allowed), the port ignored,
 * the path and (other) schemes free. Where the policy requires https, loopback may use http instead, and nothing
 * else; where it asks for exact matching, the URI must be one the app registered (contract#registered-redirect-uris).
 * Only a {@code RedirectUri} is ever redirected to.
 */
public final class RedirectUri {
    private final URI uri;

    private RedirectUri(URI uri) {
        this.uri = uri;
    }

    /**
     * Checks {@code value} against the app's callback domain and, when the policy asks for exact matching, against the
     * URIs the app registered; {@code Application/redirect_uri/invalid} if it fails.
     */
    public static RedirectUri check(String value, CallbackDomain domain, List<String> registered, OAuthPolicy policy) {
        URI uri = parse(value);
        boolean loopback = RedirectUriSyntax.isLoopback(uri);
        if (policy.redirectRequiresHttps() && !isHttpsOrLoopbackHttp(uri, loopback)) {
            throw invalid();
        }
        if (!loopback && !domain.admits(uri.getHost(), policy.redirectAllowsSubdomains())) {
            throw invalid();
        }
        if (policy.redirectExactMatch() && registered.stream().noneMatch(one -> matches(one, uri, loopback))) {
            throw invalid();
        }
        return new RedirectUri(uri);
    }

    /**
     * RFC 9700 §2.1: the registered URI, compared as a string (RFC 3986 §6.2.1: no normalising of case, port, path or
     * query). To loopback the port may differ (RFC 8252 §7.3: a native app listens on whatever port it gets).
     */
    private static boolean matches(String registered, URI presented, boolean loopback) {
        if (registered.equals(presented.toString())) {
            return true;
        }
        if (!loopback) {
            return false;
        }
        URI one = URI.create(registered);
        return Objects.equals(one.getScheme(), presented.getScheme())
                && Objects.equals(one.getRawUserInfo(), presented.getRawUserInfo())
                && Objects.equals(one.getHost(), presented.getHost())
                && Objects.equals(one.getRawPath(), presented.getRawPath())
                && Objects.equals(one.getRawQuery(), presented.getRawQuery());
    }

    /** RFC 9700 §2.1 and RFC 8252 §7.3: https, or plain http to the loopback interface; no other scheme. */
    private static boolean isHttpsOrLoopbackHttp(URI uri, boolean loopback) {
        String scheme = RedirectUriSyntax.scheme(uri);
        return scheme.equals("https") || (loopback && scheme.equals("http"));
    }

    private static URI parse(String value) {
        try {
            return RedirectUriSyntax.parse(value);
        } catch (IllegalArgumentException e) {
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
