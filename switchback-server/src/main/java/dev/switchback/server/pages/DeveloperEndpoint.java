package dev.switchback.server.pages;

import dev.switchback.app.App;
import dev.switchback.app.AppIcon;
import dev.switchback.app.AppProfile;
import dev.switchback.app.AppService;
import dev.switchback.app.AppStore;
import dev.switchback.athlete.Athlete;
import dev.switchback.athlete.AthleteService;
import dev.switchback.athlete.AthleteService.LoginResult;
import dev.switchback.fault.FaultException;
import dev.switchback.oauth.IssuedTokens;
import dev.switchback.oauth.TokenService;
import dev.switchback.ratelimit.RateLimiter;
import dev.switchback.ratelimit.RateLimits;
import dev.switchback.ratelimit.Usage;
import dev.switchback.server.http.HttpParams;
import dev.switchback.server.http.Sessions;
import dev.switchback.token.PageSeal;
import dev.switchback.webhook.Deliveries;
import dev.switchback.webhook.Subscription;
import dev.switchback.webhook.SubscriptionService;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Strava's Settings &gt; My API Application at {@code /settings/api} (contract#developer-page): a logged-in athlete
 * creates their one app, sees its credentials, their own tokens, its limits and usage (today's by quarter hour
 * too), its webhook subscription with its latest deliveries, and edits, re-keys or
 * deletes it. Every change goes through {@link AppService} and {@link TokenService}, as the CLI's do; every form
 * carries the CSRF token, and a refused one changes nothing and comes back with the message beside its field.
 */
public final class DeveloperEndpoint {
    /** Show asks for the password again when the login is older than this (contract#developer-page-secrets). */
    public static final Duration RECENT_LOGIN = Duration.ofMinutes(5);

    private static final String PATH = "/settings/api";
    private static final String RESOURCE = "Application";
    private static final List<String> FIELDS = List.of("name", "category", "website", "description", "callback_domain");
    private static final DateTimeFormatter EXPIRY = DateTimeFormatter.ofPattern(
                    "MMMM d, yyyy HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final Map<String, String> NOTICES = Map.of(
            "created", "Your application was created.",
            "updated", "Your application was updated.",
            "secret-reset", "A new client secret was created; the old one no longer works.",
            "deleted", "Your application was deleted, with every token it had been given.");

    private final AppService apps;
    private final TokenService tokens;
    private final AthleteService athletes;
    private final RateLimiter rateLimiter;
    private final SubscriptionService subscriptions;
    private final Deliveries deliveries;
    private final Sessions sessions;
    private final Pages pages;
    private final PageSeal seal;
    private final Clock clock;

    public DeveloperEndpoint(
            AppService apps,
            TokenService tokens,
            AthleteService athletes,
            RateLimiter rateLimiter,
            SubscriptionService subscriptions,
            Deliveries deliveries,
            Sessions sessions,
            Pages pages,
            PageSeal seal,
            Clock clock) {
        this.apps = apps;
        this.tokens = tokens;
        this.athletes = athletes;
        this.rateLimiter = rateLimiter;
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.sessions = sessions;
        this.pages = pages;
        this.seal = seal;
        this.clock = clock;
    }

    /** {@code GET /settings/api}; {@code ?edit}, {@code ?confirm=reset-secret|delete}, {@code ?notice=...}. */
    public void show(Context ctx) {
        Optional<Athlete> athlete = loggedIn(ctx);
        if (athlete.isEmpty()) {
            return;
        }
        HttpParams query = HttpParams.query(ctx);
        Optional<String> notice = query.get("notice", "Request").map(NOTICES::get);
        Optional<App> app = apps.ownedBy(athlete.get().id());
        if (app.isEmpty()) {
            render(ctx, 200, athlete.get(), notice, Optional.empty(), Optional.of(emptyForm()), Optional.empty());
            return;
        }
        if (query.get("edit", "Request").isPresent()) {
            render(
                    ctx,
                    200,
                    athlete.get(),
                    notice,
                    Optional.empty(),
                    Optional.of(editForm(app.get())),
                    Optional.empty());
            return;
        }
        Optional<String> confirming =
                query.get("confirm", "Request").filter(value -> value.equals("reset-secret") || value.equals("delete"));
        renderApp(ctx, 200, athlete.get(), app.get(), notice, hiddenSecret(ctx), confirming);
    }

    /** {@code POST /settings/api}: creates the athlete's app. */
    public void create(Context ctx) {
        Optional<Athlete> athlete = loggedIn(ctx);
        if (athlete.isEmpty()) {
            return;
        }
        Submitted submitted = Submitted.read(ctx);
        if (!sessions.csrfValid(ctx, submitted.csrf())) {
            renderForm(ctx, 403, athlete.get(), false, submitted, Optional.of(expired()));
            return;
        }
        try {
            AppProfile profile = submitted.profile();
            apps.createOwned(athlete.get().id(), profile, submitted.icon(), seal);
            ctx.redirect(PATH + "?notice=created", HttpStatus.SEE_OTHER);
        } catch (AppProfile.InvalidAppException e) {
            refused(ctx, athlete.get(), false, submitted.withErrors(e.errors()));
        }
    }

