package dev.switchback.server.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.databind.json.JsonMapper;

/**
 * The management port (contract#metrics): {@code GET /metrics} in Prometheus's text format, and the health
 * endpoints, on {@code management.host:management.port}, apart from the API so it can stay off the public
 * network. The JDK's own small HTTP server with one thread: a scraper and a probe need no more.
 */
public final class ManagementServer implements AutoCloseable {
    private static final JsonMapper JSON = new JsonMapper();
    private static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private ManagementServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds {@code host:port} and starts answering. */
    public static ManagementServer start(String host, int port, ServerMetrics metrics, Health health) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
            ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "switchback-management");
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(executor);
            server.createContext(
                    "/metrics",
                    exchange -> answer(
                            exchange, 200, PROMETHEUS_TYPE, metrics.scrape().orElse("")));
            server.createContext("/health/live", exchange -> health(exchange, health.live()));
            server.createContext("/health/ready", exchange -> health(exchange, health.ready()));
            server.createContext("/", exchange -> answer(exchange, 404, "text/plain; charset=utf-8", "not found\n"));
            server.start();
            return new ManagementServer(server, executor);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on management port " + host + ":" + port, e);
        }
    }

    private static void health(HttpExchange exchange, Health.Report report) throws IOException {
        answer(exchange, report.status(), "application/json", JSON.writeValueAsString(report.body()));
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET")
                    && !exchange.getRequestMethod().equals("HEAD")) {
                status = 405;
                body = "";
            } else if (!exchange.getRequestURI()
                    .getPath()
                    .equals(exchange.getHttpContext().getPath())) {
                status = 404;
                body = "not found\n";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(status, head || bytes.length == 0 ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    /** The port bound (the one chosen, for port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
