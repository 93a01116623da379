package dev.switchback.server.pages;

import dev.switchback.app.App;
import dev.switchback.app.AppIcon;
import dev.switchback.app.AppId;
import dev.switchback.app.AppService;
import dev.switchback.app.ClientId;
import dev.switchback.athlete.Athlete;
import dev.switchback.athlete.AthleteId;
import dev.switchback.athlete.AthleteService;
import dev.switchback.oauth.AuthorizationService;
import dev.switchback.oauth.AuthorizedApp;
import dev.switchback.server.http.HttpParams;
import dev.switchback.server.http.Sessions;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/** Strava's Settings &gt; My Apps: the apps an athlete authorized, each with a Revoke button. */
public final class MyAppsEndpoint {
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("MMMM d, yyyy HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final AuthorizationService authorization;
    private final AppService apps;
    private final AthleteService athletes;
    private final Sessions sessions;
    private final Pages pages;

    public MyAppsEndpoint(
            AuthorizationService authorization,
            AppService apps,
            AthleteService athletes,
            Sessions sessions,
            Pages pages) {
        this.authorization = authorization;
        this.apps = apps;
        this.athletes = athletes;
        this.sessions = sessions;
        this.pages = pages;
    }

    public void show(Context ctx) {
        Optional<Athlete> athlete = sessions.athlete(ctx).flatMap(athletes::find);
        if (athlete.isEmpty()) {
            ctx.redirect(LoginEndpoint.loginUrl("/settings/apps"), HttpStatus.FOUND);
            return;
        }
        List<MyAppsView.AppRow> rows = authorization
                .authorizedApps(athlete.get().id())
                .stream()
                .map(MyAppsEndpoint::row)
                .toList();
        String name = athlete.get().firstname() + " " + athlete.get().lastname();
        HttpParams query = HttpParams.query(ctx);
        Optional<Long> confirming = appParam(query, "revoke").map(AppId::value);
        Optional<String> notice = appParam(query, "revoked")
                .map(id -> "Access revoked for " + apps.find(id).map(App::name).orElse("the app")
                        + ". It can no longer use your data.");
        pages.render(ctx, 200, "my_apps.jte", new MyAppsView(name, rows, sessions.csrfToken(ctx), confirming, notice));
    }

    /** A client id in the query ({@code ?revoke=}, {@code ?revoked=}); anything else is ignored. */
    private static Optional<AppId> appParam(HttpParams query, String name) {
        return query.get(name, "Request").flatMap(ClientId::parse);
    }

    /** Revoke: the same effect as {@code /oauth/deauthorize} on every token of the grant. */
    public void revoke(Context ctx) {
        HttpParams form = HttpParams.queryAndBody(ctx);
        Optional<AthleteId> athlete = sessions.athlete(ctx);
        if (athlete.isEmpty()
                || !sessions.csrfValid(ctx, form.get("csrf", "Request").orElse(null))) {
            pages.message(ctx, 403, "Request expired", "This form has expired. Reload My Apps and try again.");
            return;
        }
        Optional<AppId> clientId = ClientId.parse(ctx.pathParam("clientId"));
        if (clientId.isEmpty()) {
            pages.message(ctx, 404, "Not found", "There is no such app.");
            return;
        }
        authorization.revoke(athlete.get(), clientId.get());
        ctx.redirect("/settings/apps?revoked=" + clientId.get().value(), HttpStatus.SEE_OTHER);
    }

    private static MyAppsView.AppRow row(AuthorizedApp app) {
        List<String> labels = app.scopes().asList().stream()
                .map(scope -> scope.label(app.name()))
                .toList();
        return new MyAppsView.AppRow(
                app.clientId().value(),
                app.name(),
                app.website(),
                app.icon().map(AppIcon::dataUrl),
                labels,
                DATE.format(app.authorizedAt()));
    }
}
