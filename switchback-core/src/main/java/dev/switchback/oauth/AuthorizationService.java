package dev.switchback.oauth;

import dev.switchback.app.App;
import dev.switchback.app.AppId;
import dev.switchback.app.AppStore;
import dev.switchback.app.ClientId;
import dev.switchback.athlete.AthleteId;
import dev.switchback.fault.FaultError;
import dev.switchback.fault.FaultException;
import dev.switchback.request.Params;
import dev.switchback.scope.ScopeSet;
import dev.switchback.store.Database;
import dev.switchback.token.Secret;
import dev.switchback.token.TokenGenerator;
import dev.switchback.webhook.Outbox;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code /oauth/authorize}: validates the request in Strava's order (client, redirect URI, response
 * type, scope; none of it ever redirects), decides whether consent is needed, and issues codes.
 */
public final class AuthorizationService {
    private static final int MAX_STATE = 1024;

    private final AppStore apps;
    private final GrantStore grants;
    private final Database database;
    private final TokenGenerator tokens;
    private final OAuthPolicy policy;
    private final Outbox outbox;
    private final Clock clock;

    public AuthorizationService(
            AppStore apps,
            GrantStore grants,
            Database database,
            TokenGenerator tokens,
            OAuthPolicy policy,
            Outbox outbox,
            Clock clock) {
        this.apps = apps;
        this.grants = grants;
        this.database = database;
        this.tokens = tokens;
        this.policy = policy;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Turns authorize parameters into a request whose redirect URI can be trusted, or throws the 400 fault. */
    public AuthorizeRequest validate(Params params) {
        App app = app(params.get("client_id", "Application"));
        RedirectUri redirectUri = RedirectUri.check(
                params.get("redirect_uri", "Application").orElse(null),
                app.callbackDomain(),
                registeredRedirectUris(app),
                policy);
        if (!params.get("response_type", "Authorize").filter("code"::equals).isPresent()) {
            throw FaultException.invalid("Authorize", "response_type");
        }
        ScopeSet scopes =
                ScopeSet.parseRequested(params.get("scope", "Authorize").orElse(null));
        ApprovalPrompt prompt =
                ApprovalPrompt.parse(params.get("approval_prompt", "Authorize").orElse(null));
        Optional<String> state = params.get("state", "Authorize");
        if (state.isPresent() && state.get().length() > MAX_STATE) {
            throw FaultException.invalid("Authorize", "state");
        }
        return new AuthorizeRequest(app, redirectUri, scopes, state, prompt, codeChallenge(params));
    }

    private App app(Optional<String> clientId) {
        if (clientId.isEmpty() || clientId.get().isEmpty()) {
            throw FaultException.invalid("Application", "client_id");
        }
        if (!clientId.get().matches("-?[0-9]+")) {
            throw FaultException.of(400, "Authorization Error", new FaultError("Application", "internal", "forbidden"));
        }
        return ClientId.parse(clientId.get())
                .flatMap(apps::find)
                .orElseThrow(() -> FaultException.invalid("Application", "client_id"));
    }

    /**
     * The S256 challenge, if any (contract#pkce). An absent challenge is {@code missing} when the policy requires one
     * or a method came without it; a present but wrong one is {@code invalid}. An empty parameter counts as absent
     * (RFC 6749 §3.1).
     */
    /** What the app registered, when the policy matches against it (contract#registered-redirect-uris). */
    private List<String> registeredRedirectUris(App app) {
        if (!policy.redirectExactMatch()) {
            return List.of();
        }
        return database.read(tx -> apps.redirectUris(tx, app.clientId()));
    }

    private Optional<String> codeChallenge(Params params) {
        Optional<String> challenge = params.get("code_challenge", "Authorize").filter(value -> !value.isEmpty());
        Optional<String> method =
                params.get("code_challenge_method", "Authorize").filter(value -> !value.isEmpty());
        if (challenge.isEmpty()) {
            if (policy.pkceRequired() || method.isPresent()) {
                throw FaultException.badRequest("Authorize", "code_challenge", "missing");
            }
            return Optional.empty();
        }
        return Optional.of(Pkce.checkChallenge(challenge.get(), method.orElse(null)));
    }

    /**
     * With {@code approval_prompt=auto}, an athlete whose grant already covers every requested scope
     * is sent straight back with a code for the scopes of that grant; otherwise empty (show consent).
     */
    public Optional<String> approveWithoutConsent(AuthorizeRequest request, AthleteId athleteId) {
        if (request.approvalPrompt() != ApprovalPrompt.AUTO) {
            return Optional.empty();
        }
        return database.read(tx -> grants.grantedScopes(tx, request.app().clientId(), athleteId))
                .filter(granted -> granted.containsAll(request.scopes()))
                .map(granted -> issueCode(request, athleteId, granted));
    }

    /**
     * The athlete approved: their grant for the app now holds exactly the ticked scopes (with
     * {@code read}), a code is issued, and the redirect URL is returned.
     *
     * @throws AthleteCapacityExceededException if the app is full and this athlete is not yet connected
     */
    public String approve(AuthorizeRequest request, AthleteId athleteId, ScopeSet ticked) {
        return issueCode(request, athleteId, ticked.intersect(request.scopes()));
    }

    /** The athlete pressed Cancel: {@code error=access_denied} (+ {@code state} if sent). */
    public String deny(AuthorizeRequest request) {
        StringBuilder query = new StringBuilder();
        request.state()
                .ifPresent(state -> query.append("state=").append(encode(state)).append('&'));
        query.append("error=access_denied");
        return request.redirectUri().withQuery(query.toString());
    }

    private String issueCode(AuthorizeRequest request, AthleteId athleteId, ScopeSet scopes) {
        App app = request.app();
        Secret code = tokens.next();
        Instant now = clock.instant();
        database.write(tx -> {
            GrantId grant = Consent.record(grants, tx, app, athleteId, scopes, now);
            grants.insertCode(
                    tx,
                    new GrantStore.NewCode(
                            code.digest(),
                            grant,
                            app.clientId(),
                            athleteId,
                            scopes,
                            request.codeChallenge(),
                            now,
                            now.plus(OAuthPolicy.CODE_TTL)));
            return grant;
        });
        StringBuilder query = new StringBuilder();
        request.state()
                .ifPresent(state -> query.append("state=").append(encode(state)).append('&'));
        query.append("code=").append(code.value()).append("&scope=").append(encode(scopes.toString()));
        return request.redirectUri().withQuery(query.toString());
    }

    public List<AuthorizedApp> authorizedApps(AthleteId athleteId) {
        return database.read(tx -> grants.authorizedApps(tx, athleteId));
    }

    /** The athlete revoked an app on "My Apps": the same effect as {@code /oauth/deauthorize}. */
    public boolean revoke(AthleteId athleteId, AppId appId) {
        Instant now = clock.instant();
        return database.write(tx -> {
            boolean deleted = grants.deleteGrant(tx, appId, athleteId).isPresent();
            if (deleted) {
                outbox.deauthorized(tx, appId, athleteId, now);
            }
            return deleted;
        });
    }

    /** Query-string encoding that leaves {@code ,} and {@code :} as Strava writes them in {@code scope}. */
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("%2C", ",")
                .replace("%3A", ":");
    }
}