    /** {@code POST /settings/api/edit}: every field of the athlete's app, validated as on creation. */
    public void update(Context ctx) {
        Optional<Athlete> athlete = loggedIn(ctx);
        if (athlete.isEmpty()) {
            return;
        }
        Submitted submitted = Submitted.read(ctx);
        Optional<App> app = apps.ownedBy(athlete.get().id());
        if (app.isEmpty()) {
            ctx.redirect(PATH, HttpStatus.SEE_OTHER);
            return;
        }
        if (!sessions.csrfValid(ctx, submitted.csrf())) {
            renderForm(ctx, 403, athlete.get(), true, submitted, Optional.of(expired()));
            return;
        }
        try {
            apps.updateProfile(app.get().clientId(), submitted.profile(), submitted.icon());
            ctx.redirect(PATH + "?notice=updated", HttpStatus.SEE_OTHER);
        } catch (AppProfile.InvalidAppException e) {
            refused(ctx, athlete.get(), true, submitted.withErrors(e.errors()));
        }
    }

    /** {@code POST /settings/api/secret}: shows the client secret, after the password when the login is old. */
    public void showSecret(Context ctx) {
        Optional<Athlete> athlete = loggedIn(ctx);
        if (athlete.isEmpty()) {
            return;
        }
        HttpParams form = HttpParams.queryAndBody(ctx);
        Optional<App> app = apps.ownedBy(athlete.get().id());
        if (app.isEmpty()) {
            ctx.redirect(PATH, HttpStatus.SEE_OTHER);
            return;
        }
        if (!sessions.csrfValid(ctx, form.get("csrf", "Request").orElse(null))) {
            renderApp(ctx, 403, athlete.get(), app.get(), Optional.empty(), hiddenSecret(ctx), Optional.empty());
            return;
        }
        if (!loggedInRecently(ctx)) {
            Optional<String> refused = reauthenticate(ctx, athlete.get(), form);
            if (refused.isPresent()) {
                DeveloperView.Secret secret = new DeveloperView.Secret(Optional.empty(), false, true, refused);
                renderApp(ctx, 401, athlete.get(), app.get(), Optional.empty(), secret, Optional.empty());
                return;
            }
        }
        Optional<String> value = apps.pageRecord(app.get().clientId())
                .flatMap(AppStore.PageRecord::sealedSecret)
                .flatMap(seal::open);
        DeveloperView.Secret secret = new DeveloperView.Secret(value, value.isEmpty(), false, Optional.empty());
        renderApp(ctx, 200, athlete.get(), app.get(), Optional.empty(), secret, Optional.empty());
    }

    /** {@code POST /settings/api/secret/reset}: a new secret; the old one is refused from the next request. */
    public void resetSecret(Context ctx) {
        changeConfirmed(ctx, app -> {
            apps.rotateSecret(app.clientId(), Optional.of(seal));
            return "secret-reset";
        });
    }

    /** {@code POST /settings/api/delete}: the app goes, with every grant and token it was given. */
    public void delete(Context ctx) {
        changeConfirmed(ctx, app -> {
            apps.delete(app.clientId());
            return "deleted";
        });
    }

    private void changeConfirmed(Context ctx, java.util.function.Function<App, String> change) {
        Optional<Athlete> athlete = loggedIn(ctx);
        if (athlete.isEmpty()) {
            return;
        }
        HttpParams form = HttpParams.queryAndBody(ctx);
        Optional<App> app = apps.ownedBy(athlete.get().id());
        if (app.isEmpty()) {
            ctx.redirect(PATH, HttpStatus.SEE_OTHER);
            return;
        }
        if (!sessions.csrfValid(ctx, form.get("csrf", "Request").orElse(null))) {
            render(
                    ctx,
                    403,
                    athlete.get(),
                    Optional.empty(),
                    Optional.of(expired()),
                    Optional.empty(),
                    Optional.of(panel(ctx, app.get(), hiddenSecret(ctx))));
            return;
        }
        String notice = change.apply(app.get());
        ctx.redirect(PATH + "?notice=" + notice, HttpStatus.SEE_OTHER);
    }

    // --- who is asking ------------------------------------------------------------------------

