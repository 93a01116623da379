package dev.switchback.server.ops;

import dev.switchback.server.http.JettyFaults;
import io.javalin.jetty.JettyServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import tools.jackson.databind.json.JsonMapper;

/**
 * The management port (contract#metrics): {@code GET /metrics} in Prometheus's text format, and the health
 * endpoints, on {@code management.host:management.port}, apart from the API so it can stay off the public
 * network. A small Jetty server with the API port's HTTP layer (contract#input-limits): Javalin's HTTP
 * configuration, and {@link JettyFaults} answering what Jetty refuses itself (a bad request line, a bad
 * {@code Content-Length}, an HTTP version other than 1.0 or 1.1) in Strava's shape, as on the API port.
 */
public final class ManagementServer implements AutoCloseable {
    private static final JsonMapper JSON = new JsonMapper();
    private static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String JSON_TYPE = "application/json";
    /** An acceptor, a selector, and a few requests at once: a scraper and a probe need no more. */
    private static final int MAX_THREADS = 6;

    private final Server server;
    private final ServerConnector connector;

    private ManagementServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /** Binds {@code host:port} and starts answering. */
    public static ManagementServer start(String host, int port, ServerMetrics metrics, Health health) {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 1);
        threads.setName("switchback-management");
        threads.setDaemon(true);
        threads.setReservedThreads(0);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(
                server, 1, 1, new HttpConnectionFactory(JettyServer.Companion.defaultHttpConfiguration()));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setErrorHandler(new JettyFaults());
        server.setHandler(new Answers(metrics, health));
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            throw new IllegalStateException("cannot listen on management port " + host + ":" + port, e);
        }
        return new ManagementServer(server, connector);
    }

    /** The port bound (the one chosen, for port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        stopQuietly(server);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping is all that is left to do
        }
    }

    /** What one path answers with: a status, a content type and a body. */
    private record Answer(int status, String type, String body) {}

    /**
     * The three paths, {@code GET} and {@code HEAD} only: another method is 405 with {@code Allow} (RFC 9110
     * §15.5.6), another path 404, both as {@link JettyFaults} writes them.
     */
    private static final class Answers extends Handler.Abstract {
        private final ServerMetrics metrics;
        private final Health health;

        Answers(ServerMetrics metrics, Health health) {
            this.metrics = metrics;
            this.health = health;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Supplier<Answer> answer = switch (Request.getPathInContext(request)) {
                case "/metrics" ->
                    () -> new Answer(200, PROMETHEUS_TYPE, metrics.scrape().orElse(""));
                case "/health/live" -> () -> health(health.live());
                case "/health/ready" -> () -> health(health.ready());
                default -> null;
            };
            boolean head = request.getMethod().equals("HEAD");
            if (answer == null) {
                Response.writeError(request, response, callback, 404);
            } else if (!head && !request.getMethod().equals("GET")) {
                response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
                Response.writeError(request, response, callback, 405);
            } else {
                write(response, callback, answer.get(), head);
            }
            return true;
        }

        private static Answer health(Health.Report report) {
            return new Answer(report.status(), JSON_TYPE, JSON.writeValueAsString(report.body()));
        }

        private static void write(Response response, Callback callback, Answer answer, boolean head) {
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            response.setStatus(answer.status());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.type());
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
            response.write(true, head ? null : ByteBuffer.wrap(bytes), callback);
        }
    }
}
