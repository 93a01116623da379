package dev.switchback.server.ops;

import dev.switchback.app.AppId;
import dev.switchback.athlete.AthleteId;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One line per request on the logger {@code switchback.access} (contract#logs): method (a standard one, else
 * {@link #OTHER_METHOD}), route template (never the path as sent, which can carry an id or a token), status,
 * duration, request id, and the client and athlete when the request named them. Nothing of the query, the body or
 * the headers is logged: no token, code, secret or password can reach it.
 */
public final class AccessLog {
    private static final Logger LOG = LoggerFactory.getLogger("switchback.access");
    private static final String REQUEST_ID = "switchback.request-id";
    private static final String CLIENT = "switchback.log.client";
    private static final String ATHLETE = "switchback.log.athlete";
    /** A request id a proxy in front may pass on; anything else is replaced by one of ours. */
    private static final Pattern PASSED_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    /** What the route of a request that matched none is called: never the path itself. */
    public static final String UNMATCHED = "unmatched";
    /** What a request with a method outside the standard ones is recorded as. */
    public static final String OTHER_METHOD = "OTHER";
    /**
     * Whether a line carries its fields as SLF4J key-value pairs (JSON lines, and a program that embeds the server
     * with logging of its own, which never calls {@link Logging#apply}) or written into its message ({@link Logging}
     * in text, see {@link #write}).
     */
    private static volatile boolean pairs = true;

    private AccessLog() {}

    /** Before every request: its id, the one a proxy passed in {@code X-Request-Id} when it is plain. */
    public static void begin(Context ctx) {
        String passed = ctx.header("X-Request-Id");
        ctx.attribute(
                REQUEST_ID,
                passed != null && PASSED_ID.matcher(passed).matches()
                        ? passed
                        : Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE));
    }

    /** This request's id (one is made if {@link #begin} did not run). */
    public static String requestId(Context ctx) {
        String id = ctx.attribute(REQUEST_ID);
        if (id == null) {
            id = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
            ctx.attribute(REQUEST_ID, id);
        }
        return id;
    }

    /** The app the request acted for, once known (the guard, the token endpoint). */
    public static void client(Context ctx, AppId app) {
        ctx.attribute(CLIENT, app);
    }

    /** The athlete the request acted for, once known. */
    public static void athlete(Context ctx, AthleteId athlete) {
        ctx.attribute(ATHLETE, athlete);
    }

    /**
     * The request's method as logs and metrics record it: a standard method (RFC 9110 §9 and PATCH) by its name,
     * any other as {@link #OTHER_METHOD}. A client may send any token as its method, thousands of characters long:
     * recorded as sent, each new one would add series to the metrics and could carry a secret into the log.
     */
    public static String method(Context ctx) {
        String name = ctx.method().name();
        return switch (name) {
            case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT" -> name;
            default -> OTHER_METHOD;
        };
    }

    /** The route template the request matched, or {@link #UNMATCHED}. */
    public static String route(Context ctx) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        return endpoint == null ? UNMATCHED : endpoint.path;
    }

    /** Javalin's request logger: after the response is written, whatever happened. */
    public static void log(Context ctx, Float millis) {
        if (LOG.isInfoEnabled()) {
            write(
                    method(ctx),
                    route(ctx),
                    ctx.statusCode(),
                    millis,
                    requestId(ctx),
                    ctx.attribute(CLIENT),
                    ctx.attribute(ATHLETE));
        }
    }

    /**
     * The line of a request, from what {@link #log} read of it; {@code client} and {@code athlete} may be null.
     * Public for the benchmark of its cost (bench/AccessLogBenchmark).
     */
    public static void write(
            String method, String route, int status, float millis, String requestId, AppId client, AthleteId athlete) {
        long tenths = Math.max(0, Math.round(millis * 10));
        if (!pairs) {
            // The text line Logging's %pairs would have written, made here in one StringBuilder: the same
            // characters without the message's four arguments formatted, seven pairs made and then joined
            // (about a fifth of the bearer peak's ops cost, docs/performance.md#bench-ops)
            StringBuilder line = new StringBuilder(160)
                    .append(method)
                    .append(' ')
                    .append(route)
                    .append(' ')
                    .append(status)
                    .append(' ')
                    .append(Math.round(millis))
                    .append("ms method=")
                    .append(method)
                    .append(" route=")
                    .append(route)
                    .append(" status=")
                    .append(status)
                    .append(" duration_ms=")
                    .append(tenths / 10)
                    .append('.')
                    .append(tenths % 10)
                    .append(" request_id=")
                    .append(requestId);
            if (client != null) {
                line.append(" client_id=").append(client.value());
            }
            if (athlete != null) {
                line.append(" athlete_id=").append(athlete.value());
            }
            LOG.info(line.toString());
            return;
        }
        LoggingEventBuilder line = LOG.atInfo()
                .setMessage("{} {} {} {}ms")
                .addArgument(method)
                .addArgument(route)
                .addArgument(status)
                .addArgument(Math.round(millis))
                .addKeyValue("method", method)
                .addKeyValue("route", route)
                .addKeyValue("status", status)
                .addKeyValue("duration_ms", new Tenths(tenths))
                .addKeyValue("request_id", requestId);
        if (client != null) {
            line = line.addKeyValue("client_id", client.toString());
        }
        if (athlete != null) {
            line = line.addKeyValue("athlete_id", athlete.toString());
        }
        line.log();
    }

    /** Set by {@link Logging#apply}: text lines get their fields in the message, JSON lines as pairs. */
    static void fieldsAsPairs(boolean asPairs) {
        pairs = asPairs;
    }

    /**
     * A duration in tenths of a millisecond, written as {@code 4.9}: in integers, where a {@code double} went
     * through the JDK's decimal conversion on every line (a profile of the bearer peak found it in the log's cost).
     */
    private record Tenths(long tenths) {
        @Override
        public String toString() {
            return tenths / 10 + "." + tenths % 10;
        }
    }
}
