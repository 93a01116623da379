package dev.switchback.server.oauth;

import dev.switchback.app.AppIcon;
import dev.switchback.app.AppService;
import dev.switchback.app.AppStore;
import dev.switchback.athlete.Athlete;
import dev.switchback.athlete.AthleteId;
import dev.switchback.athlete.AthleteService;
import dev.switchback.oauth.AthleteCapacityExceededException;
import dev.switchback.oauth.AuthorizationService;
import dev.switchback.oauth.AuthorizeRequest;
import dev.switchback.scope.Scope;
import dev.switchback.scope.ScopeSet;
import dev.switchback.server.http.HttpParams;
import dev.switchback.server.http.Sessions;
import dev.switchback.server.pages.ConsentView;
import dev.switchback.server.pages.LoginEndpoint;
import dev.switchback.server.pages.Pages;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /oauth/authorize} and the consent form it shows. The request is validated before anything
 * else (nothing redirects until the redirect URI is trusted); the consent POST validates it again, since
 * hidden fields come back from the browser.
 */
public final class AuthorizeEndpoint {
    /** The authorize parameters the consent form carries back. */
    private static final List<String> CARRIED = List.of(
            "client_id",
            "redirect_uri",
            "response_type",
            "scope",
            "approval_prompt",
            "state",
            "code_challenge",
            "code_challenge_method");

    private final AuthorizationService authorization;
    private final AppService apps;
    private final AthleteService athletes;
    private final Sessions sessions;
    private final Pages pages;

    public AuthorizeEndpoint(
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

    public void authorize(Context ctx) {
        HttpParams params = HttpParams.query(ctx);
        AuthorizeRequest request = authorization.validate(params);
        Optional<Athlete> athlete = sessions.athlete(ctx).flatMap(athletes::find);
        if (athlete.isEmpty()) {
            ctx.redirect(LoginEndpoint.loginUrl(ctx.path() + "?" + ctx.queryString()), HttpStatus.FOUND);
            return;
        }
        // A HEAD is answered as the consent page: approving without consent would issue a code, and HEAD is safe
        Optional<String> redirect = ctx.method() == HandlerType.HEAD
                ? Optional.empty()
                : authorization.approveWithoutConsent(request, athlete.get().id());
        if (redirect.isPresent()) {
            ctx.redirect(redirect.get(), HttpStatus.FOUND);
            return;
        }
        pages.render(ctx, 200, "consent.jte", consentView(ctx, request, athlete.get(), params));
    }

    public void accept(Context ctx) {
        HttpParams form = HttpParams.queryAndBody(ctx);
        AuthorizeRequest request = authorization.validate(form);
        Optional<AthleteId> athlete =
                sessions.athlete(ctx).filter(id -> athletes.find(id).isPresent());
        if (athlete.isEmpty()) {
            // The session expired while the page was open: log in again and come back to the same request.
            ctx.redirect(LoginEndpoint.loginUrl("/oauth/authorize?" + carriedQuery(form)), HttpStatus.SEE_OTHER);
            return;
        }
        if (!sessions.csrfValid(ctx, form.get("csrf", "Request").orElse(null))) {
            pages.message(ctx, 403, "Request expired", "This form has expired. Go back to the app and start again.");
            return;
        }
        if ("cancel".equals(form.get("decision", "Request").orElse(""))) {
            ctx.redirect(authorization.deny(request), HttpStatus.SEE_OTHER);
            return;
        }
        try {
            ctx.redirect(authorization.approve(request, athlete.get(), ticked(form)), HttpStatus.SEE_OTHER);
        } catch (AthleteCapacityExceededException e) {
            pages.message(
                    ctx,
                    403,
                    "Error 403: Limit of connected athletes exceeded",
                    "This app has exceeded the limit of connected athletes. If you are a developer of this application, "
                            + "please contact " + pages.product()
                            + " developer support for how to request a quota increase.");
        }
    }

    private static ScopeSet ticked(HttpParams form) {
        List<Scope> scopes = new ArrayList<>();
        for (String name : form.all("granted")) {
            Scope.fromWireName(name).ifPresent(scopes::add);
        }
        return ScopeSet.of(scopes);
    }

    private ConsentView consentView(Context ctx, AuthorizeRequest request, Athlete athlete, HttpParams params) {
        String appName = request.app().name();
        List<ConsentView.ScopeChoice> scopes = request.scopes().asList().stream()
                .map(scope -> new ConsentView.ScopeChoice(scope.wireName(), scope.label(appName), scope == Scope.READ))
                .toList();
        List<ConsentView.HiddenField> hidden = new ArrayList<>();
        for (String name : CARRIED) {
            params.get(name, "Authorize").ifPresent(value -> hidden.add(new ConsentView.HiddenField(name, value)));
        }
        Optional<AppStore.Details> details =
                apps.pageRecord(request.app().clientId()).map(AppStore.PageRecord::details);
        Optional<String> owner = request.app()
                .ownerId()
                .flatMap(athletes::find)
                .map(found -> found.firstname() + " " + found.lastname());
        return new ConsentView(
                appName,
                details.flatMap(AppStore.Details::icon).map(AppIcon::dataUrl),
                owner,
                details.map(AppStore.Details::website).orElse(""),
                athlete.firstname() + " " + athlete.lastname(),
                scopes,
                hidden,
                sessions.csrfToken(ctx));
    }

    private static String carriedQuery(HttpParams form) {
        StringBuilder query = new StringBuilder();
        for (String name : CARRIED) {
            form.get(name, "Authorize")
                    .ifPresent(value -> query.append(query.length() == 0 ? "" : "&")
                            .append(name)
                            .append('=')
                            .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)));
        }
        return query.toString();
    }
}
