package dev.switchback.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one-shot loopback listener of {@code login} (RFC 8252 §7.3): on {@code 127.0.0.1}, a port the
 * system picks, path {@code /callback}. The first request to it completes the login, and the browser
 * gets a small page saying it can be closed; anything else gets a 404.
 */
final class LoopbackReceiver implements AutoCloseable {
    private final HttpServer server;
    private final String expectedState;
    private final CompletableFuture<Map<String, String>> callback = new CompletableFuture<>();

    private LoopbackReceiver(HttpServer server, String expectedState) {
        this.server = server;
        this.expectedState = expectedState;
    }

    static LoopbackReceiver start(String expectedState) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
            LoopbackReceiver receiver = new LoopbackReceiver(server, expectedState);
            server.createContext("/", receiver::handle);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on 127.0.0.1 for the login redirect: " + e.getMessage(), e);
        }
    }

    URI redirectUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/callback");
    }

    /** The query parameters of the callback, or empty if none came within {@code wait}. */
    Optional<Map<String, String>> await(Duration wait) throws InterruptedException {
        try {
            return Optional.of(callback.get(wait.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())
                    || !"/callback".equals(exchange.getRequestURI().getPath())) {
                respond(exchange, 404, "Not found", "Nothing here.");
                return;
            }
            if (callback.isDone()) {
                respond(exchange, 409, "Already done", "This login has already finished. You can close this window.");
                return;
            }
            Map<String, String> params = query(exchange.getRequestURI().getRawQuery());
            if (!expectedState.equals(params.get("state"))) {
                respond(
                        exchange,
                        400,
                        "Login failed",
                        "This response does not belong to the login that was started "
                                + "(state mismatch). You can close this window.");
            } else if (params.containsKey("error")) {
                respond(exchange, 200, "Access not granted", "The app was not authorized. You can close this window.");
            } else {
                respond(
                        exchange,
                        200,
                        "Switchback login",
                        "Authorization received. You can close this window and return " + "to the terminal.");
            }
            callback.complete(params);
        }
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.putIfAbsent(name, value);
            } catch (IllegalArgumentException e) {
                // a malformed escape: leave the parameter out
            }
        }
        return params;
    }

    private static void respond(HttpExchange exchange, int status, String title, String message) throws IOException {
        byte[] body = ("<!doctype html><html><head><meta charset=\"utf-8\"><title>" + title + "</title></head>"
                        + "<body style=\"font-family:sans-serif;margin:3em\"><h1>" + title + "</h1><p>" + message
                        + "</p></body></html>")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