    /** The logged-in athlete; otherwise the browser is sent to log in (a GET) or told the form expired. */
    private Optional<Athlete> loggedIn(Context ctx) {
        Optional<Athlete> athlete = sessions.athlete(ctx).flatMap(athletes::find);
        if (athlete.isEmpty()) {
            if (ctx.method().name().equals("GET")) {
                ctx.redirect(LoginEndpoint.loginUrl(PATH), HttpStatus.FOUND);
            } else {
                pages.message(ctx, 403, "Request expired", "This form has expired. Log in and try again.");
            }
        }
        return athlete;
    }

    private boolean loggedInRecently(Context ctx) {
        return sessions.loggedInAt(ctx)
                .filter(at -> !at.plus(RECENT_LOGIN).isBefore(clock.instant()))
                .isPresent();
    }

    /** Checks the password as the login form does (throttled the same); empty when it matched. */
    private Optional<String> reauthenticate(Context ctx, Athlete athlete, HttpParams form) {
        String password = form.get("password", "Request").orElse("");
        if (password.isEmpty()) {
            return Optional.of("Enter your password to show the secret.");
        }
        LoginResult result = athletes.login(athlete.username(), password.toCharArray(), ctx.ip());
        if (result instanceof LoginResult.Accepted accepted
                && accepted.athleteId().equals(athlete.id())) {
            sessions.logIn(ctx, athlete.id());
            return Optional.empty();
        }
        if (result instanceof LoginResult.Throttled throttled) {
            long seconds = Math.max(1, throttled.retryAfter().toSeconds());
            return Optional.of("Too many failed attempts. Try again in " + seconds + " seconds.");
        }
        return Optional.of("The password did not match. Please try again.");
    }

    // --- rendering ----------------------------------------------------------------------------

    private void refused(Context ctx, Athlete athlete, boolean editing, Submitted submitted) {
        Optional<String> formError = Optional.ofNullable(submitted.errors().get("form"));
        renderForm(ctx, formError.isPresent() ? 409 : 400, athlete, editing, submitted, formError);
    }

    private void renderForm(
            Context ctx, int status, Athlete athlete, boolean editing, Submitted submitted, Optional<String> error) {
        Optional<String> iconUrl = editing
                ? apps.ownedBy(athlete.id())
                        .flatMap(app -> apps.pageRecord(app.clientId()))
                        .flatMap(record -> record.details().icon())
                        .map(AppIcon::dataUrl)
                : Optional.empty();
        DeveloperView.AppForm form = new DeveloperView.AppForm(
                editing, submitted.values(), submitted.errors(), AppProfile.CATEGORIES, iconUrl);
        render(ctx, status, athlete, Optional.empty(), error, Optional.of(form), Optional.empty());
    }

    private void renderApp(
            Context ctx,
            int status,
            Athlete athlete,
            App app,
            Optional<String> notice,
            DeveloperView.Secret secret,
            Optional<String> confirming) {
        DeveloperView view = new DeveloperView(
                name(athlete),
                sessions.csrfToken(ctx),
                notice,
                Optional.empty(),
                Optional.empty(),
                Optional.of(panel(ctx, app, secret)),
                confirming);
        pages.render(ctx, status, "developer.jte", view);
    }

    private void render(
            Context ctx,
            int status,
            Athlete athlete,
            Optional<String> notice,
            Optional<String> error,
            Optional<DeveloperView.AppForm> form,
            Optional<DeveloperView.AppPanel> panel) {
        DeveloperView view =
                new DeveloperView(name(athlete), sessions.csrfToken(ctx), notice, error, form, panel, Optional.empty());
        pages.render(ctx, status, "developer.jte", view);
    }

    private DeveloperView.Secret hiddenSecret(Context ctx) {
        return new DeveloperView.Secret(Optional.empty(), false, !loggedInRecently(ctx), Optional.empty());
    }

    private DeveloperView.AppPanel panel(Context ctx, App app, DeveloperView.Secret secret) {
        AppStore.Details details = apps.pageRecord(app.clientId())
                .map(AppStore.PageRecord::details)
                .orElse(new AppStore.Details("", "", "", Optional.empty()));
        IssuedTokens owned = tokens.ownerTokens(app, seal);
        String curl = "curl -G " + ctx.scheme() + "://" + ctx.host() + "/api/v3/athlete -H \"Authorization: Bearer "
                + owned.accessToken().value() + "\"";
        DeveloperView.OwnerTokens ownerTokens = new DeveloperView.OwnerTokens(
                owned.accessToken().value(),
                owned.refreshToken().value(),
                "read",
                EXPIRY.format(owned.expiresAt()),
                curl);
        return new DeveloperView.AppPanel(
                app.clientId().value(),
                app.name(),
                details.category(),
                details.website(),
                details.description(),
                details.icon().map(AppIcon::dataUrl),
                secret,
                ownerTokens,
                limits(app),
                UsageChart.of(rateLimiter.today(app.clientId())),
                webhook(app),
                app.athleteCapacity(),
                tokens.connectedAthletes(app.clientId()));
    }

