package dev.switchback.app;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An app's "Authorization Callback Domain": a bare host, no scheme, port or path (contract#callback-domain), such as
 * {@code localhost}, {@code example.com} or {@code 192.168.1.10}.
 */
public record CallbackDomain(String host) {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final int MAX_LENGTH = 253;

    public CallbackDomain {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("callback domain must not be empty");
        }
        String given = host.trim();
        host = given.toLowerCase(Locale.ROOT);
        if (host.contains("://")
                || host.contains("/")
                || host.contains(":")
                || host.length() > MAX_LENGTH
                || !isHostName(host)) {
            throw new IllegalArgumentException(
                    "callback domain must be a bare host such as example.com, without scheme, port or path (got '"
                            + given + "')");
        }
    }

    private static boolean isHostName(String host) {
        if (host.startsWith(".") || host.endsWith(".")) {
            return false;
        }
        for (String label : host.split("\\.")) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code candidate} is this domain, or, when {@code allowSubdomains}, one of its subdomains. */
    public boolean admits(String candidate, boolean allowSubdomains) {
        String lower = candidate.toLowerCase(Locale.ROOT);
        return lower.equals(host) || (allowSubdomains && lower.endsWith("." + host));
    }

    @Override
    public String toString() {
        return host;
    }
}
