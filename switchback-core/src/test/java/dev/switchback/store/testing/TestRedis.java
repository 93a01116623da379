package dev.switchback.store.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import org.junit.jupiter.api.Assumptions;

/**
 * The Redis server for tests, at {@code SWITCHBACK_TEST_REDIS_URL} (default {@code redis://127.0.0.1:6379}).
 * Without one the test is skipped with a message, except under {@code CI=true}, where it fails.
 */
public final class TestRedis {
    private TestRedis() {}

    /** The URL of a reachable Redis, or the test is skipped (or failed under CI). */
    public static String url() {
        String configured = System.getenv("SWITCHBACK_TEST_REDIS_URL");
        String url = configured == null || configured.isBlank() ? "redis://127.0.0.1:6379" : configured;
        URI uri = URI.create(url);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()), 2000);
        } catch (IOException e) {
            String message = "Redis is not reachable at " + url + " (" + e.getMessage()
                    + "); set SWITCHBACK_TEST_REDIS_URL or start Redis";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(message, e);
            }
            Assumptions.abort(message);
        }
        return url;
    }
}
