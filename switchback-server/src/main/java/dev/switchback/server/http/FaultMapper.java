package dev.switchback.server.http;

import dev.switchback.fault.Causes;
import dev.switchback.fault.FaultError;
import dev.switchback.fault.FaultException;
import dev.switchback.store.StorageFaults;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only writer of error JSON. A {@link FaultException} becomes Strava's Fault body, with the
 * RFC 6749 {@code error} field beside it on the token endpoint; anything unexpected is logged once
 * with a request id and answered with a generic fault: no stack trace, SQL or class name.
 */
public final class FaultMapper {
    private static final Logger LOG = LoggerFactory.getLogger(FaultMapper.class);

    private FaultMapper() {}

    public static void fault(FaultException fault, Context ctx) {
        Map<String, Object> body = body(fault.faultMessage(), fault.errors());
        if (ctx.path().endsWith("/oauth/token")) {
            fault.oauthError().ifPresent(code -> body.put("error", code));
            Headers.noStore(ctx);
        }
        ctx.status(fault.status()).json(body);
    }

    /** Javalin's own errors (no route, body too large, bad content) in Strava's shape. */
    public static void httpError(HttpResponseException e, Context ctx) {
        int status = e.getStatus();
        if (status == 404) {
            fault(FaultException.notFound("resource", "path"), ctx);
        } else if (status == 413) {
            fault(FaultException.of(413, "Bad Request", new FaultError("Request", "body", "too large")), ctx);
        } else if (status == 405) {
            fault(FaultException.of(405, "Method Not Allowed", new FaultError("resource", "method", "invalid")), ctx);
        } else if (status >= 400 && status < 500) {
            fault(FaultException.of(status, "Bad Request", new FaultError("Request", "", "invalid")), ctx);
        } else {
            unexpected(e, ctx);
        }
    }

    public static void unexpected(Exception e, Context ctx) {
        if (StorageFaults.isUnavailable(e)) {
            unavailable(e, ctx);
            return;
        }
        String requestId = UUID.randomUUID().toString();
        LOG.error("request {} {} {} failed", requestId, ctx.method(), ctx.path(), e);
        ctx.header("X-Request-Id", requestId);
        ctx.status(500).json(body("Internal Server Error", List.of(new FaultError("Server", "", "internal"))));
    }

    /**
     * The database is down, restarting or too busy: a 503 the client may retry. Whatever the request
     * was doing was rolled back (or, if the commit itself was cut off, the refresh retry window covers it).
     */
    private static void unavailable(Exception e, Context ctx) {
        LOG.warn("{} {} answered 503, database unavailable: {}", ctx.method(), ctx.path(), Causes.rootMessage(e));
        ctx.header("Retry-After", "1");
        if (ctx.path().endsWith("/oauth/token")) {
            Headers.noStore(ctx);
        }
        ctx.status(503).json(body("Service Unavailable", List.of(new FaultError("Database", "", "unavailable"))));
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
