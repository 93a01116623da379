package dev.switchback.server.http;

import dev.switchback.athlete.AthleteId;
import dev.switchback.athlete.SessionService;
import dev.switchback.athlete.SessionStore.Session;
import dev.switchback.token.Secret;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Athlete login sessions in the browser (contract#login, contract#page-security): the cookie holds a session id
 * the server issued, and the server keeps the session ({@link SessionService}), so logging out ends it on the
 * server and no copy of the database can make one up. Cookies are {@code HttpOnly}, {@code SameSite=Lax}, and
 * {@code Secure} on https. A form's CSRF token is derived from the session id (before login, from the id of a
 * pre-login session the server issued): {@code SHA-256("csrf:" + id)}, which the stored digest of the id does
 * not reveal.
 */
public final class Sessions {
    public static final String SESSION_COOKIE = "sb_session";
    public static final String PRE_SESSION_COOKIE = "sb_presession";
    /** How long the login form may stay open: its CSRF token dies with the pre-login session. */
    static final Duration PRE_SESSION_TTL = Duration.ofHours(1);

    private static final String CURRENT = Sessions.class.getName() + ".current";

    private final SessionService sessions;
    private final Duration ttl;
    private final boolean secure;

    public Sessions(SessionService sessions, Duration ttl, boolean secure) {
        this.sessions = sessions;
        this.ttl = ttl;
        this.secure = secure;
    }

    /** The athlete logged in on this request, if its session cookie names a live session of the server's. */
    public Optional<AthleteId> athlete(Context ctx) {
        return current(ctx).logIn().flatMap(Found::athlete);
    }

    /**
     * When the athlete of this request logged in (the password was last checked): a session is made by a login
     * and only by one.
     */
    public Optional<Instant> loggedInAt(Context ctx) {
        return current(ctx).logIn().flatMap(Found::loggedInAt);
    }

    /** Starts a new session for the athlete; the browser's earlier sessions, logged in or not, end. */
    public void logIn(Context ctx, AthleteId athleteId) {
        List<Secret> replaced = new ArrayList<>();
        id(ctx, SESSION_COOKIE).ifPresent(replaced::add);
        id(ctx, PRE_SESSION_COOKIE).ifPresent(replaced::add);
        Secret id = sessions.start(Optional.of(athleteId), ttl, replaced);
        ctx.cookie(cookie(SESSION_COOKIE, id.value(), (int) ttl.toSeconds()));
        ctx.cookie(cookie(PRE_SESSION_COOKIE, "", 0));
        ctx.attribute(
                CURRENT,
                new Current(Optional.of(new Found(id, Optional.of(athleteId), Optional.empty())), Optional.empty()));
    }

    /** Ends the session on the server, and takes its cookie from the browser. */
    public void logOut(Context ctx) {
        id(ctx, SESSION_COOKIE).ifPresent(sessions::end);
        ctx.cookie(cookie(SESSION_COOKIE, "", 0));
        ctx.attribute(CURRENT, new Current(Optional.empty(), current(ctx).preLogin()));
    }

    /**
     * The CSRF token for this browser: bound to its session when logged in, else to its pre-login session,
     * which this call starts (and sets the cookie of) if the browser has none the server issued.
     */
    public String csrfToken(Context ctx) {
        Current current = current(ctx);
        if (current.logIn().isPresent()) {
            return csrf(current.logIn().get().id());
        }
        if (current.preLogin().isPresent()) {
            return csrf(current.preLogin().get().id());
        }
        Secret id = sessions.start(Optional.empty(), PRE_SESSION_TTL, List.of());
        ctx.cookie(cookie(PRE_SESSION_COOKIE, id.value(), -1));
        ctx.attribute(
                CURRENT, new Current(Optional.empty(), Optional.of(new Found(id, Optional.empty(), Optional.empty()))));
        return csrf(id);
    }

    /** Whether a posted form's CSRF token matches this browser's live session (or pre-login session). */
    public boolean csrfValid(Context ctx, String presented) {
        Current current = current(ctx);
        Optional<Found> bound = current.logIn().or(current::preLogin);
        return presented != null
                && bound.isPresent()
                && MessageDigest.isEqual(
                        csrf(bound.get().id()).getBytes(StandardCharsets.US_ASCII),
                        presented.getBytes(StandardCharsets.US_ASCII));
    }

    /** The sessions this request's cookies name, looked up once per request. */
    private Current current(Context ctx) {
        Current current = ctx.attribute(CURRENT);
        if (current == null) {
            current = new Current(
                    find(ctx, SESSION_COOKIE).filter(found -> found.athlete().isPresent()),
                    find(ctx, PRE_SESSION_COOKIE)
                            .filter(found -> found.athlete().isEmpty()));
            ctx.attribute(CURRENT, current);
        }
        return current;
    }

    private Optional<Found> find(Context ctx, String cookie) {
        return id(ctx, cookie)
                .flatMap(id -> sessions.find(id)
                        .map(session -> new Found(id, session.athlete(), Optional.of(session.createdAt()))));
    }

    private static Optional<Secret> id(Context ctx, String cookie) {
        return Secret.parse(ctx.cookie(cookie));
    }

    private static String csrf(Secret id) {
        return Secret.digestOf("csrf:" + id.value()).hex();
    }

    private Cookie cookie(String name, String value, int maxAge) {
        return new Cookie(name, value, "/", maxAge, secure, true, null, SameSite.LAX);
    }

    /** A live session found by a cookie's id ({@link Session}, with the id it was found by). */
    private record Found(Secret id, Optional<AthleteId> athlete, Optional<Instant> loggedInAt) {}

    /** What this request's cookies name: a logged-in session, a pre-login session, or neither. */
    private record Current(Optional<Found> logIn, Optional<Found> preLogin) {}
}
