package dev.switchback;

import dev.switchback.api.activity.ActivityService;
import dev.switchback.api.activity.ActivityStore;
import dev.switchback.api.club.ClubService;
import dev.switchback.api.club.ClubStore;
import dev.switchback.api.route.RouteService;
import dev.switchback.api.route.RouteStore;
import dev.switchback.api.segment.SegmentService;
import dev.switchback.api.segment.SegmentStore;
import dev.switchback.api.track.TrackParser;
import dev.switchback.api.track.TrackParsers;
import dev.switchback.api.upload.UploadService;
import dev.switchback.api.upload.UploadStore;
import dev.switchback.app.AppCredentials;
import dev.switchback.app.AppService;
import dev.switchback.app.AppStore;
import dev.switchback.athlete.AthleteService;
import dev.switchback.athlete.AthleteStore;
import dev.switchback.athlete.LoginThrottle;
import dev.switchback.athlete.PasswordHasher;
import dev.switchback.athlete.SessionService;
import dev.switchback.athlete.SessionStore;
import dev.switchback.oauth.AuthorizationService;
import dev.switchback.oauth.GrantStore;
import dev.switchback.oauth.IntrospectionService;
import dev.switchback.oauth.OAuthPolicy;
import dev.switchback.oauth.TokenService;
import dev.switchback.resourceserver.ResourceServerService;
import dev.switchback.resourceserver.ResourceServerStore;
import dev.switchback.store.Database;
import dev.switchback.store.DatabaseUrl;
import dev.switchback.store.Housekeeping;
import dev.switchback.store.ServerKeys;
import dev.switchback.store.StatementListener;
import dev.switchback.telemetry.Metrics;
import dev.switchback.telemetry.TokenMetrics;
import dev.switchback.token.TokenGenerator;
import dev.switchback.webhook.CallbackClient;
import dev.switchback.webhook.Deliveries;
import dev.switchback.webhook.Dispatcher;
import dev.switchback.webhook.Outbox;
import dev.switchback.webhook.SubscriptionService;
import dev.switchback.webhook.SubscriptionStore;
import dev.switchback.webhook.WebhookPolicy;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;

/**
 * The composition root of the domain: one database, its stores and the services on top, wired by
 * hand. The HTTP server and the CLI both start from here.
 */
public final class Switchback implements AutoCloseable {
    /** A grant approved but never exchanged for tokens is forgotten after this. */
    private static final Duration UNUSED_GRANT_RETENTION = Duration.ofDays(1);

    private static final Duration LOGIN_FAILURE_RETENTION = Duration.ofDays(1);
    /** Reads uploaded and imported activity files. */
    private static final TrackParser DEFAULT_PARSER = new TrackParsers();

    private final Database database;
    private final AppService apps;
    private final AthleteService athletes;
    private final SessionService sessions;
    private final AuthorizationService authorization;
    private final TokenService tokens;
    private final ServerKeys serverKeys;
    private final Housekeeping housekeeping;
    private final ActivityService activities;
    private final UploadService uploads;
    private final SegmentService segments;
    private final RouteService routes;
    private final ClubService clubs;
    private final SubscriptionService subscriptions;
    private final Deliveries deliveries;
    private final Dispatcher dispatcher;
    private final ResourceServerService resourceServers;
    private final IntrospectionService introspection;

    private Switchback(Database database, Options options, Clock clock, TokenGenerator generator, TrackParser parser) {
        this.database = database;
        AppStore appStore = new AppStore(database);
        AthleteStore athleteStore = new AthleteStore();
        GrantStore grantStore = new GrantStore(database);
        Outbox outbox = new Outbox();
        CallbackClient callbacks =
                new CallbackClient(options.webhooks().allowPrivateCallbacks(), WebhookPolicy.TIMEOUT);
        LoginThrottle throttle = new LoginThrottle(
                database,
                clock,
                options.freeFailuresPerAccount(),
                options.freeFailuresPerAddress(),
                options.maxLoginBlock());
        this.apps = new AppService(database, appStore, athleteStore, generator, clock);
        this.athletes = new AthleteService(database, athleteStore, new PasswordHasher(), throttle, clock);
        this.sessions = new SessionService(database, new SessionStore(), generator, clock);
        this.authorization =
                new AuthorizationService(appStore, grantStore, database, generator, options.oauth(), outbox, clock);
        this.tokens = new TokenService(
                appStore,
                athleteStore,
                grantStore,
                database,
                generator,
                options.oauth(),
                outbox,
                clock,
                new TokenMetrics(options.meters()));
        FunctionCounter.builder("switchback.bearer.cache.hits", grantStore, GrantStore::tokenCheckHits)
                .description("bearer checks answered from the token-check cache (SQLite)")
                .register(options.meters());
        this.resourceServers = new ResourceServerService(database, new ResourceServerStore(), generator, clock);
        this.introspection = new IntrospectionService(tokens, resourceServers);
        this.serverKeys = new ServerKeys(database, generator, clock);
        this.housekeeping = new Housekeeping(
                database,
                clock,
                options.housekeepingBatchSize(),
                options.retiredRefreshRetention(),
                UNUSED_GRANT_RETENTION,
                LOGIN_FAILURE_RETENTION,
                options.webhooks().retention());
        this.activities = new ActivityService(database, new ActivityStore(), outbox, clock);
        this.uploads = new UploadService(database, new UploadStore(), activities, parser, clock);
        uploads.measure(options.meters());
        this.segments = new SegmentService(database, new SegmentStore(), clock);
        this.routes = new RouteService(database, new RouteStore(), athleteStore, segments, clock);
        this.clubs = new ClubService(database, new ClubStore(), clock);
        this.subscriptions = new SubscriptionService(
                database, new SubscriptionStore(), new AppCredentials(appStore), callbacks, generator, clock);
        this.deliveries = new Deliveries(database, outbox, clock);
        this.dispatcher =
                new Dispatcher(database, outbox, callbacks, options.webhooks(), clock, generator, options.meters());
        outbox.onQueued(dispatcher::wake);
    }

