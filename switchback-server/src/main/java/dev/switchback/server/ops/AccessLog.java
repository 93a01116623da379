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

    /**
     * Before every request: the id a proxy passed in {@code X-Request-Id}, when it is plain. A request without one
     * gets one of ours when something asks for it ({@link #requestId}), or its line is written: most never need it
     * as a String.
     */
    public static void begin(Context ctx) {
        String passed = ctx.header("X-Request-Id");
        if (passed != null && PASSED_ID.matcher(passed).matches()) {
            ctx.attribute(REQUEST_ID, passed);
        }
    }

    /** This request's id: the one passed, or one of ours, made now if none was yet. */
    public static String requestId(Context ctx) {
        String id = ctx.attribute(REQUEST_ID);
        if (id == null) {
            id = Long.toHexString(newId());
            ctx.attribute(REQUEST_ID, id);
        }
        return id;
    }

    /** One of our request ids: 64 random bits, the highest set, so that it is always 16 hexadecimal digits. */
    private static long newId() {
        return ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE;
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
                    ctx.attribute(REQUEST_ID),
                    ctx.attribute(CLIENT),
                    ctx.attribute(ATHLETE));
        }
    }

    /**
     * The line of a request, from what {@link #log} was given and read of it; {@code requestId} (one of ours is made),
     * {@code client} and {@code athlete} may be null. Public for the benchmark of its cost (bench/AccessLogBenchmark).
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
                requestId == null ? newId() : 0,
                client == null ? NONE : client.value(),
                athlete == null ? NONE : athlete.value(),
                asPairs,
                epochMillis,
                thread);
    }

    /** A line's client or athlete when the request named none. */
    private static final long NONE = Long.MIN_VALUE;

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
     *
     * <p>A line is one object: its request id, when it is one of ours ({@code requestId} null), is the number
     * {@code id}, written in hexadecimal with the line, and its client and athlete are their numbers ({@link #NONE}
     * when the request named none). A queued line waits for the writer, and a young collection copies every object it
     * holds: with the id a String (two objects) and the app's and athlete's ids objects (new with each token request),
     * a line was three to five (docs/performance.md#bench-ops).
     */
    record Line(
            String method,
            String route,
            int status,
            int millis,
            long tenths,
            String requestId,
            long id,
            long client,
            long athlete,
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
                    .append(" request_id=");
            appendRequestId(line);
            if (client != NONE) {
                line.append(" client_id=").append(client);
            }
            if (athlete != NONE) {
                line.append(" athlete_id=").append(athlete);
            }
            return line;
        }

        /** The id passed, or ours in hexadecimal: the digits Long.toHexString gives, without its String. */
        private void appendRequestId(StringBuilder line) {
            if (requestId != null) {
                line.append(requestId);
                return;
            }
            for (int shift = 60; shift >= 0; shift -= 4) {
                line.append(Character.forDigit((int) (id >>> shift) & 0xF, 16));
            }
        }

        /** The request id as {@link AccessLog#requestId(Context)} would give it. */
        String requestIdText() {
            return requestId != null ? requestId : Long.toHexString(id);
        }

        /** The fields as key-value pairs, in the documented order. */
        List<KeyValuePair> fields() {
            List<KeyValuePair> fields = new ArrayList<>(7);
            fields.add(new KeyValuePair("method", method));
            fields.add(new KeyValuePair("route", route));
            fields.add(new KeyValuePair("status", status));
            fields.add(new KeyValuePair("duration_ms", new Tenths(tenths)));
            fields.add(new KeyValuePair("request_id", requestIdText()));
            if (client != NONE) {
                fields.add(new KeyValuePair("client_id", Long.toString(client)));
            }
            if (athlete != NONE) {
                fields.add(new KeyValuePair("athlete_id", Long.toString(athlete)));
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
