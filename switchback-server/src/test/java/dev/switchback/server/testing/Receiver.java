package dev.switchback.server.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real webhook receiver on loopback (the JDK's HTTP server): each path answers as the test sets it, and
 * every request is recorded. By default a path answers Strava's handshake {@code GET} with the challenge and
 * takes every {@code POST} with a 200. Requests are served on threads of their own, so one that hangs holds
 * up no other.
 */
public final class Receiver implements AutoCloseable {
    /** How long a test waits for something that should come (generous: the machine may be busy). */
    public static final Duration PATIENCE = Duration.ofSeconds(30);

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);

    /** One request as it came. */
    public record Request(String method, String path, String query, String body, Instant at) {
        public String param(String name) {
            return Http.queryParam("/?" + query, name).orElse(null);
        }
    }

    /** How a path answers. */
    @FunctionalInterface
    public interface Behaviour {
        void answer(HttpExchange exchange, Request request) throws IOException;
    }

    private Receiver(HttpServer server) {
        this.server = server;
    }

    public static Receiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            Receiver receiver = new Receiver(server);
            server.setExecutor(receiver.threads);
            server.createContext("/", receiver::handle);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public void on(String path, Behaviour behaviour) {
        behaviours.put(path, behaviour);
    }

    private void handle(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request request = new Request(
                exchange.getRequestMethod(),
                uri.getPath(),
                uri.getRawQuery() == null ? "" : uri.getRawQuery(),
                body,
                Instant.now());
        requests.add(request);
        try {
            behaviours.getOrDefault(uri.getPath(), standard()).answer(exchange, request);
        } finally {
            exchange.close();
        }
    }

    /** Every request to {@code path}, in arrival order. */
    public List<Request> requests(String path) {
        List<Request> matching = new ArrayList<>();
        for (Request request : requests) {
            if (request.path().equals(path)) {
                matching.add(request);
            }
        }
        return matching;
    }

    /** The event bodies posted to {@code path}, in arrival order. */
    public List<String> events(String path) {
        return requests(path).stream()
                .filter(r -> r.method().equals("POST"))
                .map(Request::body)
                .toList();
    }

    /** Waits (up to {@link #PATIENCE}) until {@code path} has had {@code count} posts; answers them all. */
    public List<String> awaitEvents(String path, int count) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (events(path).size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " events at " + path + ", got "
                        + events(path).size() + ", the last: "
                        + events(path).stream().reduce((a, b) -> b).orElse("none"));
            }
            pause();
        }
        return events(path);
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    // --- behaviours -----------------------------------------------------------------------------------

    /** The handshake answered properly, every post taken with a 200. */
    public static Behaviour standard() {
        return (exchange, request) -> {
            if (request.method().equals("GET")) {
                json(exchange, 200, "{\"hub.challenge\":\"" + request.param("hub.challenge") + "\"}");
            } else {
                send(exchange, 200, "text/plain", "");
            }
        };
    }

    public static Behaviour status(int status, String contentType, String body) {
        return (exchange, request) -> send(exchange, status, contentType, body);
    }

    /** The first {@code failures} requests answered 500, the rest as {@link #standard()}. */
    public static Behaviour failing(int failures) {
        AtomicInteger seen = new AtomicInteger();
        return (exchange, request) -> {
            if (seen.incrementAndGet() <= failures) {
                send(exchange, 500, "text/plain", "down");
            } else {
                standard().answer(exchange, request);
            }
        };
    }

    /** Never answers, until the receiver is closed. */
    public Behaviour hanging() {
        return (exchange, request) -> {
            try {
                released.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** Answers as {@code then} after {@code delay}. */
    public static Behaviour slow(Duration delay, Behaviour then) {
        return (exchange, request) -> {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            then.answer(exchange, request);
        };
    }

    public static void json(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, "application/json", body);
    }

    public static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
