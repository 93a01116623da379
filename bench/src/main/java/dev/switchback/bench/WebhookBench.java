package dev.switchback.bench;

import com.sun.net.httpserver.HttpServer;
import dev.switchback.Switchback;
import dev.switchback.app.AppId;
import dev.switchback.store.DatabaseUrl;
import dev.switchback.webhook.Outbox;
import dev.switchback.webhook.SubscriptionStore;
import dev.switchback.webhook.WebhookPolicy;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * The webhooks scenario (docs/performance.md): events per second from commit to the receiver's 200, and the
 * commit-to-delivery latency at 70% of that peak. Each event is one outbox insert (an {@code INSERT ... SELECT}
 * from the app's subscription, the shape of a deauthorization's), one transaction each, through the server's own
 * outbox, whose commit wakes the dispatcher as on the hot path; a JDK HTTP server on loopback answers 200 at once.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.switchback.bench.WebhookBench [postgresql://...]</pre>
 */
public final class WebhookBench {
    private static final int SUBSCRIPTIONS = 8;
    private static final int PEAK_EVENTS = 4000;
    private static final int WRITERS = 8;
    private static final Duration STEADY = Duration.ofSeconds(15);
    private static final Pattern OWNER = Pattern.compile("\"owner_id\":(\\d+)");

    private final Map<Long, Long> committedAt = new ConcurrentHashMap<>();
    private final Map<Long, Long> receivedAt = new ConcurrentHashMap<>();
    private final AtomicLong nextOwner = new AtomicLong(1);

    private WebhookBench() {}

    public static void main(String[] args) throws Exception {
        String url = args.length > 0
                ? args[0]
                : Files.createTempDirectory("webhook-bench").resolve("b.db").toString();
        if (url.startsWith("postgresql:")) {
            PostgresReset.reset(url);
        }
        new WebhookBench().run(url);
        System.exit(0);
    }

    private void run(String url) throws Exception {
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        receiver.setExecutor(Executors.newFixedThreadPool(32));
        receiver.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                Matcher m = OWNER.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                if (m.find()) {
                    receivedAt.putIfAbsent(Long.parseLong(m.group(1)), System.nanoTime());
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        WebhookPolicy policy = new WebhookPolicy(
                List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)),
                true,
                16,
                Duration.ofSeconds(30),
                Duration.ofDays(7),
                Duration.ofMillis(100));
        try (Switchback switchback = Switchback.open(
                DatabaseUrl.parse(url), 16, Switchback.Options.defaults().withWebhooks(policy), Clock.systemUTC())) {
            List<AppId> apps = subscribe(
                    switchback, "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
            switchback.dispatcher().start();
            double peak = peak(switchback, apps);
            Histogram latency = steady(switchback, apps, peak * 0.7);
            System.out.printf(
                    Locale.ROOT,
                    "| webhooks (%s) | %.0f events/s | p50 %.1f ms, p99 %.1f ms at %.0f events/s |%n",
                    url.startsWith("postgresql:") ? "PostgreSQL" : "SQLite",
                    peak,
                    latency.getValueAtPercentile(50) / 1000.0,
                    latency.getValueAtPercentile(99) / 1000.0,
                    peak * 0.7);
        } finally {
            receiver.stop(0);
        }
    }

    private static List<AppId> subscribe(Switchback switchback, String callback) {
        List<AppId> apps = new ArrayList<>();
        for (int i = 0; i < SUBSCRIPTIONS; i++) {
            AppId app = switchback
                    .apps()
                    .create("Bench " + i, "localhost", java.util.Optional.empty(), 10)
                    .app()
                    .clientId();
            switchback
                    .database()
                    .write(tx -> new SubscriptionStore()
                            .insert(tx, app, URI.create(callback + "/" + app.value()), "v", Instant.now()));
            apps.add(app);
        }
        return apps;
    }

    /** One event: a transaction with the outbox insert; the commit's time kept by the event's owner id. */
    private void write(Switchback switchback, List<AppId> apps) {
        long owner = nextOwner.getAndIncrement();
        AppId app = apps.get((int) (owner % apps.size()));
        // Through the server's own outbox, whose commits wake its dispatcher (a new Outbox() has no one to wake:
        // the dispatcher found such events only at its next poll, and this bench measured the poll).
        switchback
                .deliveries()
                .trigger(app, new Outbox.Triggered("athlete", owner, "update", Map.of("authorized", "false"), owner));
        committedAt.put(owner, System.nanoTime());
    }

    /** Closed loop: PEAK_EVENTS events from WRITERS threads; events per second until the last one arrives. */
    private double peak(Switchback switchback, List<AppId> apps) throws InterruptedException {
        long start = System.nanoTime();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        for (int i = 0; i < PEAK_EVENTS; i++) {
            writers.execute(() -> write(switchback, apps));
        }
        writers.shutdown();
        writers.awaitTermination(10, TimeUnit.MINUTES);
        awaitAll(PEAK_EVENTS);
        long last =
                receivedAt.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        return PEAK_EVENTS / ((last - start) / 1e9);
    }

    /** Open loop at {@code rate}: the latency from each commit to its arrival. */
    private Histogram steady(Switchback switchback, List<AppId> apps, double rate) throws InterruptedException {
        long first = nextOwner.get();
        long interval = (long) (1e9 / rate);
        long start = System.nanoTime();
        long count = (long) (rate * STEADY.toSeconds());
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        for (long i = 0; i < count; i++) {
            long due = start + i * interval;
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            writers.execute(() -> write(switchback, apps));
        }
        writers.shutdown();
        writers.awaitTermination(10, TimeUnit.MINUTES);
        awaitAll((int) (first - 1 + count));
        Histogram histogram = new Histogram(3);
        for (long owner = first; owner < first + count; owner++) {
            histogram.recordValue(Math.max(0, (receivedAt.get(owner) - committedAt.get(owner)) / 1000));
        }
        return histogram;
    }

    private void awaitAll(int total) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (receivedAt.size() < total) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + receivedAt.size() + " of " + total + " events arrived");
            }
            Thread.sleep(5);
        }
    }
}