    private List<DeveloperView.LimitRow> limits(App app) {
        RateLimits limits = app.rateLimits();
        Usage usage = rateLimiter.usage(app.clientId());
        return List.of(
                new DeveloperView.LimitRow(
                        "Overall",
                        limits.overall15Min(),
                        usage.overall15Min(),
                        limits.overallDaily(),
                        usage.overallDaily()),
                new DeveloperView.LimitRow(
                        "Read", limits.read15Min(), usage.read15Min(), limits.readDaily(), usage.readDaily()));
    }

    /** The app's subscription and its latest events; none are read when it has no subscription. */
    private WebhookPanel webhook(App app) {
        Optional<Subscription> subscription = subscriptions.list(app).stream().findFirst();
        List<Deliveries.Delivery> latest = subscription.isEmpty()
                ? List.of()
                : deliveries.latest(Optional.of(app.clientId()), WebhookPanel.RECENT);
        return WebhookPanel.of(subscription, latest);
    }

    private static DeveloperView.AppForm emptyForm() {
        return new DeveloperView.AppForm(false, Map.of(), Map.of(), AppProfile.CATEGORIES, Optional.empty());
    }

    private DeveloperView.AppForm editForm(App app) {
        AppStore.Details details = apps.pageRecord(app.clientId())
                .map(AppStore.PageRecord::details)
                .orElse(new AppStore.Details("", "", "", Optional.empty()));
        Map<String, String> values = new LinkedHashMap<>();
        values.put("name", app.name());
        values.put("category", details.category());
        values.put("website", details.website());
        values.put("description", details.description());
        values.put("callback_domain", app.callbackDomain().host());
        return new DeveloperView.AppForm(
                true, values, Map.of(), AppProfile.CATEGORIES, details.icon().map(AppIcon::dataUrl));
    }

    private static String name(Athlete athlete) {
        return athlete.firstname() + " " + athlete.lastname();
    }

    private static String expired() {
        return "This form has expired. Please try again.";
    }

    /**
     * A create or edit form as posted: its values (a value that cannot be read, too long or repeated, is refused
     * beside its field), its CSRF token and its icon, if one was chosen.
     */
    private record Submitted(
            String csrf, Map<String, String> values, Map<String, String> errors, Optional<AppIcon> icon) {
        static Submitted read(Context ctx) {
            HttpParams form = HttpParams.queryAndBody(ctx);
            Map<String, String> values = new LinkedHashMap<>();
            Map<String, String> errors = new LinkedHashMap<>();
            for (String field : FIELDS) {
                try {
                    values.put(field, form.get(field, RESOURCE).orElse(""));
                } catch (FaultException e) {
                    values.put(field, "");
                    errors.put(field, "This value is too long or was sent more than once.");
                }
            }
            String csrf;
            try {
                csrf = form.get("csrf", "Request").orElse(null);
            } catch (FaultException e) {
                csrf = null;
            }
            Optional<AppIcon> icon = Optional.empty();
            try {
                icon = icon(ctx);
            } catch (IllegalArgumentException e) {
                errors.put("icon", sentence(e.getMessage()));
            }
            return new Submitted(csrf, values, errors, icon);
        }

        /** The profile, or every refused field: those of the form's reading and those of the rules. */
        AppProfile profile() {
            try {
                AppProfile profile = AppProfile.parse(
                        values.get("name"),
                        values.get("category"),
                        values.get("website"),
                        values.get("description"),
                        values.get("callback_domain"));
                if (!errors.isEmpty()) {
                    throw new AppProfile.InvalidAppException(errors);
                }
                return profile;
            } catch (AppProfile.InvalidAppException e) {
                Map<String, String> all = new LinkedHashMap<>(e.errors());
                errors.forEach(all::put);
                throw new AppProfile.InvalidAppException(all);
            }
        }

        Submitted withErrors(Map<String, String> refused) {
            return new Submitted(csrf, values, refused, icon);
        }

        private static Optional<AppIcon> icon(Context ctx) {
            if (!Optional.ofNullable(ctx.contentType())
                    .orElse("")
                    .toLowerCase(Locale.ROOT)
                    .startsWith("multipart/")) {
                return Optional.empty();
            }
            UploadedFile part = ctx.uploadedFile("icon");
            if (part == null
                    || (part.size() == 0
                            && Optional.ofNullable(part.filename()).orElse("").isEmpty())) {
                return Optional.empty();
            }
            try (InputStream content = part.content()) {
                // the part is within the request's size limit, or the container refused the body
                return Optional.of(AppIcon.of(content.readAllBytes()));
            } catch (IOException e) {
                throw new IllegalArgumentException("icon could not be read");
            }
        }

        private static String sentence(String message) {
            return Character.toUpperCase(message.charAt(0)) + message.substring(1) + ".";
        }
    }
}
