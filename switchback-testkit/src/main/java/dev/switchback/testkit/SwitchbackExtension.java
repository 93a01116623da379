package dev.switchback.testkit;

import dev.switchback.server.SwitchbackServer;
import dev.switchback.server.config.ServerConfig;
import dev.switchback.server.config.Settings;
import dev.switchback.server.emulator.Emulator;
import dev.switchback.server.emulator.EmulatorTokens;
import dev.switchback.server.emulator.EmulatorWebhooks;
import dev.switchback.server.emulator.InjectedFaults;
import dev.switchback.server.emulator.RequestJournal;
import dev.switchback.webhook.Outbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Switchback as a Strava double in a JUnit 5 test: the emulator in this JVM, on a free loopback port, over its
 * own temporary SQLite file, started once per test class (or once per test, {@link #perTest()}) and returned to
 * its seed before every test after the first (contract#emulator).
 *
 * <pre>{@code
 * @RegisterExtension static SwitchbackExtension strava = SwitchbackExtension.withSeed("seed.json");
 * }</pre>
 */
public final class SwitchbackExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private final Optional<String> seed;
    private final boolean perTest;
    private final Map<String, String> settings;
    private Running running;
    private boolean testRan;

    private SwitchbackExtension(Optional<String> seed, boolean perTest, Map<String, String> settings) {
        this.seed = seed;
        this.perTest = perTest;
        this.settings = Map.copyOf(settings);
    }

    /**
     * With the seed {@code seed}: a class-path resource (from a directory, so the files beside it are found) or a
     * file's path.
     */
    public static SwitchbackExtension withSeed(String seed) {
        return new SwitchbackExtension(Optional.of(seed), false, Map.of());
    }

    /** Over an empty database. */
    public static SwitchbackExtension empty() {
        return new SwitchbackExtension(Optional.empty(), false, Map.of());
    }

    /** A server of its own for every test, instead of one per class reset between tests. */
    public SwitchbackExtension perTest() {
        return new SwitchbackExtension(seed, true, settings);
    }

    /** With a setting of the README's table, such as {@code oauth.refresh-retry-window=0s}. */
    public SwitchbackExtension with(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(settings);
        more.put(key, value);
        return new SwitchbackExtension(seed, perTest, more);
    }

    // --- JUnit's callbacks ----------------------------------------------------------------------

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!perTest) {
            running = Running.start(seed.map(SwitchbackExtension::locate), settings);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (running == null) {
            running = Running.start(seed.map(SwitchbackExtension::locate), settings);
        } else if (testRan) {
            reset();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        testRan = true;
        if (perTest) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    private void stop() {
        if (running != null) {
            running.close();
            running = null;
        }
    }

    // --- what a test does ------------------------------------------------------------------------

    /** Where the app under test finds "Strava": {@code http://127.0.0.1:PORT}. */
    public String baseUrl() {
        return server().baseUrl();
    }

    /** Tokens without a browser: the grant recorded as consent would, answered as the code exchange is. */
    public Tokens issueTokens(String athlete, long clientId, String scope) {
        return issueTokens(athlete, clientId, scope, Optional.empty());
    }

    /** The same, with an access token that lives only {@code expiresIn} (at most 6 hours). */
    public Tokens issueTokens(String athlete, long clientId, String scope, Duration expiresIn) {
        return issueTokens(athlete, clientId, scope, Optional.of(expiresIn));
    }

    private Tokens issueTokens(String athlete, long clientId, String scope, Optional<Duration> expiresIn) {
        Map<String, Object> body = emulator()
                .tokens()
                .issue(new EmulatorTokens.Request(athlete, Long.toString(clientId), Optional.of(scope), expiresIn));
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = (Map<String, Object>) body.get("athlete");
        return new Tokens(
                (String) body.get("access_token"),
                (String) body.get("refresh_token"),
                Instant.ofEpochSecond(((Number) body.get("expires_at")).longValue()),
                ((Number) summary.get("id")).longValue());
    }

    /** The server's one clock, which only moves forward. */
    public EmulatedClock clock() {
        return new EmulatedClock(emulator().clock());
    }

    /** The faults the next matching requests answer with. */
    public Faults faults() {
        return new Faults(emulator().faults());
    }

    /** The webhook events of the outbox: those not yet delivered, clearing them, an event triggered by hand. */
    public Webhooks webhooks() {
        return new Webhooks(emulator().webhooks());
    }

    /** Every request the server answered since the last reset, oldest first (no token, code or secret). */
    public List<Request> requests() {
        return requestsSince(0);
    }

    /** The requests after the one with id {@code id}. */
    public List<Request> requestsSince(long id) {
        return emulator().journal().since(id).stream().map(Request::of).toList();
    }

    /** Back to the seed: data, faults, journal and rate-limit usage (not the clock). Done before every test. */
    public void reset() {
        emulator().reset();
    }

    /** The server itself, for what the methods above do not cover. */
    public SwitchbackServer server() {
        if (running == null) {
            throw new IllegalStateException("the Switchback server runs only while a test of its class runs");
        }
        return running.server();
    }

    private Emulator emulator() {
        return server().emulator().orElseThrow();
    }

    /** An access and a refresh token, as the code exchange answered them. */
    public record Tokens(String accessToken, String refreshToken, Instant expiresAt, long athleteId) {
        @Override
        public String toString() {
            return "Tokens[athleteId=" + athleteId + ", expiresAt=" + expiresAt + "]";
        }
    }

    /** One request of the journal; {@code grantType} and {@code outcome} only on {@code /oauth/token}. */
    public record Request(
            long id,
            Instant time,
            String method,
            String path,
            int status,
            Optional<Long> clientId,
            Optional<Long> athleteId,
            Optional<String> grantType,
            Optional<String> outcome,
            boolean injected) {
        static Request of(RequestJournal.Entry entry) {
            return new Request(
                    entry.id(),
                    entry.time(),
                    entry.method(),
                    entry.path(),
                    entry.status(),
                    entry.clientId(),
                    entry.athleteId(),
                    entry.grantType(),
                    entry.outcome(),
                    entry.injected());
        }
    }

    /** The emulator's clock: {@link #advance} and {@link #set} move it forward only. */
    public static final class EmulatedClock {
        private final dev.switchback.server.emulator.EmulatorClock clock;

        EmulatedClock(dev.switchback.server.emulator.EmulatorClock clock) {
            this.clock = clock;
        }

        public Instant now() {
            return clock.instant();
        }

        public Instant advance(Duration amount) {
            return clock.advance(amount);
        }

        public Instant set(Instant instant) {
            return clock.set(instant);
        }
    }

    /** Arms faults for the next matching requests; {@code *} in a path is any one segment. */
    public static final class Faults {
        private final InjectedFaults faults;

        Faults(InjectedFaults faults) {
            this.faults = faults;
        }

        /** The next request of {@code method} to {@code path} answers {@code status} (429, 500 or 503). */
        public Faults next(String method, String path, int status) {
            return next(method, path, status, 1);
        }

        /** The next {@code times} such requests answer {@code status}. */
        public Faults next(String method, String path, int status, int times) {
            faults.add(Optional.of(method), path, status, 0, times);
            return this;
        }

        /** The next such request waits {@code delay} before it is answered as usual. */
        public Faults delayNext(String method, String path, Duration delay) {
            faults.add(Optional.of(method), path, 0, delay.toMillis(), 1);
            return this;
        }

        /** How many requests the armed faults will still answer. */
        public long armed() {
            return faults.list().stream()
                    .mapToLong(InjectedFaults.Fault::remaining)
                    .sum();
        }

        public void clear() {
            faults.clear();
        }
    }

    /** One outbox event: where its delivery stands, and the JSON body Strava posts. */
    public record WebhookEvent(
            long id,
            String state,
            long clientId,
            long subscriptionId,
            int attempts,
            Instant nextAttemptAt,
            boolean inFlight,
            String body) {
        static WebhookEvent of(Outbox.Listed listed) {
            dev.switchback.webhook.WebhookEvent event = listed.event();
            return new WebhookEvent(
                    event.id().value(),
                    event.state(),
                    listed.app().value(),
                    event.subscriptionId().value(),
                    event.attempts(),
                    event.nextAttemptAt(),
                    listed.inFlight(),
                    event.body());
        }
    }

    /**
     * The outbox (contract#emulator-webhooks). A triggered event is delivered as one the change it tells of would
     * have queued: to the app's subscription, in order, with retries.
     */
    public static final class Webhooks {
        private final EmulatorWebhooks webhooks;

        Webhooks(EmulatorWebhooks webhooks) {
            this.webhooks = webhooks;
        }

        /** The events not yet delivered, in delivery order, with their attempts so far. */
        public List<WebhookEvent> pending() {
            return inState(dev.switchback.webhook.WebhookEvent.PENDING);
        }

        /** The latest events {@code delivered} or {@code failed}, newest first (or {@code pending} ones). */
        public List<WebhookEvent> inState(String state) {
            return webhooks.list(state).stream().map(WebhookEvent::of).toList();
        }

        /** Deletes every pending event, so none is ever sent; answers how many. */
        public int clear() {
            return webhooks.clear().cleared();
        }

        /** Queues an event with no {@code updates} for {@code clientId}'s subscription; answers its JSON body. */
        public String trigger(long clientId, String objectType, String aspectType, long objectId, long ownerId) {
            return trigger(clientId, objectType, aspectType, objectId, ownerId, Map.of());
        }

        /** Queues the event for {@code clientId}'s subscription, without the change it tells of; its JSON body. */
        public String trigger(
                long clientId,
                String objectType,
                String aspectType,
                long objectId,
                long ownerId,
                Map<String, String> updates) {
            return webhooks.trigger(new EmulatorWebhooks.Trigger(
                            Long.toString(clientId), objectType, aspectType, objectId, ownerId, updates))
                    .body();
        }
    }

    private static Path locate(String seed) {
        URL resource = Thread.currentThread().getContextClassLoader().getResource(seed);
        if (resource != null && "file".equals(resource.getProtocol())) {
            try {
                return Path.of(resource.toURI());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("seed " + seed + " has no usable path: " + resource, e);
            }
        }
        Path file = Path.of(seed);
        if (Files.isRegularFile(file)) {
            return file;
        }
        throw new IllegalArgumentException(
                "seed " + seed + " is neither a class-path resource in a directory nor a file");
    }

    /** One started server and the directory of its database. */
    private record Running(SwitchbackServer server, Path directory) implements AutoCloseable {
        static Running start(Optional<Path> seed, Map<String, String> settings) {
            Path directory;
            try {
                directory = Files.createTempDirectory("switchback-testkit");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, String> flags = new LinkedHashMap<>();
            flags.put("server.host", "127.0.0.1");
            flags.put("server.port", "0");
            flags.put("database.url", directory.resolve("switchback.db").toString());
            flags.put("demo", "false");
            flags.putAll(settings);
            flags.put("emulator", "true");
            seed.ifPresent(file -> flags.put("emulator.seed", file.toString()));
            ServerConfig config = ServerConfig.from(Settings.load(Optional.empty(), Map.of(), flags));
            try {
                return new Running(
                        SwitchbackServer.create(config, Clock.systemUTC()).start(), directory);
            } catch (RuntimeException e) {
                delete(directory);
                throw e;
            }
        }

        @Override
        public void close() {
            server.close();
            delete(directory);
        }

        private static void delete(Path directory) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            } catch (IOException ignored) {
                // a temporary directory left behind is harmless
            }
        }
    }
}
