package dev.switchback.server.http;

import dev.switchback.fault.Causes;
import dev.switchback.fault.FaultError;
import dev.switchback.fault.FaultException;
import dev.switchback.server.ops.AccessLog;
import dev.switchback.store.StorageFaults;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The only writer of error JSON. A {@link FaultException} becomes Strava's Fault body, with the
 * RFC 6749 {@code error} and {@code error_description} fields after it on the token endpoint
 * (contract#token-errors); anything unexpected is logged once with a request id and answered with a generic
 * fault: no stack trace, SQL or class name. The same bodies and headers are written on Jetty's own responses,
 * for what is refused before Javalin sees it ({@link BodyGate}) and for Jetty's own errors ({@link JettyFaults}).
 */
public final class FaultMapper {
    private static final Logger LOG = LoggerFactory.getLogger(FaultMapper.class);
    private static final JsonMapper JSON = new JsonMapper();
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final String FAULT = "switchback.fault";

    private FaultMapper() {}

    public static void fault(FaultException fault, Context ctx) {
        ctx.attribute(FAULT, fault);
        if (isTokenPath(ctx.path())) {
            Headers.noStore(ctx);
        }
        if (leavesBodyUnread(fault)) {
            ctx.header("Connection", "close");
        }
        int status = fault.status();
        if (challengesClient(fault, ctx)) {
            ctx.header("WWW-Authenticate", Credentials.BASIC_CHALLENGE);
            status = 401;
        }
        ctx.status(status).json(body(fault, ctx.path()));
    }

    /**
     * Whether a failed client authentication ({@code invalid_client}) is a 401 with a Basic challenge rather than
     * a 400 (contract#token-errors): when the client tried {@code Authorization: Basic} (RFC 6749 §5.2), and on
     * introspection always (RFC 7662 §2.3). Credentials sent as parameters keep Strava's 400 at the token endpoint,
     * and RFC 6749's at revocation. The body is the same either way.
     */
    private static boolean challengesClient(FaultException fault, Context ctx) {
        String path = ctx.path();
        return isTokenPath(path)
                && fault.oauthError().filter("invalid_client"::equals).isPresent()
                && (path.endsWith("/oauth/introspect") || Credentials.sentBasic(ctx));
    }

    /** The fault this request was answered with, if it was one (for the emulator's request journal). */
    public static Optional<FaultException> faultOf(Context ctx) {
        return Optional.ofNullable(ctx.attribute(FAULT));
    }

    /** Javalin's own errors (no route, body too large, bad content) in Strava's shape. */
    public static void httpError(HttpResponseException e, Context ctx) {
        Optional<FaultException> fault = forStatus(e.getStatus());
        if (fault.isPresent()) {
            fault(fault.get(), ctx);
        } else {
            unexpected(e, ctx);
        }
    }

    public static void unexpected(Exception e, Context ctx) {
        if (StorageFaults.isTemporary(e)) {
            unavailable(e, ctx);
            return;
        }
        if (isUnreadableBody(e)) {
            LOG.debug("{} {}: the request body could not be read: {}", AccessLog.method(ctx), ctx.path(), e.toString());
            ctx.header("Connection", "close");
            fault(FaultException.bodyUnreadable(), ctx);
            return;
        }
        String requestId = AccessLog.requestId(ctx);
        LOG.error("request {} {} {} failed", requestId, AccessLog.method(ctx), ctx.path(), e);
        ctx.header("X-Request-Id", requestId);
        ctx.status(500).json(body("Internal Server Error", List.of(new FaultError("Server", "", "internal"))));
    }

    /**
     * The fault of an HTTP status that Javalin or Jetty chose (no route, a bad request line, a URI or headers
     * too long, an HTTP version it does not speak): the client's doing; a status of the server's own has none.
     */
    static Optional<FaultException> forStatus(int status) {
        return Optional.ofNullable(
                switch (status) {
                    case 404 -> FaultException.notFound("resource", "path");
                    case 405 ->
                        FaultException.of(405, "Method Not Allowed", new FaultError("resource", "method", "invalid"));
                    case 408 -> FaultException.bodyTooSlow();
                    case 413 -> FaultException.bodyTooLarge();
                    case 414 -> FaultException.of(414, "Bad Request", new FaultError("Request", "uri", "too long"));
                    case 431 ->
                        FaultException.of(431, "Bad Request", new FaultError("Request", "headers", "too large"));
                    case 505 -> FaultException.of(505, "Bad Request", new FaultError("Request", "version", "invalid"));
                    default ->
                        status >= 400 && status < 500
                                ? FaultException.of(status, "Bad Request", new FaultError("Request", "", "invalid"))
                                : null;
                });
    }

    /**
     * Writes {@code fault} on a Jetty response, with the body and headers {@link #fault} gives it: for a request
     * refused before Javalin sees it, and for Jetty's own errors. With {@code close}, the connection ends after
     * it (a body left unread cannot be skipped).
     */
    static void write(Request request, Response response, Callback callback, FaultException fault, boolean close) {
        String path = Request.getPathInContext(request);
        HttpFields.Mutable headers = response.getHeaders();
        if (isTokenPath(path)) {
            Headers.noStore(headers);
        }
        write(request, response, callback, fault.status(), body(fault, path), close);
    }

    /** Jetty's own 5xx (a request it could not hand over), as the generic fault; 503 with {@code Retry-After}. */
    static void writeServerError(Request request, Response response, Callback callback, int status) {
        if (status == 503) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
            write(
                    request,
                    response,
                    callback,
                    503,
                    body("Service Unavailable", List.of(new FaultError("Server", "", "unavailable"))),
                    false);
        } else {
            write(
                    request,
                    response,
                    callback,
                    500,
                    body("Internal Server Error", List.of(new FaultError("Server", "", "internal"))),
                    false);
        }
    }

    private static void write(
            Request request,
            Response response,
            Callback callback,
            int status,
            Map<String, Object> body,
            boolean close) {
        HttpFields.Mutable headers = response.getHeaders();
        Headers.security(headers);
        if (close) {
            headers.put(HttpHeader.CONNECTION, "close");
        }
        response.setStatus(status);
        headers.put(HttpHeader.CONTENT_TYPE, JSON_TYPE);
        byte[] bytes = JSON.writeValueAsBytes(body);
        headers.put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, "HEAD".equals(request.getMethod()) ? null : ByteBuffer.wrap(bytes), callback);
    }

    /**
     * The database is down, restarting, too busy or out of disk space: a 503 the client may retry
     * (contract#database-unavailable). Whatever the request was doing was rolled back; or, on the token endpoint,
     * its commit's answer was lost and could not be read back in time, and the retry gets the same answer
     * (contract#refresh-retry-window).
     */
    private static void unavailable(Exception e, Context ctx) {
        LOG.warn(
                "{} {} answered 503, storage unavailable: {}",
                AccessLog.method(ctx),
                ctx.path(),
                Causes.rootMessage(e));
        ctx.header("Retry-After", "1");
        if (isTokenPath(ctx.path())) {
            Headers.noStore(ctx);
        }
        ctx.status(503).json(body("Service Unavailable", List.of(new FaultError("Database", "", "unavailable"))));
    }

    /**
     * Whether {@code e} says the request body could not be read for the client's doing: a malformed chunk, a
     * body cut off, or a client that hung up. Jetty reports each as an {@link EofException} or an
     * {@link HttpException} of a 4xx; none is a failure of the server.
     */
    private static boolean isUnreadableBody(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof EofException || cause instanceof ClosedChannelException) {
                return true;
            }
            if (cause instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
                return true;
            }
        }
        return false;
    }

    /** A 408 or 413: the body was refused part-way, and the rest of it cannot be told from the next request. */
    private static boolean leavesBodyUnread(FaultException fault) {
        return fault.status() == 408 || fault.status() == 413;
    }

    /** The endpoints that speak RFC 6749's errors: the token endpoint, revocation and introspection. */
    private static boolean isTokenPath(String path) {
        return path.endsWith("/oauth/token") || path.endsWith("/oauth/revoke") || path.endsWith("/oauth/introspect");
    }

    private static Map<String, Object> body(FaultException fault, String path) {
        Map<String, Object> body = body(fault.faultMessage(), fault.errors());
        if (isTokenPath(path)) {
            fault.oauthError().ifPresent(code -> {
                body.put("error", code);
                body.put("error_description", fault.description());
            });
        }
        return body;
    }

    private static Map<String, Object> body(String message, List<FaultError> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        body.put(
                "errors",
                errors.stream()
                        .map(error -> {
                            Map<String, String> map = new LinkedHashMap<>();
                            map.put("resource", error.resource());
                            map.put("field", error.field());
                            map.put("code", error.code());
                            return map;
                        })
                        .toList());
        return body;
    }
}
