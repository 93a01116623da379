package dev.switchback.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What watches a server in production, for the ops scenario: a readiness probe, {@code GET /health/ready} on
 * the server's port once a second (a load balancer's or Kubernetes' habit), and a Prometheus scrape,
 * {@code GET /metrics} on the management port every 15 s (a common scrape interval). Each on one thread of
 * its own, so a slow answer delays only its own next call.
 */
final class OpsProbe implements AutoCloseable {
    static final Duration PROBE_EVERY = Duration.ofSeconds(1);
    static final Duration SCRAPE_EVERY = Duration.ofSeconds(15);

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService threads = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "ops-probe");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    private OpsProbe() {}

    /**
     * Starts probing {@code serverUrl}'s readiness and scraping {@code managementUrl}'s metrics; either may be null
     * (not probed, not scraped: BENCH_OPS_PARTS).
     */
    static OpsProbe start(String serverUrl, String managementUrl) {
        OpsProbe probe = new OpsProbe();
        if (serverUrl != null) {
            probe.every(PROBE_EVERY, URI.create(serverUrl + "/health/ready"));
        }
        if (managementUrl != null) {
            probe.every(SCRAPE_EVERY, URI.create(managementUrl + "/metrics"));
        }
        return probe;
    }

    private void every(Duration period, URI uri) {
        HttpRequest request =
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
        threads.scheduleAtFixedRate(() -> call(request), 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void call(HttpRequest request) {
        calls.incrementAndGet();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                failures.incrementAndGet();
            }
        } catch (java.io.IOException e) {
            failures.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Calls made so far, and how many got no 200: a probe that fails measures nothing worth quoting. */
    String summary() {
        return calls.get() + " calls (readiness probes and scrapes), " + failures.get() + " without a 200";
    }

    boolean failed() {
        return failures.get() > 0;
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
