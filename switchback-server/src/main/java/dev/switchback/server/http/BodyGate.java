package dev.switchback.server.http;

import dev.switchback.fault.FaultException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of every request, before Javalin: what must be refused before anything reads a body, and
 * the limits every body is read within (contract#input-limits, contract#slow-bodies).
 *
 * <ul>
 *   <li>A {@code Content-Type} naming a charset Java does not know is a 415 (the servlet API would throw on it).
 *   <li>A declared {@code Content-Length} over the path's limit is a 413 before a byte of the body is read, and
 *       the connection is closed.
 *   <li>A body has {@code server.body-timeout} to arrive, plus a second for every {@code server.min-body-rate}
 *       bytes received (Apache's {@code mod_reqtimeout} rule); later, its reader gets a 408 and the connection is
 *       closed. Over the limit while it arrives (a chunked body), a 413.
 *   <li>A body is read before Javalin sees the request, as Jetty calls back with each piece of it, so no thread
 *       waits for a client that sends it slowly: all of it, or the first {@code server.max-request-size} bytes
 *       of a larger one (an upload), whose rest a thread reads. The exception is a request with a bearer header
 *       on a route the guard checks: the guard checks and counts it before anything reads the body, which a
 *       thread then reads, within the same time allowance.
 *   <li>What an answer leaves unread of a body is read and dropped before the request ends (a lingering close:
 *       {@link Drain}), so that the client, still sending, does not lose the answer to a reset.
 * </ul>
 */
public final class BodyGate extends Handler.Wrapper {
    private static final Logger LOG = LoggerFactory.getLogger(BodyGate.class);
    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);
    /** The most of a body left unread that is read and dropped before the request ends. */
    private static final long DRAINED = 4L * 1024 * 1024;

    /**
     * The body limits: {@code maxSize} bytes, or more on the paths of {@code largerOnPath}; {@code timeout} to
     * arrive, plus a second per {@code minRate} bytes.
     */
    public record Limits(long maxSize, Map<String, Long> largerOnPath, Duration timeout, long minRate) {
        public Limits {
            largerOnPath = Map.copyOf(largerOnPath);
        }

        long forPath(String path) {
            String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
            return largerOnPath.getOrDefault(trimmed, maxSize);
        }
    }

    private final Limits limits;
    private final GuardedRoutes guarded;

    public BodyGate(Limits limits, GuardedRoutes guarded) {
        this.limits = limits;
        this.guarded = guarded;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        HttpFields headers = request.getHeaders();
        boolean hasBody = hasBody(headers);
        if (!charsetIsKnown(headers.get(HttpHeader.CONTENT_TYPE))) {
            refuseUnread(request, response, callback, FaultException.unknownCharset(), hasBody);
            return true;
        }
        if (!hasBody) {
            return super.handle(request, response, callback);
        }
        String path = Request.getPathInContext(request);
        long limit = limits.forPath(path);
        long declared = headers.getLongField(HttpHeader.CONTENT_LENGTH);
        if (declared > limit) {
            refuseUnread(request, response, callback, FaultException.bodyTooLarge(), true);
            return true;
        }
        TimedBody body = new TimedBody(request, limit);
        if (Credentials.isBearer(headers.get(HttpHeader.AUTHORIZATION)) && guarded.covers(request.getMethod(), path)) {
            return super.handle(body, response, new DrainAfter(body, callback));
        }
        new Loader(body, response, callback).read(false);
        return true;
    }

    /**
     * Answers {@code fault} before anything reads the body, and closes the connection. A client that sent the body
     * anyway may still be sending it: closing with its bytes unread would reset the connection, and the client
     * could lose the answer. So the rest of it is read and dropped, without a thread, for at most
     * {@code server.body-timeout} and {@link #DRAINED} bytes (a lingering close), unless the client waits for a
     * {@code 100 Continue} before it sends any.
     */
    private void refuseUnread(
            Request request, Response response, Callback callback, FaultException fault, boolean hasBody) {
        boolean waitsToSend = request.getHeaders().contains(HttpHeader.EXPECT, HttpHeaderValue.CONTINUE.asString());
        if (!hasBody || waitsToSend) {
            FaultMapper.write(request, response, callback, fault, hasBody);
            return;
        }
        Drain drain = new Drain(request, callback);
        FaultMapper.write(request, response, Callback.from(drain::start, callback::failed), fault, true);
    }

    /**
     * The callback of a request whose route answered without reading the whole body (the guard refused its
     * token, say): what is left of the body is read and dropped, as {@link #refuseUnread} does, before the
     * request completes, so the answer is not lost to a reset and the connection can even be kept.
     */
    private final class DrainAfter extends Callback.Nested {
        private final TimedBody body;

        DrainAfter(TimedBody body, Callback callback) {
            super(callback);
            this.body = body;
        }

        @Override
        public void succeeded() {
            boolean waitsToSend =
                    !body.touched && body.getHeaders().contains(HttpHeader.EXPECT, HttpHeaderValue.CONTINUE.asString());
            if (body.ended || waitsToSend) {
                super.succeeded();
            } else {
                new Drain(body.getWrapped(), getCallback()).start();
            }
        }
    }

    /** A {@code Content-Length} above zero, or a chunked body. */
    private static boolean hasBody(HttpFields headers) {
        if (headers.getLongField(HttpHeader.CONTENT_LENGTH) > 0) {
            return true;
        }
        HttpField encoding = headers.getField(HttpHeader.TRANSFER_ENCODING);
        return encoding != null && encoding.contains(HttpHeaderValue.CHUNKED.asString());
    }

    /** No {@code Content-Type}, none with a {@code charset}, or one whose charset Java knows. */
    static boolean charsetIsKnown(String contentType) {
        if (contentType == null) {
            return true;
        }
        for (String parameter : contentType.split(";")) {
            int eq = parameter.indexOf('=');
            if (eq < 0
                    || !parameter
                            .substring(0, eq)
                            .trim()
                            .toLowerCase(Locale.ROOT)
                            .equals("charset")) {
                continue;
            }
            String name = parameter.substring(eq + 1).trim().replace("\"", "");
            try {
                return Charset.isSupported(name);
            } catch (IllegalCharsetNameException e) {
                return false;
            }
        }
        return true;
    }

    /**
     * The request, its body read within the limits: past the time allowance or the size limit, {@link #read}
     * answers the 408 or 413 fault as a failure (a blocked reader wakes up for it), which the servlet's input
     * stream throws as it is and {@link FaultMapper} writes.
     */
    private final class TimedBody extends Request.Wrapper implements Runnable {
        private final long limit;
        private final long start = System.nanoTime();
        private final AtomicReference<Runnable> waiting = new AtomicReference<>();
        private volatile long received;
        private volatile FaultException refused;
        /** The body ended, failed or was refused: nothing more of it will be read. */
        private volatile boolean ended;
        /** Something asked for the body (which makes Jetty send a {@code 100 Continue} the client waits for). */
        private volatile boolean touched;

        private volatile Scheduler.Task timer;

        TimedBody(Request request, long limit) {
            super(request);
            this.limit = limit;
            Request.addCompletionListener(request, failure -> end());
        }

        @Override
        public Content.Chunk read() {
            touched = true;
            if (refused == null && !ended && System.nanoTime() - start > allowance()) {
                refuse(FaultException.bodyTooSlow());
            }
            FaultException fault = refused;
            if (fault != null) {
                return Content.Chunk.from(fault, true);
            }
            Content.Chunk chunk = super.read();
            if (chunk == null) {
                return null;
            }
            if (Content.Chunk.isFailure(chunk)) {
                end();
                return chunk;
            }
            received += chunk.remaining();
            if (received > limit) {
                chunk.release();
                refuse(FaultException.bodyTooLarge());
                return Content.Chunk.from(refused, true);
            }
            if (chunk.isLast()) {
                end();
            }
            return chunk;
        }

        /**
         * Leaves what is left of the body to {@link DrainAfter}. Jetty's own would read only what has arrived when
         * the route is done, and fail the rest: the connection would then close on the client's unread bytes.
         */
        @Override
        public boolean consumeAvailable() {
            return ended;
        }

        @Override
        public void demand(Runnable callback) {
            touched = true;
            if (refused != null) {
                callback.run();
                return;
            }
            waiting.set(callback);
            if (timer == null) {
                // A body waited for needs the timer; one that came with its headers (most do) never starts it.
                schedule(Math.max(0, allowance() - (System.nanoTime() - start)));
            }
            super.demand(Invocable.from(Invocable.getInvocationType(callback), this::wake));
            if (refused != null) {
                wake();
            }
        }

        /** The timer: past the allowance, refuses the body and wakes whoever waits for it. */
        @Override
        public void run() {
            if (ended || refused != null) {
                return;
            }
            long left = allowance() - (System.nanoTime() - start);
            if (left > 0) {
                schedule(left);
                return;
            }
            refuse(FaultException.bodyTooSlow());
            Runnable callback = waiting.getAndSet(null);
            if (callback != null) {
                Invocable.getInvocationType(callback).runWithoutBlocking(callback, getContext());
            }
        }

        /** {@code server.body-timeout}, plus a second for every {@code server.min-body-rate} bytes received. */
        private long allowance() {
            return limits.timeout().toNanos() + received * NANOS_PER_SECOND / limits.minRate();
        }

        private void refuse(FaultException fault) {
            refused = fault;
            end();
        }

        private void wake() {
            Runnable callback = waiting.getAndSet(null);
            if (callback != null) {
                callback.run();
            }
        }

        private void schedule(long nanos) {
            timer = getComponents().getScheduler().schedule(this, nanos, TimeUnit.NANOSECONDS);
        }

        private void end() {
            ended = true;
            Scheduler.Task task = timer;
            if (task != null) {
                task.cancel();
            }
        }
    }

    /**
     * Reads a body before Javalin sees the request, each time Jetty has more of it, without holding a thread in
     * between: all of it, or its first {@code server.max-request-size} bytes; then hands Javalin the request with
     * what it read in memory. A body that fails on the way (too slow, too large, malformed, cut off) is answered
     * here.
     */
    private final class Loader implements Invocable.Task {
        private final TimedBody body;
        private final Response response;
        private final Callback callback;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Loader(TimedBody body, Response response, Callback callback) {
            this.body = body;
            this.response = response;
            this.callback = callback;
        }

        /** Jetty has more of the body. */
        @Override
        public void run() {
            read(true);
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }

        void read(boolean calledBack) {
            while (true) {
                Content.Chunk chunk = body.read();
                if (chunk == null) {
                    body.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    refuse(chunk.getFailure());
                    return;
                }
                byte[] piece = new byte[chunk.remaining()];
                chunk.getByteBuffer().get(piece);
                bytes.write(piece, 0, piece.length);
                boolean last = chunk.isLast();
                chunk.release();
                if (last || bytes.size() >= limits.maxSize()) {
                    Request loaded = new Loaded(body, bytes.toByteArray(), last);
                    if (calledBack) {
                        body.getContext().execute(() -> handOn(loaded));
                    } else {
                        handOn(loaded);
                    }
                    return;
                }
            }
        }

        private void handOn(Request loaded) {
            try {
                if (!BodyGate.super.handle(loaded, response, new DrainAfter(body, callback))) {
                    Response.writeError(loaded, response, callback, 404);
                }
            } catch (Throwable e) {
                Response.writeError(loaded, response, callback, e);
            }
        }

        private void refuse(Throwable failure) {
            FaultException fault;
            if (failure instanceof FaultException known) {
                fault = known;
            } else {
                LOG.debug(
                        "{} {}: the request body could not be read: {}",
                        body.getMethod(),
                        Request.getPathInContext(body),
                        failure.toString());
                fault = failure instanceof TimeoutException
                        ? FaultException.bodyTooSlow()
                        : FaultException.bodyUnreadable();
            }
            FaultMapper.write(body, response, callback, fault, true);
        }
    }

    /** Reads and drops what is left of a refused body, then completes the request (see {@link #refuseUnread}). */
    private final class Drain implements Invocable.Task {
        private final Request request;
        private final Callback callback;
        private final AtomicBoolean done = new AtomicBoolean();
        private long drained;

        Drain(Request request, Callback callback) {
            this.request = request;
            this.callback = callback;
        }

        void start() {
            request.getComponents().getScheduler().schedule(this::finish, limits.timeout());
            run();
        }

        @Override
        public void run() {
            while (!done.get()) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                drained += chunk.remaining();
                boolean end = chunk.isLast() || Content.Chunk.isFailure(chunk) || drained > DRAINED;
                chunk.release();
                if (end) {
                    finish();
                }
            }
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }

        private void finish() {
            if (done.compareAndSet(false, true)) {
                callback.succeeded();
            }
        }
    }

    /** The request with its body, or the first part of it, in memory: the first read has it at once. */
    private static final class Loaded extends Request.Wrapper {
        private Content.Chunk loaded;

        Loaded(Request request, byte[] body, boolean whole) {
            super(request);
            this.loaded = Content.Chunk.from(ByteBuffer.wrap(body), whole);
        }

        @Override
        public Content.Chunk read() {
            Content.Chunk first = takeLoaded();
            if (first != null) {
                return first;
            }
            return super.read();
        }

        @Override
        public void demand(Runnable callback) {
            if (hasLoaded()) {
                callback.run();
            } else {
                super.demand(callback);
            }
        }

        private synchronized Content.Chunk takeLoaded() {
            Content.Chunk first = loaded;
            loaded = null;
            return first;
        }

        private synchronized boolean hasLoaded() {
            return loaded != null;
        }
    }
}
