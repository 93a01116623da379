package dev.switchback.server.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.switchback.app.AppId;
import dev.switchback.athlete.AthleteId;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;
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
    /** The message of a line whose fields are pairs: method, route, status and whole milliseconds. */
    private static final String MESSAGE = "{} {} {} {}ms";
    /**
     * Where {@link Logging} has the lines queued as their fields, to be made (as text, or as Logback's events encoded)
     * when the queue is written; null when logging is not Logging's (a line then goes through SLF4J at once).
     */
    private static volatile StderrAppender deferTo;

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

    /**
     * Javalin's request logger: after the response is written, whatever happened; {@code method} and {@code route}
     * as {@link #method} and {@link #route} read them (the metrics take them too).
     */
    public static void log(Context ctx, String method, String route, float millis) {
        if (LOG.isInfoEnabled()) {
            write(
                    method,
                    route,
                    ctx.statusCode(),
                    millis,
                    requestId(ctx),
                    ctx.attribute(CLIENT),
                    ctx.attribute(ATHLETE));
        }
    }

    /**
     * The line of a request, from what {@link #log} was given and read of it; {@code client} and {@code athlete}
     * may be null. Public for the benchmark of its cost (bench/AccessLogBenchmark).
     */
    public static void write(
            String method, String route, int status, float millis, String requestId, AppId client, AthleteId athlete) {
        Line line = line(
                method,
                route,
                status,
                millis,
                requestId,
                client,
                athlete,
                pairs,
                System.currentTimeMillis(),
                Thread.currentThread().getName());
        StderrAppender appender = deferTo;
        if (appender != null && LOG.isInfoEnabled() && appender.defer(line)) {
            return;
        }
        if (!line.asPairs()) {
            LOG.info(line.text());
            return;
        }
        LoggingEventBuilder event = LOG.atInfo()
                .setMessage(MESSAGE)
                .addArgument(method)
                .addArgument(route)
                .addArgument(status)
                .addArgument(line.millis());
        for (KeyValuePair field : line.fields()) {
            event = event.addKeyValue(field.key, field.value);
        }
        event.log();
    }

    /**
     * The queued form of a line of these fields, at {@code epochMillis} on {@code thread}: what {@link #write} queues
     * (and the tests of its text form).
     */
    static Line line(
            String method,
            String route,
            int status,
            float millis,
            String requestId,
            AppId client,
            AthleteId athlete,
            boolean asPairs,
            long epochMillis,
            String thread) {
        return new Line(
                method,
                route,
                status,
                Math.round(millis),
                Math.max(0, Math.round(millis * 10)),
                requestId,
                client,
                athlete,
                asPairs,
                epochMillis,
                thread);
    }

    /** Set by {@link Logging#apply}: text lines get their fields in the message, JSON lines as pairs. */
    static void fieldsAsPairs(boolean asPairs) {
        pairs = asPairs;
    }

    /** Set by {@link Logging#apply} to its appender, and to null when it stops: see {@link Line}. */
    static void deferTo(StderrAppender appender) {
        deferTo = appender;
    }

    /** Where lines are queued now (null: written through SLF4J at once). */
    static StderrAppender deferredTo() {
        return deferTo;
    }

    /**
     * An access line as the request left it: its fields, the time and the thread. {@link Logging} has it queued on
     * its {@link StderrAppender} in place of an event: it becomes Logback's event, the same one SLF4J would have
     * made at once (the same logger, level, time, thread, message and pairs), when the queue is written, in a batch
     * by the thread that writes; in text format it is written as the text pattern would write that event, without
     * the event ({@link #appendText}). A request only hands over its fields: formatted between two requests, with its
     * code and data out of the caches, a line cost several times what it does in a batch (docs/performance.md,
     * bench-ops: the ops cost 3.6-4.5% of the bearer peak in three full runs, 4.2-5.4% before, on one machine). A
     * queued line reaches that appender alone, not any other the access logger might have.
     */
    record Line(
            String method,
            String route,
            int status,
            int millis,
            long tenths,
            String requestId,
            AppId client,
            AthleteId athlete,
            boolean asPairs,
            long epochMillis,
            String thread)
            implements StderrAppender.Deferred {
        @Override
        public ILoggingEvent event(LoggerContext context) {
            LoggingEvent event = new LoggingEvent();
            event.setLoggerName(LOG.getName());
            event.setLoggerContext(context);
            event.setLoggerContextRemoteView(context.getLoggerContextRemoteView());
            event.setLevel(Level.INFO);
            event.setThreadName(thread);
            event.setTimeStamp(epochMillis);
            event.setMDCPropertyMap(Map.of());
            if (!asPairs) {
                event.setMessage(text());
                return event;
            }
            event.setMessage(MESSAGE);
            event.setArgumentArray(new Object[] {method, route, status, millis});
            event.setKeyValuePairs(fields());
            return event;
        }

        /**
         * In text format (its fields in its message), the whole line as Logging's text pattern writes it, straight
         * into the writer's builder: no event, no layout, no message made on its own.
         */
        @Override
        public boolean appendText(StringBuilder line, StderrAppender.TextLines lines) {
            if (asPairs) {
                return false;
            }
            lines.head(line, epochMillis, Level.INFO, LOG.getName());
            appendMessage(line);
            return true;
        }

        /**
         * The text line with its fields in the message: the characters Logging's %pairs would have written after
         * the message, made in one StringBuilder without the message's four arguments formatted and seven pairs
         * joined.
         */
        String text() {
            return appendMessage(new StringBuilder(160)).toString();
        }

        private StringBuilder appendMessage(StringBuilder line) {
            line.append(method)
                    .append(' ')
                    .append(route)
                    .append(' ')
                    .append(status)
                    .append(' ')
                    .append(millis)
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
            return line;
        }

        /** The fields as key-value pairs, in the documented order. */
        List<KeyValuePair> fields() {
            List<KeyValuePair> fields = new ArrayList<>(7);
            fields.add(new KeyValuePair("method", method));
            fields.add(new KeyValuePair("route", route));
            fields.add(new KeyValuePair("status", status));
            fields.add(new KeyValuePair("duration_ms", new Tenths(tenths)));
            fields.add(new KeyValuePair("request_id", requestId));
            if (client != null) {
                fields.add(new KeyValuePair("client_id", client.toString()));
            }
            if (athlete != null) {
                fields.add(new KeyValuePair("athlete_id", athlete.toString()));
            }
            return fields;
        }

        /** 192 bytes as text and 352 as JSON: a bearer request's line, about 189 and 340, rounded up. */
        @Override
        public int bytes() {
            return asPairs ? 352 : 192;
        }
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
