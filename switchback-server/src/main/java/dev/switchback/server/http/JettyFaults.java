package dev.switchback.server.http;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error handler: what Jetty answers itself, before any route runs (a bad request line, a URI or headers
 * too long: 400, 414, 431), is Strava's Fault with our headers, as {@link FaultMapper} writes it, rather than
 * Jetty's HTML page (contract#fault-envelope).
 */
public final class JettyFaults implements Request.Handler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        if (request.getAttribute(ErrorHandler.ERROR_EXCEPTION) instanceof HttpException http) {
            status = http.getCode();
        }
        int code = status;
        FaultMapper.forStatus(code)
                .ifPresentOrElse(
                        fault -> FaultMapper.write(request, response, callback, fault, false),
                        () -> FaultMapper.writeServerError(request, response, callback, code));
        return true;
    }
}
