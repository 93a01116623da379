package dev.switchback.bench;

import dev.switchback.Switchback;
import dev.switchback.app.AppId;
import dev.switchback.app.AppService;
import dev.switchback.athlete.AthleteId;
import dev.switchback.athlete.PasswordHasher;
import dev.switchback.oauth.GrantId;
import dev.switchback.oauth.GrantStore;
import dev.switchback.oauth.OAuthPolicy;
import dev.switchback.ratelimit.RateLimits;
import dev.switchback.scope.Scope;
import dev.switchback.scope.ScopeSet;
import dev.switchback.store.DatabaseUrl;
import dev.switchback.token.Secret;
import dev.switchback.token.TokenGenerator;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fills a fresh database for a run through the real stores: athletes (one shared password hash), one app,
 * and per athlete a grant with a live access token, a refresh token and unused codes. Everything minted
 * here is what the server would mint: 40-hex secrets stored as SHA-256 digests.
 */
final class BenchData {
    static final String PASSWORD = "bench password 1";
    private static final int UNLIMITED = 1_000_000_000;

    final long clientId;
    final String clientSecret;
    final List<String> accessTokens = new ArrayList<>();
    final List<String> refreshTokens = new ArrayList<>();
    final List<String> codes = new ArrayList<>();
    final List<String> usernames = new ArrayList<>();

    private BenchData(long clientId, String clientSecret) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    static BenchData create(String databaseUrl, int athletes, int codesPerAthlete) {
        Clock clock = Clock.systemUTC();
        try (Switchback switchback =
                Switchback.open(DatabaseUrl.parse(databaseUrl), 2, Switchback.Options.defaults(), clock)) {
            AppService.CreatedApp app = switchback.apps().create("Bench", "localhost", Optional.empty(), athletes + 10);
            BenchData data =
                    new BenchData(app.app().clientId().value(), app.secret().value());
            // The load is one app's: with Strava's default limits it would be 429s after 100 requests.
            switchback
                    .apps()
                    .setRateLimits(app.app().clientId(), new RateLimits(UNLIMITED, UNLIMITED, UNLIMITED, UNLIMITED));
            GrantStore grants = new GrantStore(switchback.database());
            TokenGenerator generator = new TokenGenerator();
            String hash = new PasswordHasher().hash(PASSWORD.toCharArray());
            ScopeSet scopes = ScopeSet.of(Scope.READ, Scope.PROFILE_READ_ALL, Scope.ACTIVITY_READ);
            Instant now = clock.instant();
            AppId appId = app.app().clientId();
            switchback.database().write(tx -> {
                for (int i = 0; i < athletes; i++) {
                    String username = "bench" + i;
                    AthleteId athleteId = new AthleteId(tx.sql("""
                                    INSERT INTO athletes (username, password_hash, firstname, lastname, created_at, updated_at)
                                    VALUES (:username, :hash, 'Bench', 'Athlete', :now, :now)
                                    RETURNING id""")
                            .bind("username", username)
                            .bind("hash", hash)
                            .bind("now", now)
                            .number());
                    data.usernames.add(username);
                    GrantId grantId = grants.putGrant(tx, appId, athleteId, scopes, now);
                    Secret refresh = generator.next();
                    grants.replaceRefresh(tx, grantId, refresh.digest(), now);
                    data.refreshTokens.add(refresh.value());
                    Secret access = generator.next();
                    grants.putAccessToken(
                            tx,
                            new GrantStore.NewAccessToken(
                                    access.digest(),
                                    grantId,
                                    0,
                                    appId,
                                    athleteId,
                                    scopes,
                                    now,
                                    now.plus(OAuthPolicy.ACCESS_TOKEN_TTL)));
                    data.accessTokens.add(access.value());
                    for (int c = 0; c < codesPerAthlete; c++) {
                        Secret code = generator.next();
                        grants.insertCode(
                                tx,
                                new GrantStore.NewCode(
                                        code.digest(),
                                        grantId,
                                        appId,
                                        athleteId,
                                        scopes,
                                        Optional.empty(),
                                        now,
                                        now.plus(OAuthPolicy.CODE_TTL)));
                        data.codes.add(code.value());
                    }
                }
                return null;
            });
            data.interleaveCodes(athletes, codesPerAthlete);
            return data;
        }
    }

    /**
     * Orders the codes by turn (every athlete's first, then every athlete's second...), so the requests in
     * flight together redeem codes of different grants, as independent clients do. Minted athlete by athlete,
     * the 32 connections redeemed 32 codes of one grant at once, which queued them on its row on PostgreSQL
     * and let one group commit on SQLite share its pages.
     */
    private void interleaveCodes(int athletes, int codesPerAthlete) {
        List<String> minted = new ArrayList<>(codes);
        codes.clear();
        for (int turn = 0; turn < codesPerAthlete; turn++) {
            for (int athlete = 0; athlete < athletes; athlete++) {
                codes.add(minted.get(athlete * codesPerAthlete + turn));
            }
        }
    }
}
