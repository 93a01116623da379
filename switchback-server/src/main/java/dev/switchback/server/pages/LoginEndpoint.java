package dev.switchback.server.pages;

import dev.switchback.athlete.AthleteService;
import dev.switchback.athlete.AthleteService.LoginResult;
import dev.switchback.server.http.HttpParams;
import dev.switchback.server.http.Sessions;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The athlete login form, and logout. */
public final class LoginEndpoint {
    private static final String DEFAULT_RETURN = "/settings/apps";
    private static final int MAX_RETURN = 4096;

    private final AthleteService athletes;
    private final Sessions sessions;
    private final Pages pages;

    public LoginEndpoint(AthleteService athletes, Sessions sessions, Pages pages) {
        this.athletes = athletes;
        this.sessions = sessions;
        this.pages = pages;
    }

    /** Where to send a browser that must log in first, to come back to {@code returnTo} afterwards. */
    public static String loginUrl(String returnTo) {
        return "/login?return_to=" + URLEncoder.encode(returnTo, StandardCharsets.UTF_8);
    }

    public void show(Context ctx) {
        String returnTo =
                safeReturn(HttpParams.query(ctx).get("return_to", "Login").orElse(null));
        if (sessions.athlete(ctx).flatMap(athletes::find).isPresent()) {
            ctx.redirect(returnTo, HttpStatus.FOUND);
            return;
        }
        render(ctx, 200, returnTo, "", Optional.empty());
    }

    public void submit(Context ctx) {
        HttpParams form = HttpParams.queryAndBody(ctx);
        String returnTo = safeReturn(form.get("return_to", "Login").orElse(null));
        String username = form.get("username", "Login").orElse("");
        if (!sessions.csrfValid(ctx, form.get("csrf", "Login").orElse(null))) {
            render(ctx, 403, returnTo, username, Optional.of("This form has expired. Please try again."));
            return;
        }
        char[] password = form.get("password", "Login").orElse("").toCharArray();
        LoginResult result = athletes.login(username, password, ctx.ip());
        if (result instanceof LoginResult.Accepted accepted) {
            sessions.logIn(ctx, accepted.athleteId());
            ctx.redirect(returnTo, HttpStatus.SEE_OTHER);
        } else if (result instanceof LoginResult.Throttled throttled) {
            long seconds = Math.max(1, throttled.retryAfter().toSeconds());
            ctx.header("Retry-After", Long.toString(seconds));
            render(
                    ctx,
                    429,
                    returnTo,
                    username,
                    Optional.of("Too many failed attempts. Try again in " + seconds + " seconds."));
        } else {
            render(
                    ctx,
                    401,
                    returnTo,
                    username,
                    Optional.of("The username or password did not match. Please try again."));
        }
    }

    public void logout(Context ctx) {
        HttpParams form = HttpParams.queryAndBody(ctx);
        if (sessions.csrfValid(ctx, form.get("csrf", "Login").orElse(null))) {
            sessions.logOut(ctx);
        }
        ctx.redirect("/login", HttpStatus.SEE_OTHER);
    }

    private void render(Context ctx, int status, String returnTo, String username, Optional<String> error) {
        pages.render(ctx, status, "login.jte", new LoginView(returnTo, sessions.csrfToken(ctx), username, error));
    }

    /** Only a path on this server: never another origin (no open redirect). */
    static String safeReturn(String returnTo) {
        if (returnTo == null
                || returnTo.length() > MAX_RETURN
                || !returnTo.startsWith("/")
                || returnTo.startsWith("//")
                || returnTo.startsWith("/\\")
                || returnTo.chars().anyMatch(c -> c < 0x20)) {
            return DEFAULT_RETURN;
        }
        return returnTo;
    }
}
