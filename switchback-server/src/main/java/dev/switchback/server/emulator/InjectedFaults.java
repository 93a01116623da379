package dev.switchback.server.emulator;

import dev.switchback.fault.FaultException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The faults a test asked for with {@code POST /_switchback/faults} (contract#emulator-faults): each answers the
 * next {@code times} requests that match its method and path (where {@code *} is any one segment) with its status,
 * after its delay. The first matching fault, in the order they were added, takes a request.
 */
public final class InjectedFaults {
    /** The statuses a fault may answer, each with Strava's body and headers for it. */
    static final List<Integer> STATUSES = List.of(429, 500, 503);

    static final long MAX_DELAY_MS = 60_000;
    static final long MAX_TIMES = 1_000_000;
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD");

    private final List<Fault> faults = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong();

    /** One fault; {@code status} 0 only delays the request, which is then answered as usual. */
    public record Fault(long id, Optional<String> method, String path, int status, long delayMs, long remaining) {
        boolean matches(String requestMethod, String requestPath) {
            return method.map(m -> m.equals(requestMethod)).orElse(true) && pathMatches(path, requestPath);
        }

        Fault taken() {
            return new Fault(id, method, path, status, delayMs, remaining - 1);
        }
    }

    /**
     * Arms a fault and answers it with its id; bad input is {@code Fault/<field>/invalid}, and arms nothing.
     *
     * @param status 429, 500 or 503; 0 for a delay alone
     */
    public synchronized Fault add(Optional<String> method, String path, int status, long delayMs, long times) {
        Optional<String> upper = method.map(m -> m.toUpperCase(Locale.ROOT));
        if (upper.isPresent() && !METHODS.contains(upper.get())) {
            throw FaultException.invalid("Fault", "method", "method must be one of " + METHODS);
        }
        if (path == null || !path.startsWith("/") || path.startsWith(Emulator.PREFIX) || path.contains("?")) {
            throw FaultException.invalid("Fault", "path", "path must be a path without a query, outside /_switchback/");
        }
        if (status != 0 && !STATUSES.contains(status)) {
            throw FaultException.invalid("Fault", "status", "status must be one of " + STATUSES);
        }
        if (delayMs < 0 || delayMs > MAX_DELAY_MS) {
            throw FaultException.invalid("Fault", "delay_ms", "delay_ms must be within 0.." + MAX_DELAY_MS);
        }
        if (status == 0 && delayMs == 0) {
            throw FaultException.invalid("Fault", "status", "give a status, a delay_ms, or both");
        }
        if (times < 1 || times > MAX_TIMES) {
            throw FaultException.invalid("Fault", "times", "times must be within 1.." + MAX_TIMES);
        }
        Fault fault = new Fault(ids.incrementAndGet(), upper, path, status, delayMs, times);
        faults.add(fault);
        return fault;
    }

    /** Takes one use of the first fault matching the request, if any. */
    public synchronized Optional<Fault> take(String method, String path) {
        for (int i = 0; i < faults.size(); i++) {
            Fault fault = faults.get(i);
            if (fault.matches(method, path)) {
                Fault taken = fault.taken();
                if (taken.remaining() == 0) {
                    faults.remove(i);
                } else {
                    faults.set(i, taken);
                }
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }

    public synchronized List<Fault> list() {
        return List.copyOf(faults);
    }

    public synchronized void clear() {
        faults.clear();
    }

    /** {@code pattern} and {@code path} have as many segments, each equal, or {@code *} against a non-empty one. */
    static boolean pathMatches(String pattern, String path) {
        String[] expected = segments(pattern);
        String[] actual = segments(path);
        if (expected.length != actual.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            boolean wildcard = expected[i].equals("*");
            if (wildcard ? actual[i].isEmpty() : !expected[i].equals(actual[i])) {
                return false;
            }
        }
        return true;
    }

    private static String[] segments(String path) {
        String trimmed = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        return trimmed.split("/", -1);
    }
}
