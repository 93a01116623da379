package dev.switchback.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchback.Switchback;
import dev.switchback.fault.FaultException;
import dev.switchback.server.api.AthleteEndpoint;
import dev.switchback.server.config.ServerConfig;
import dev.switchback.server.http.FaultMapper;
import dev.switchback.server.http.Guard;
import dev.switchback.server.http.Headers;
import dev.switchback.server.http.Sessions;
import dev.switchback.server.oauth.AuthorizeEndpoint;
import dev.switchback.server.oauth.DeauthorizeEndpoint;
import dev.switchback.server.oauth.TokenEndpoint;
import dev.switchback.server.pages.LoginEndpoint;
import dev.switchback.server.pages.MyAppsEndpoint;
import dev.switchback.server.pages.Pages;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.time.Clock;

/** The HTTP server, wired by hand in {@link #create}: one Javalin app over one {@link Switchback}. */
public final class SwitchbackServer implements AutoCloseable {
    private static final String SESSION_KEY = "session-hmac";

    private final ServerConfig config;
    private final Switchback switchback;
    private final Javalin app;

    private SwitchbackServer(ServerConfig config, Switchback switchback, Javalin app) {
        this.config = config;
        this.switchback = switchback;
        this.app = app;
    }

    /** Opens the database (creating or migrating it) and builds the server; {@link #start()} binds the port. */
    public static SwitchbackServer create(ServerConfig config, Clock clock) {
        Switchback switchback = Switchback.open(config.databaseUrl(), config.poolSize(), new Switchback.Options(config.oauth(),
                config.loginFreeFailuresPerAccount(), config.loginFreeFailuresPerAddress(), config.loginMaxBlock()), clock);
        try {
            return new SwitchbackServer(config, switchback, javalin(config, switchback, clock));
        } catch (RuntimeException e) {
            switchback.close();
            throw e;
        }
    }

    private static Javalin javalin(ServerConfig config, Switchback switchback, Clock clock) {
        Sessions sessions = new Sessions(switchback.serverKeys().getOrCreate(SESSION_KEY), clock, config.sessionTtl(),
                config.secureCookies());
        Pages pages = new Pages();
        Guard guard = new Guard(switchback.tokens());
        AuthorizeEndpoint authorize = new AuthorizeEndpoint(switchback.authorization(), switchback.athletes(), sessions, pages);
        TokenEndpoint token = new TokenEndpoint(switchback.tokens());
        DeauthorizeEndpoint deauthorize = new DeauthorizeEndpoint(switchback.tokens());
        LoginEndpoint login = new LoginEndpoint(switchback.athletes(), sessions, pages);
        MyAppsEndpoint myApps = new MyAppsEndpoint(switchback.authorization(), switchback.athletes(), sessions, pages);
        AthleteEndpoint athlete = new AthleteEndpoint(switchback.athletes());
        return Javalin.create(javalin -> {
            javalin.startup.showJavalinBanner = false;
            javalin.startup.showOldJavalinVersionWarning = false;
            javalin.http.maxRequestSize = config.maxRequestSize();
            javalin.jetty.multipartConfig.maxTotalRequestSize(config.maxRequestSize(), SizeUnit.BYTES);
            javalin.jetty.host = config.host();
            javalin.jetty.port = config.port();
            javalin.jsonMapper(new JavalinJackson(new ObjectMapper(), false));
            javalin.routes.before(Headers::security);
            javalin.routes.beforeMatched(guard::check);
            javalin.routes.after(Headers::jsonCharset);
            javalin.routes.exception(FaultException.class, FaultMapper::fault);
            javalin.routes.exception(HttpResponseException.class, FaultMapper::httpError);
            javalin.routes.exception(Exception.class, FaultMapper::unexpected);
            Routes.register(javalin.routes, authorize, token, deauthorize, login, myApps, athlete);
        });
    }

    public SwitchbackServer start() {
        app.start();
        return this;
    }

    /** The port bound, once started (the configured one, or the one chosen for port 0). */
    public int port() {
        return app.port();
    }

    public String baseUrl() {
        return config.baseUrl(port());
    }

    public Switchback switchback() {
        return switchback;
    }

    public ServerConfig config() {
        return config;
    }

    @Override
    public void close() {
        app.stop();
        switchback.close();
    }
}
