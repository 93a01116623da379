package dev.switchback.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchback.Switchback;
import dev.switchback.app.App;
import dev.switchback.app.AppId;
import dev.switchback.app.AppProfile;
import dev.switchback.app.AppService;
import dev.switchback.app.AppStore;
import dev.switchback.athlete.Athlete;
import dev.switchback.athlete.NewAthlete;
import dev.switchback.ratelimit.RateLimits;
import dev.switchback.scope.Scope;
import dev.switchback.scope.ScopeSet;
import dev.switchback.store.Database;
import dev.switchback.store.DatabaseUrl;
import dev.switchback.store.StatementListener;
import dev.switchback.store.testing.TestDatabase;
import dev.switchback.testing.StoreTest;
import dev.switchback.time.MutableClock;
import dev.switchback.token.PageSeal;
import dev.switchback.token.Secret;
import dev.switchback.token.TokenDigest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The caches of the bearer check and of the app are never behind the database, whatever write the services
 * make: every write path that touches grants, tokens or apps runs in turn (the browser flow's consent, code
 * exchange, refresh, the retry window, replays, deauthorize, My Apps, app changes, housekeeping), and after
 * each, every cached answer is compared with what a second, uncached reader of the same file sees.
 * A store that forgot to say which grant it changed, or said the wrong one, fails here.
 */