    /** Opens (creating or migrating, unless {@code options} say not to) the database and wires the services. */
    public static Switchback open(DatabaseUrl url, int poolSize, Options options, Clock clock) {
        return open(url, poolSize, options, clock, DEFAULT_PARSER);
    }

    /** The same, reading activity files with {@code parser}. */
    public static Switchback open(DatabaseUrl url, int poolSize, Options options, Clock clock, TrackParser parser) {
        Database.Options database = Database.Options.of(poolSize)
                .withMigrate(options.autoMigrate())
                .withGroupCommit(options.groupCommit())
                .withListener(options.statements())
                .withMeters(options.meters());
        return new Switchback(Database.open(url, database), options, clock, new TokenGenerator(), parser);
    }

    public Database database() {
        return database;
    }

    public AppService apps() {
        return apps;
    }

    public AthleteService athletes() {
        return athletes;
    }

    /** Athletes' login sessions (the server's pages log in with them). */
    public SessionService sessions() {
        return sessions;
    }

    public AuthorizationService authorization() {
        return authorization;
    }

    public TokenService tokens() {
        return tokens;
    }

    public ResourceServerService resourceServers() {
        return resourceServers;
    }

    public IntrospectionService introspection() {
        return introspection;
    }

    public ServerKeys serverKeys() {
        return serverKeys;
    }

    public Housekeeping housekeeping() {
        return housekeeping;
    }

    public ActivityService activities() {
        return activities;
    }

    /** Uploads; their workers run once {@link UploadService#start()} is called (the server does, the CLI does not). */
    public UploadService uploads() {
        return uploads;
    }

    public SegmentService segments() {
        return segments;
    }

    public RouteService routes() {
        return routes;
    }

    public ClubService clubs() {
        return clubs;
    }

    /** Push subscriptions (contract#webhooks). */
    public SubscriptionService subscriptions() {
        return subscriptions;
    }

    /** The events sent and their attempts. */
    public Deliveries deliveries() {
        return deliveries;
    }

    /** Delivers the outbox once {@link Dispatcher#start()} is called (the server does, the CLI does not). */
    public Dispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    public void close() {
        dispatcher.close();
        uploads.close();
        database.close();
    }

    /** What the services need beyond the database. */
    public record Options(
            OAuthPolicy oauth,
            int freeFailuresPerAccount,
            int freeFailuresPerAddress,
            Duration maxLoginBlock,
            boolean autoMigrate,
            boolean groupCommit,
            int housekeepingBatchSize,
            Duration retiredRefreshRetention,
            WebhookPolicy webhooks,
            StatementListener statements,
            MeterRegistry meters) {

        public static Options defaults() {
            return new Options(
                    OAuthPolicy.strava(),
                    5,
                    20,
                    Duration.ofMinutes(15),
                    true,
                    true,
                    1000,
                    Duration.ofDays(30),
                    WebhookPolicy.defaults(),
                    StatementListener.NONE,
                    Metrics.none());
        }

        /** The same, telling {@code listener} of every statement run (how the tests count what a grant costs). */
        public Options withStatements(StatementListener listener) {
            return new Options(
                    oauth,
                    freeFailuresPerAccount,
                    freeFailuresPerAddress,
                    maxLoginBlock,
                    autoMigrate,
                    groupCommit,
                    housekeepingBatchSize,
                    retiredRefreshRetention,
                    webhooks,
                    listener,
                    meters);
        }

        /** The same, with every meter registered on {@code registry}. */
        public Options withMeters(MeterRegistry registry) {
            return new Options(
                    oauth,
                    freeFailuresPerAccount,
                    freeFailuresPerAddress,
                    maxLoginBlock,
                    autoMigrate,
                    groupCommit,
                    housekeepingBatchSize,
                    retiredRefreshRetention,
                    webhooks,
                    statements,
                    registry);
        }

        /** The same, delivering webhooks as {@code policy} says. */
        public Options withWebhooks(WebhookPolicy policy) {
            return new Options(
                    oauth,
                    freeFailuresPerAccount,
                    freeFailuresPerAddress,
                    maxLoginBlock,
                    autoMigrate,
                    groupCommit,
                    housekeepingBatchSize,
                    retiredRefreshRetention,
                    policy,
                    statements,
                    meters);
        }
    }
}
