package dev.switchback.server;

import dev.switchback.Switchback;
import dev.switchback.api.track.TrackParsers;
import dev.switchback.fault.FaultException;
import dev.switchback.ratelimit.DatabaseCounters;
import dev.switchback.ratelimit.MemoryCounters;
import dev.switchback.ratelimit.RateLimiter;
import dev.switchback.ratelimit.RedisCounters;
import dev.switchback.ratelimit.UsageCounters;
import dev.switchback.server.api.ActivitiesEndpoint;
import dev.switchback.server.api.AthleteEndpoint;
import dev.switchback.server.api.ClubEndpoint;
import dev.switchback.server.api.RouteEndpoint;
import dev.switchback.server.api.SegmentEndpoint;
import dev.switchback.server.api.UploadsEndpoint;
import dev.switchback.server.config.ServerConfig;
import dev.switchback.server.emulator.Emulator;
import dev.switchback.server.emulator.EmulatorClock;
import dev.switchback.server.emulator.EmulatorEndpoint;
import dev.switchback.server.emulator.Seed;
import dev.switchback.server.http.BodyGate;
import dev.switchback.server.http.ConnectionsPerAddress;
import dev.switchback.server.http.FaultMapper;
import dev.switchback.server.http.Guard;
import dev.switchback.server.http.GuardedRoutes;
import dev.switchback.server.http.Headers;
import dev.switchback.server.http.JettyFaults;
import dev.switchback.server.http.Sessions;
import dev.switchback.server.oauth.AuthorizeEndpoint;
import dev.switchback.server.oauth.DeauthorizeEndpoint;
import dev.switchback.server.oauth.StandardEndpoints;
import dev.switchback.server.oauth.TokenEndpoint;
import dev.switchback.server.ops.AccessLog;
import dev.switchback.server.ops.Health;
import dev.switchback.server.ops.ManagementServer;
import dev.switchback.server.ops.ServerMetrics;
import dev.switchback.server.pages.DeveloperEndpoint;
import dev.switchback.server.pages.LoginEndpoint;
import dev.switchback.server.pages.MyAppsEndpoint;
import dev.switchback.server.pages.Pages;
import dev.switchback.server.webhook.PushSubscriptionsEndpoint;
import dev.switchback.token.PageSeal;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.compression.Gzip;
import io.javalin.config.SizeUnit;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson3;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/** The HTTP server, wired by hand in {@link #create}: one Javalin app over one {@link Switchback}. */
public final class SwitchbackServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SwitchbackServer.class);
    private static final String RATE_LIMIT_NAMESPACE = "ratelimit-namespace";
    private static final String JETTY_REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";

    private final ServerConfig config;
    private final Switchback switchback;
    private final Javalin app;
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "switchback-housekeeping");
        thread.setDaemon(true);
        return thread;
    });

    private final UsageCounters counters;
    private final Optional<Emulator> emulator;
    private final Health health;
    private final ServerMetrics metrics;
    private volatile Optional<ManagementServer> management = Optional.empty();

    private SwitchbackServer(
            ServerConfig config,
            Switchback switchback,
            UsageCounters counters,
            Optional<Emulator> emulator,
            Health health,
            ServerMetrics metrics,
            Javalin app) {
        this.metrics = metrics;
        this.config = config;
        this.switchback = switchback;
        this.counters = counters;
        this.emulator = emulator;
        this.health = health;
        this.app = app;
    }

    /** Opens the database (creating or migrating it) and builds the server; {@link #start()} binds the port. */
    public static SwitchbackServer create(ServerConfig config, Clock given) {
        // With the emulator, every decision by time reads the one clock its control API moves
        // (contract#emulator-clock).
        Optional<EmulatorClock> emulatorClock =
                config.emulator() ? Optional.of(new EmulatorClock(given)) : Optional.empty();
        Clock clock = emulatorClock.<Clock>map(c -> c).orElse(given);
        // One set of upload limits (contract#upload-limits): the file size the endpoint takes is the parser's too.
        TrackParsers parser =
                new TrackParsers(TrackParsers.Limits.DEFAULT.withMaxFileBytes(config.uploadMaxFileSize()));
        // A seed is read and checked whole before the database is opened (contract#emulator-seed).
        Optional<Seed> seed = config.seed().map(Seed::read);
        ServerMetrics metrics = ServerMetrics.create(config);
        Switchback opened;
        try {
            opened = Switchback.open(
                    config.databaseUrl(),
                    config.poolSize(),
                    config.switchbackOptions(metrics.registry()),
                    clock,
                    parser);
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
        Switchback switchback = opened;
        UsageCounters counters = null;
        try {
            seed.ifPresent(s -> s.loadInto(switchback));
            UsageCounters usage = counters(config, switchback);
            counters = usage;
            Health health =
                    new Health(switchback, counters, config.rateLimitStore() == ServerConfig.RateLimitStore.REDIS);
            Optional<Emulator> emulator =
                    emulatorClock.map(c -> new Emulator(c, switchback, seed, usage::forgetLocalUsage));
            return new SwitchbackServer(
                    config,
                    switchback,
                    counters,
                    emulator,
                    health,
                    metrics,
                    javalin(config, switchback, new RateLimiter(counters, clock), emulator, clock, health, metrics));
        } catch (RuntimeException e) {
            if (counters != null) {
                counters.close();
            }
            switchback.close();
            metrics.close();
            throw e;
        }
    }

    private static UsageCounters counters(ServerConfig config, Switchback switchback) {
        return switch (config.rateLimitStore()) {
            case MEMORY -> new MemoryCounters();
            case DATABASE -> new DatabaseCounters(switchback.database());
            case REDIS ->
                new RedisCounters(
                        config.redisUrl(),
                        switchback
                                .serverKeys()
                                .getOrCreate(RATE_LIMIT_NAMESPACE)
                                .substring(0, 16));
        };
    }

    /** What Javalin copies a response body through (see {@link #javalin}). */
    private static final int RESPONSE_COPY_BYTES = 4 * 1024;

    /**
     * Javalin's gzip (for responses of 1,500 bytes or more, to clients that accept it) for the API's JSON, and
     * never for HTML: the pages carry a CSRF token beside what the request reflects (return_to, scopes), which
     * compression would leak to an attacker who can measure response sizes (BREACH). JSON is allowed by name:
     * Javalin lets a type through at once when it is on the allowed list, and otherwise searches it,
     * case-insensitively, for each excluded type on every response, 7% of the bearer-guarded
     * {@code GET /athlete}'s Java CPU samples.
     */
    private static CompressionStrategy compression() {
        CompressionStrategy gzip = new CompressionStrategy(null, new Gzip());
        List<String> allowed = new ArrayList<>(gzip.getAllowedMimeTypes());
        allowed.addAll(
                List.of("application/json", "application/json;charset=utf-8", "application/json; charset=utf-8"));
        gzip.setAllowedMimeTypes(allowed);
        List<String> excluded = new ArrayList<>(gzip.getExcludedMimeTypes());
        excluded.add("text/html");
        gzip.setExcludedMimeTypes(excluded);
        return gzip;
    }

    /**
     * Jetty pads its thread pool's queue to a cache line, and to size the padding it asks the platform MBean
     * server whether object references are compressed, which started JMX: 45 ms of every start, on the main
     * thread. Its own property answers instead; 16 references fill a 64-byte line even at 4 bytes each, so
     * the padding is never smaller than the probe would choose. A value set by the user stays.
     */
    private static void skipJettysJmxProbe() {
        if (System.getProperty(JETTY_REFERENCES_PER_CACHE_LINE) == null) {
            System.setProperty(JETTY_REFERENCES_PER_CACHE_LINE, "16");
        }
    }

    private static Javalin javalin(
            ServerConfig config,
            Switchback switchback,
            RateLimiter rateLimiter,
            Optional<Emulator> emulator,
            Clock clock,
            Health health,
            ServerMetrics metrics) {
        skipJettysJmxProbe();
        Sessions sessions = new Sessions(switchback.sessions(), config.sessionTtl(), config.secureCookies());
        Pages pages = new Pages(config.productName());
        Guard guard = new Guard(switchback.tokens(), rateLimiter, metrics);
        AuthorizeEndpoint authorize = new AuthorizeEndpoint(
                switchback.authorization(), switchback.apps(), switchback.athletes(), sessions, pages);
        TokenEndpoint token = new TokenEndpoint(switchback.tokens());
        DeauthorizeEndpoint deauthorize = new DeauthorizeEndpoint(switchback.tokens());
        LoginEndpoint login = new LoginEndpoint(switchback.athletes(), sessions, pages);
        MyAppsEndpoint myApps = new MyAppsEndpoint(
                switchback.authorization(), switchback.apps(), switchback.athletes(), sessions, pages);
        DeveloperEndpoint developer = new DeveloperEndpoint(
                switchback.apps(),
                switchback.tokens(),
                switchback.athletes(),
                rateLimiter,
                switchback.subscriptions(),
                switchback.deliveries(),
                sessions,
                pages,
                config.sealingKey().orElseGet(PageSeal::random),
                clock);
        AthleteEndpoint athlete = new AthleteEndpoint(switchback.athletes(), switchback.activities());
        ActivitiesEndpoint activities = new ActivitiesEndpoint(switchback.activities());
        UploadsEndpoint uploads = new UploadsEndpoint(switchback.uploads(), config.uploadMaxFileSize());
        RouteEndpoint route = new RouteEndpoint(switchback.routes());
        SegmentEndpoint segment = new SegmentEndpoint(switchback.segments());
        ClubEndpoint club = new ClubEndpoint(switchback.clubs());
        PushSubscriptionsEndpoint pushSubscriptions = new PushSubscriptionsEndpoint(switchback.subscriptions(), guard);
        AtomicReference<Javalin> created = new AtomicReference<>();
        StandardEndpoints standard = new StandardEndpoints(
                switchback.tokens(),
                switchback.introspection(),
                () -> config.baseUrl(created.get().port()));
        GuardedRoutes guarded = new GuardedRoutes();
        BodyGate gate = new BodyGate(
                new BodyGate.Limits(
                        config.maxRequestSize(),
                        Map.of(Routes.UPLOADS, uploads.maxRequestSize()),
                        config.bodyTimeout(),
                        config.minBodyRate()),
                guarded);
        Javalin app = Javalin.create(javalin -> {
            javalin.startup.showJavalinBanner = false;
            javalin.startup.showOldJavalinVersionWarning = false;
            javalin.http.maxRequestSize = config.maxRequestSize();
            javalin.jetty.multipartConfig.maxTotalRequestSize(config.maxRequestSize(), SizeUnit.BYTES);
            javalin.jetty.addConnector((server, http) -> connector(server, http, config));
            javalin.jetty.modifyServer(server -> {
                server.insertHandler(gate);
                // Graceful stop (contract#graceful-stop): the connectors stop accepting, and the requests in
                // flight get server.stop-timeout to finish before Jetty closes what is left.
                server.insertHandler(new GracefulHandler());
                server.setStopTimeout(config.stopTimeout().toMillis());
                server.setErrorHandler(new JettyFaults());
            });
            javalin.events.handlerAdded(guarded::add);
            // Jetty caches repeated header values per connection, Authorization among them. An API client
            // sends a different bearer token on nearly every request of a keep-alive connection (one per
            // athlete), so the cache filled, was wiped and refilled all the time: 5% of the bearer path's CPU.
            javalin.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheSize(0));
            javalin.http.compressionStrategy = compression();
            // Javalin copies every response body from its result into the response through a buffer of this
            // size, a new one for each request; unset, it is Jetty's output buffer, 32 KiB: 32 of the about 53 KB
            // a bearer request allocated at the peak (a young collection every 330 requests; Dec 2026).
            // 4 KiB holds most answers whole; a larger one goes in 4-KiB writes, which Jetty gathers into its own
            // buffer. It stays above the 1,500 bytes from which a first write is gzipped, so what is compressed
            // does not change (compression()).
            javalin.http.responseBufferSize = RESPONSE_COPY_BYTES;
            javalin.jsonMapper(new JavalinJackson3(new JsonMapper(), false));
            javalin.requestLogger.http((ctx, millis) -> {
                // Read once, for the metrics and the line both.
                String method = AccessLog.method(ctx);
                String template = AccessLog.route(ctx);
                metrics.request(method, template, ctx.statusCode(), millis);
                AccessLog.log(ctx, method, template, millis);
            });
            javalin.routes.before(AccessLog::begin);
            javalin.routes.before(Headers::security);
            javalin.routes.beforeMatched(guard::check);
            emulator.ifPresent(e -> {
                javalin.routes.beforeMatched(e::injectFault);
                javalin.routes.after(e::record);
            });
            javalin.routes.after(Headers::jsonCharset);
            javalin.routes.exception(FaultException.class, FaultMapper::fault);
            javalin.routes.exception(HttpResponseException.class, FaultMapper::httpError);
            javalin.routes.exception(Exception.class, FaultMapper::unexpected);
            Routes.register(
                    javalin.routes,
                    authorize,
                    token,
                    deauthorize,
                    login,
                    myApps,
                    developer,
                    pages,
                    athlete,
                    activities,
                    uploads,
                    route,
                    segment,
                    club,
                    pushSubscriptions,
                    health,
                    standard);
            emulator.ifPresent(e -> Routes.registerEmulator(javalin.routes, new EmulatorEndpoint(e)));
        });
        created.set(app);
        return app;
    }

    /**
     * The one connector, as Javalin would make it, with at most {@code server.max-connections-per-address}
     * connections from one address (contract#connection-limits).
     */
    private static ServerConnector connector(Server server, HttpConfiguration http, ServerConfig config) {
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        if (config.maxConnectionsPerAddress() > 0) {
            connector.addBean(new ConnectionsPerAddress(config.maxConnectionsPerAddress()));
        }
        return connector;
    }

    /** Binds the port, starts the upload workers and webhook delivery, and housekeeping (every {@code housekeeping.interval}; 0 turns it off). */
    public SwitchbackServer start() {
        app.start();
        switchback.uploads().start();
        switchback.dispatcher().start();
        if (config.managementPort().isPresent()) {
            management = Optional.of(ManagementServer.start(
                    config.managementHost(), config.managementPort().get(), metrics, health));
        }
        long interval = config.housekeepingInterval().toMillis();
        if (interval > 0) {
            background.scheduleWithFixedDelay(this::housekeep, interval, interval, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    private void housekeep() {
        try {
            switchback.housekeeping().runOnce();
        } catch (RuntimeException e) {
            LOG.warn("housekeeping failed, will try again: {}", e.getMessage());
        }
    }

    /** The port bound, once started (the configured one, or the one chosen for port 0). */
    public int port() {
        return app.port();
    }

    public String baseUrl() {
        return config.baseUrl(port());
    }

    /** The emulator's state, with {@code emulator=true} (contract#emulator). */
    public Optional<Emulator> emulator() {
        return emulator;
    }

    public Switchback switchback() {
        return switchback;
    }

    public ServerConfig config() {
        return config;
    }

    public Health health() {
        return health;
    }

    /** The management port bound, when {@code management.port} is set and the server started. */
    public Optional<Integer> managementPort() {
        return management.map(ManagementServer::port);
    }

    /**
     * Stops in order (contract#graceful-stop): readiness turns DOWN; the port stops accepting and the requests in
     * flight finish (within {@code server.stop-timeout}); the upload workers finish or hand back their work; the
     * group commit writes every transaction it was given; the database closes.
     */
    @Override
    public void close() {
        health.stopping();
        background.shutdownNow();
        app.stop();
        management.ifPresent(ManagementServer::close);
        counters.close();
        switchback.close();
        metrics.close();
    }
}
