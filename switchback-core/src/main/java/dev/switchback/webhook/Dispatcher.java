package dev.switchback.webhook;

import dev.switchback.store.Database;
import dev.switchback.store.Dialect;
import dev.switchback.token.TokenGenerator;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox (contract#webhook-delivery). One thread claims due events, at most as many as there are
 * free workers, and a fixed pool of workers posts them: a callback that hangs holds one worker for at most the
 * 2-second timeout and delays only its own subscription's later events, never another app's. Each
 * subscription has one event in flight at a time, the first by id, so its events arrive in commit order; an
 * event that fails waits its retry delay at the head of its queue, and after the last attempt is kept as
 * {@code failed}.
 */
public final class Dispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    /** After a database error, before trying again. */
    private static final Duration BACKOFF = Duration.ofSeconds(1);

    private final Database database;
    private final Outbox outbox;
    private final CallbackClient client;
    private final WebhookPolicy policy;
    private final Clock clock;
    private final TokenGenerator tokens;
    private final DeliveryMetrics metrics;
    private final Semaphore freeWorkers;
    private final Object signal = new Object();
    private final AtomicInteger wakeups = new AtomicInteger();
    private volatile ExecutorService workers;
    private volatile Thread claimer;
    private volatile boolean running;

    public Dispatcher(
            Database database,
            Outbox outbox,
            CallbackClient client,
            WebhookPolicy policy,
            Clock clock,
            TokenGenerator tokens,
            MeterRegistry meters) {
        this.database = database;
        this.outbox = outbox;
        this.client = client;
        this.policy = policy;
        this.clock = clock;
        this.tokens = tokens;
        this.metrics = new DeliveryMetrics(meters, database, outbox);
        this.freeWorkers = new Semaphore(policy.workers());
    }

    /**
     * Starts delivering. On SQLite this process is the only one that delivers, so the leases a killed
     * predecessor left are given up at once and its events go out now.
     */
    public synchronized void start() {
        if (running || policy.workers() == 0) {
            return;
        }
        if (database.dialect() == Dialect.SQLITE) {
            database.write(outbox::releaseLeases);
        }
        running = true;
        AtomicInteger number = new AtomicInteger();
        workers = Executors.newFixedThreadPool(policy.workers(), runnable -> {
            Thread thread = new Thread(runnable, "switchback-webhook-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        claimer = new Thread(this::claimLoop, "switchback-webhook-claimer");
        claimer.setDaemon(true);
        claimer.start();
    }

    /** Looks at the outbox now rather than at the next poll (after a commit that wrote events, say). */
    public void wake() {
        wakeups.incrementAndGet();
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void claimLoop() {
        while (running) {
            try {
                int claimed = claimAndSubmit();
                if (claimed == 0) {
                    await(policy.poll());
                }
            } catch (RuntimeException e) {
                LOG.warn("webhook dispatcher cannot read the outbox, will try again: {}", e.getMessage());
                await(BACKOFF);
            }
        }
    }

    private int claimAndSubmit() {
        int free = freeWorkers.availablePermits();
        if (free == 0) {
            await(policy.poll());
            return 0;
        }
        wakeups.set(0);
        Instant now = clock.instant();
        // An idle outbox costs a read, not a write transaction (on SQLite, a turn of the group commit) a poll.
        if (!database.read(tx -> outbox.anyDue(tx, now))) {
            return 0;
        }
        String token = tokens.next().value();
        List<Outbox.Claimed> claimed =
                database.write(tx -> outbox.claim(tx, now, now.plus(policy.lease()), token, free));
        for (Outbox.Claimed event : claimed) {
            freeWorkers.acquireUninterruptibly();
            workers.execute(() -> {
                try {
                    deliver(event);
                } finally {
                    freeWorkers.release();
                    wake();
                }
            });
        }
        return claimed.size();
    }

    private void await(Duration wait) {
        synchronized (signal) {
            if (wakeups.get() > 0 || !running) {
                return;
            }
            try {
                signal.wait(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    /** One attempt: POST the event, then record the outcome under the lease. */
    void deliver(Outbox.Claimed claimed) {
        WebhookEvent event = claimed.event();
        Instant at = clock.instant();
        long started = System.nanoTime();
        Optional<Integer> status = Optional.empty();
        Optional<String> error = Optional.empty();
        try {
            CallbackClient.Answer answer = client.postJson(
                    URI.create(claimed.callbackUrl()), event.body().getBytes(StandardCharsets.UTF_8));
            status = Optional.of(answer.status());
            if (!answer.ok()) {
                error = Optional.of("the callback answered " + answer.status());
            }
        } catch (CallbackClient.CallFailed e) {
            error = Optional.of(e.getMessage());
        } catch (RuntimeException e) {
            error = Optional.of("cannot call the callback: " + e.getClass().getSimpleName());
        }
        long took = System.nanoTime() - started;
        metrics.attempt(took);
        long latency = took / 1_000_000;
        record(claimed, new Outbox.Attempt(at, status, latency, error));
    }

    /** What an attempt makes of its event: its new state, when it is next due, and the outcome counted. */
    private record Decision(String state, Instant due, DeliveryMetrics.Outcome outcome) {}

    private void record(Outbox.Claimed claimed, Outbox.Attempt attempt) {
        WebhookEvent event = claimed.event();
        Instant now = clock.instant();
        Decision decision = decide(event, attempt, now);
        DeliveryMetrics.Outcome outcome = decision.outcome();
        try {
            if (!database.write(tx -> outbox.finish(tx, claimed, attempt, decision.state(), decision.due()))) {
                outcome = DeliveryMetrics.Outcome.UNRECORDED; // the lease ran out: the event is another's now
            }
        } catch (RuntimeException e) {
            // The lease runs out and the event is delivered again: a receiver may see an event twice.
            outcome = DeliveryMetrics.Outcome.UNRECORDED;
            LOG.warn(
                    "cannot record webhook event {}'s delivery, it will be sent again: {}", event.id(), e.getMessage());
        }
        metrics.outcome(outcome, event, now);
    }

    /** Delivered on a 2xx; else failed after the last attempt, or pending again after its retry delay. */
    private Decision decide(WebhookEvent event, Outbox.Attempt attempt, Instant now) {
        int made = event.attempts() + 1;
        if (attempt.error().isEmpty()) {
            return new Decision(WebhookEvent.DELIVERED, now, DeliveryMetrics.Outcome.DELIVERED);
        }
        if (made >= policy.maxAttempts()) {
            LOG.info(
                    "webhook event {} failed after {} attempts: {}",
                    event.id(),
                    made,
                    attempt.error().get());
            return new Decision(WebhookEvent.FAILED, now, DeliveryMetrics.Outcome.FAILED);
        }
        Instant due = now.plus(policy.retryDelays().get(made - 1));
        return new Decision(WebhookEvent.PENDING, due, DeliveryMetrics.Outcome.RETRY);
    }

    /** Whether this node delivers: the claimer and the workers run (a readiness check). */
    public boolean running() {
        Thread thread = claimer;
        ExecutorService pool = workers;
        return running && thread != null && thread.isAlive() && pool != null && !pool.isShutdown();
    }

    /** Whether this node delivers at all: {@code webhooks.workers} is above 0. */
    public boolean delivers() {
        return policy.workers() > 0;
    }

    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        wake();
        claimer.interrupt();
        workers.shutdownNow();
        try {
            claimer.join(TimeUnit.SECONDS.toMillis(5));
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