@StoreTest
class TokenCacheCoherenceTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final ScopeSet WIDE =
            ScopeSet.of(Scope.READ, Scope.ACTIVITY_READ, Scope.ACTIVITY_READ_ALL, Scope.PROFILE_READ_ALL);
    private static final String VERIFIER = "a-code-verifier-of-at-least-forty-three-characters-long";

    private final MutableClock clock = new MutableClock(NOW);
    private final Map<String, TokenDigest> accessTokens = new LinkedHashMap<>();
    private final List<AppId> apps = new ArrayList<>();
    private TestDatabase testDatabase;
    private Switchback switchback;
    private Database truth;
    private GrantStore truthGrants;
    private AppStore truthApps;
    private GrantStore cachedGrants;

    private void open(OAuthPolicy policy) {
        testDatabase = TestDatabase.sqlite();
        Switchback.Options defaults = Switchback.Options.defaults();
        Switchback.Options options = new Switchback.Options(
                policy,
                defaults.freeFailuresPerAccount(),
                defaults.freeFailuresPerAddress(),
                defaults.maxLoginBlock(),
                true,
                true,
                defaults.housekeepingBatchSize(),
                defaults.retiredRefreshRetention(),
                defaults.webhooks(),
                StatementListener.NONE,
                defaults.meters());
        switchback = Switchback.open(DatabaseUrl.parse(testDatabase.url()), 4, options, clock);
        cachedGrants = new GrantStore(switchback.database());
        truth = Database.open(
                DatabaseUrl.parse(testDatabase.url()), Database.Options.of(1).withGroupCommit(false));
        truthGrants = new GrantStore(truth);
        truthApps = new AppStore(truth);
    }

    @AfterEach
    void close() {
        if (truth != null) {
            truth.close();
        }
        if (switchback != null) {
            switchback.close();
        }
        if (testDatabase != null) {
            testDatabase.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"strava with a retry window", "hardened without a retry window"})
    void afterEveryWrite_everyCachedTokenCheckAndApp_equalsTheDatabase(String profile) {
        OAuthPolicy policy = profile.startsWith("hardened")
                ? OAuthPolicy.hardened().withRefreshRetryWindow(Duration.ZERO)
                : OAuthPolicy.strava().withRefreshRetryWindow(Duration.ofSeconds(30));
        open(policy);
        AppService.CreatedApp main = switchback.apps().create("Main", "example.com", Optional.empty(), 100);
        AppService.CreatedApp other = switchback.apps().create("Other", "example.org", Optional.empty(), 100);
        apps.add(main.app().clientId());
        apps.add(other.app().clientId());
        Map<String, Athlete> athletes = new LinkedHashMap<>();
        for (String name : List.of("ana", "ben", "cy", "dee", "eve")) {
            athletes.put(
                    name,
                    switchback.athletes().create(new NewAthlete(name, "A", "B", "a-long-password".toCharArray())));
        }
        Map<String, IssuedTokens> tokens = new LinkedHashMap<>();
        Map<String, String> codes = new LinkedHashMap<>();
        for (String name : athletes.keySet()) {
            AuthorizeRequest request = authorizeRequest(main.app(), WIDE);
            codes.put(
                    name,
                    code(switchback
                            .authorization()
                            .approve(request, athletes.get(name).id(), WIDE)));
            tokens.put(name, exchange(main, codes.get(name)));
            remember(name + ":first", tokens.get(name));
        }
        tokens.put(
                "eve@other",
                exchange(
                        other,
                        code(switchback
                                .authorization()
                                .approve(
                                        authorizeRequest(other.app(), WIDE),
                                        athletes.get("eve").id(),
                                        WIDE))));
        remember("eve@other", tokens.get("eve@other"));

        step(
                "a refresh",
                () -> remember("ana:refreshed", refresh(main, tokens.get("ana").refreshToken())));
        step(
                "a refresh with the superseded token (retry window, or a replay that revokes the grant)",
                () -> catchThrowable(() ->
                        remember("ana:retried", refresh(main, tokens.get("ana").refreshToken()))));
        step(
                "a code used twice (hardened revokes what it issued)",
                () -> catchThrowable(() -> exchange(main, codes.get("ben"))));
        step(
                "a new consent with fewer scopes",
                () -> switchback
                        .authorization()
                        .approve(
                                authorizeRequest(main.app(), ScopeSet.READ_ONLY),
                                athletes.get("cy").id(),
                                ScopeSet.READ_ONLY));
        step(
                "a deauthorization",
                () -> switchback
                        .tokens()
                        .deauthorize(switchback
                                .tokens()
                                .authenticate(Optional.of(
                                        tokens.get("dee").accessToken().value()))));
        step(
                "a revocation on My Apps",
                () -> switchback
                        .authorization()
                        .revoke(athletes.get("eve").id(), main.app().clientId()));
        step(
                "registered redirect URIs",
                () -> switchback.apps().setRedirectUris(main.app().clientId(), List.of("https://example.com/cb")));
        step(
                "new rate limits",
                () -> switchback.apps().setRateLimits(main.app().clientId(), new RateLimits(7, 70, 5, 50)));
        step("a rotated secret", () -> switchback.apps().rotateSecret(main.app().clientId()));
        PageSeal seal = PageSeal.random();
        List<App> owned = new ArrayList<>();
        step("an app created on the developer page", () -> {
            owned.add(switchback
                    .apps()
                    .createOwned(
                            athletes.get("ben").id(),
                            AppProfile.parse("Page", "Other", "https://page.example", "", "example.net"),
                            Optional.empty(),
                            seal)
                    .app());
            apps.add(owned.get(0).clientId());
        });
        step(
                "the owner's tokens minted by the developer page",
                () -> remember("ben:page", switchback.tokens().ownerTokens(owned.get(0), seal)));
        step(
                "the developer page's edit",
                () -> switchback
                        .apps()
                        .updateProfile(
                                owned.get(0).clientId(),
                                AppProfile.parse("Page 2", "Training", "https://page.example", "", "example.net"),
                                Optional.empty()));
        step(
                "a secret reset on the developer page",
                () -> switchback.apps().rotateSecret(owned.get(0).clientId(), Optional.of(seal)));
        step("the owner's tokens minted again after they expired", () -> {
            clock.advance(OAuthPolicy.ACCESS_TOKEN_TTL);
            remember("ben:page-again", switchback.tokens().ownerTokens(owned.get(0), seal));
        });
        step("housekeeping after the tokens expired", () -> {
            clock.advance(OAuthPolicy.ACCESS_TOKEN_TTL.plusMinutes(1));
            switchback.housekeeping().runOnce();
        });
        step("an app deleted", () -> switchback.apps().delete(other.app().clientId()));
    }

    /** Fills the caches, runs the write, then compares every cached answer with the database's. */
    private void step(String write, Runnable run) {
        accessTokens.values().forEach(cachedGrants::findAccessToken);
        apps.forEach(switchback.apps()::find);

        run.run();

        accessTokens.forEach((name, digest) -> assertThat(cachedGrants.findAccessToken(digest))
                .as("the check of %s's token after %s", name, write)
                .isEqualTo(truthGrants.findAccessToken(digest)));
        for (AppId app : apps) {
            Optional<App> cached = switchback.apps().find(app);
            assertThat(cached).as("app %s after %s", app, write).isEqualTo(truth.read(tx -> truthApps.find(tx, app)));
        }
    }

    private void remember(String name, IssuedTokens issued) {
        accessTokens.put(name, issued.accessToken().digest());
    }

    private AuthorizeRequest authorizeRequest(App app, ScopeSet scopes) {
        return new AuthorizeRequest(
                app,
                RedirectUri.check("http://localhost/cb", app.callbackDomain(), List.of(), OAuthPolicy.strava()),
                scopes,
                Optional.empty(),
                ApprovalPrompt.FORCE,
                Optional.of(Pkce.s256(VERIFIER)));
    }

    private static String code(String redirect) {
        String query = URI.create(redirect).getQuery();
        return query.replaceAll(".*code=([0-9a-f]{40}).*", "$1");
    }

    private IssuedTokens exchange(AppService.CreatedApp app, String code) {
        return switchback
                .tokens()
                .exchange(new TokenRequest.AuthorizationCodeGrant(
                        app.app().clientId().toString(),
                        Optional.of(app.secret().value()),
                        Optional.of(code),
                        Optional.of(VERIFIER)));
    }

    private IssuedTokens refresh(AppService.CreatedApp app, Secret refresh) {
        return switchback
                .tokens()
                .exchange(new TokenRequest.RefreshTokenGrant(
                        app.app().clientId().toString(),
                        Optional.of(app.secret().value()),
                        Optional.of(refresh.value())));
    }
}
