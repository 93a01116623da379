package dev.switchback.server.http;

import io.javalin.http.Context;

/** Response headers set in more than one place. */
public final class Headers {
    private Headers() {}

    /** Token responses are never cached (RFC 6749 §5.1). */
    public static void noStore(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        ctx.header("Pragma", "no-cache");
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
        ctx.header("X-Frame-Options", "DENY");
        ctx.header(
                "Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Content-Type-Options", "nosniff");
    }
}
