package dev.switchback.server.http;

import io.javalin.event.HandlerMetaInfo;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The routes {@link Guard} checks, learnt from Javalin as {@code Routes} registers them, so that
 * {@link BodyGate} can tell, before Javalin sees a request, whether the guard will check its bearer header
 * before anything reads its body. Paths match as Javalin matches them: {@code {name}} is any one segment, and
 * a trailing slash is ignored.
 */
public final class GuardedRoutes {
    private final List<Route> routes = new CopyOnWriteArrayList<>();

    /** For {@code javalin.events.handlerAdded}: keeps the route if the guard checks it. */
    public void add(HandlerMetaInfo handler) {
        if (Guard.checks(handler.getRoles())) {
            routes.add(new Route(handler.getHttpMethod().name(), segments(handler.getPath())));
        }
    }

    /** Whether the guard checks {@code method path}. */
    boolean covers(String method, String path) {
        String[] segments = segments(path);
        for (Route route : routes) {
            if (route.method().equals(method) && route.matches(segments)) {
                return true;
            }
        }
        return false;
    }

    private static String[] segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.split("/", -1);
    }

    private record Route(String method, String[] pattern) {
        boolean matches(String[] segments) {
            if (segments.length != pattern.length) {
                return false;
            }
            for (int i = 0; i < pattern.length; i++) {
                boolean parameter = pattern[i].startsWith("{") && pattern[i].endsWith("}");
                if (parameter ? segments[i].isEmpty() : !pattern[i].equals(segments[i])) {
                    return false;
                }
            }
            return true;
        }
    }
}
