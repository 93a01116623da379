package dev.switchback.server.http;

import io.javalin.http.Context;
import org.eclipse.jetty.http.HttpFields;

/** Response headers set in more than one place. */
public final class Headers {
    /** Every response's: no framing, no referrer, a strict content policy for the pages (contract#page-security). */
    private static final String[][] SECURITY = {
        {"X-Frame-Options", "DENY"},
        {
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'"
        },
        {"Referrer-Policy", "no-referrer"},
        {"X-Content-Type-Options", "nosniff"},
    };

    private Headers() {}

    /** Token responses are never cached (RFC 6749 §5.1). */
    public static void noStore(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        ctx.header("Pragma", "no-cache");
    }

    /** {@link #noStore(Context)}, on a response written before Javalin sees the request. */
    static void noStore(HttpFields.Mutable headers) {
        headers.put("Cache-Control", "no-store");
        headers.put("Pragma", "no-cache");
    }

    /** JSON is UTF-8, and says so as Strava does ({@code application/json; charset=utf-8}). */
    public static void jsonCharset(Context ctx) {
        String type = ctx.res().getContentType();
        if (type != null && type.equals("application/json")) {
            ctx.contentType("application/json; charset=utf-8");
        }
    }

    /** Every response: no framing, no referrer, a strict content policy for the pages (contract#page-security). */
    public static void security(Context ctx) {
        for (String[] header : SECURITY) {
            ctx.header(header[0], header[1]);
        }
    }

    /** {@link #security(Context)}, on a response written before Javalin sees the request (or by Jetty itself). */
    static void security(HttpFields.Mutable headers) {
        for (String[] header : SECURITY) {
            headers.put(header[0], header[1]);
        }
    }
}
