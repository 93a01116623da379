package dev.switchback.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.Switchback;
import dev.switchback.app.AppService;
import dev.switchback.athlete.AthleteId;
import dev.switchback.fault.FaultException;
import dev.switchback.scope.ScopeSet;
import dev.switchback.store.DatabaseUrl;
import dev.switchback.store.testing.AnotherProcess;
import dev.switchback.store.testing.TestDatabase;
import dev.switchback.testing.UnitTest;
import dev.switchback.time.MutableClock;
import dev.switchback.token.Secret;
import dev.switchback.token.TokenGenerator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The caches of the bearer check and of the app behind every token request, on SQLite: they save the read
 * while nothing committed could change the answer, and are never behind the database, whoever wrote it
 * (contract#token-check-cache: revocation is visible at once; a rotated secret stops working at once).
 */
@UnitTest
class TokenCheckCacheTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final String TOKEN_READ = "SELECT t.grant_id";
    private static final String APP_READ = "FROM apps WHERE id = ?";

    private final MutableClock clock = new MutableClock(NOW);
    private final AtomicInteger tokenReads = new AtomicInteger();
    private final AtomicInteger appReads = new AtomicInteger();
    private TestDatabase testDatabase;
    private Switchback switchback;
    private AppService.CreatedApp app;
    private GrantStore grants;

    @BeforeEach
    void open() {
        testDatabase = TestDatabase.sqlite();
        switchback = Switchback.open(
                DatabaseUrl.parse(testDatabase.url()),
                4,
                Switchback.Options.defaults().withStatements(sql -> {
                    if (sql.strip().startsWith(TOKEN_READ)) {
                        tokenReads.incrementAndGet();
                    }
                    if (sql.contains(APP_READ)) {
                        appReads.incrementAndGet();
                    }
                }),
                clock);
        app = switchback.apps().create("Cached", "example.com", Optional.empty(), 100);
        grants = new GrantStore(switchback.database());
    }

    @AfterEach
    void close() {
        switchback.close();
        testDatabase.close();
    }

    @Test
    void aSecondCheckOfTheSameToken_readsNothing_whileNothingWasCommitted() {
        Minted token = mint("a");

        authenticate(token.access());
        authenticate(token.access());
        authenticate(token.access());

        assertThat(tokenReads).hasValue(1);
    }

    @Test
    void aDeauthorizedToken_isRefusedAtOnce_thoughItsCheckWasCached() {
        Minted token = mint("a");
        AccessGrant grant = authenticate(token.access());

        switchback.tokens().deauthorize(grant);

        assertThatThrownBy(() -> authenticate(token.access()))
                .isInstanceOf(FaultException.class)
                .hasMessageContaining("Authorization Error");
    }

    @Test
    void aTokenDeletedByAnotherProcess_isRefusedAtOnce() {
        Minted token = mint("a");
        authenticate(token.access());

        int deleted = AnotherProcess.execute(
                Path.of(testDatabase.url()), "DELETE FROM access_tokens WHERE grant_id = " + token.grantId());

        assertThat(deleted).isEqualTo(1);
        assertThatThrownBy(() -> authenticate(token.access())).isInstanceOf(FaultException.class);
    }

    @Test
    void anAppsNewLimitsSetByAnotherProcess_reachTheNextCheck() {
        Minted token = mint("a");
        authenticate(token.access());

        AnotherProcess.execute(
                Path.of(testDatabase.url()),
                "UPDATE apps SET read_limit_15min = 7 WHERE id = " + app.app().clientId());

        assertThat(authenticate(token.access()).appLimits().read15Min()).isEqualTo(7);
    }

    @Test
    void aTokenWhoseSlotARefreshReused_isRefusedAtOnce() {
        Minted token = mint("a");
        Secret refresh = token.refresh();
        int slots = OAuthPolicy.strava().accessTokenSlots();
        for (int i = 1; i < slots; i++) {
            refresh = refresh(refresh).refreshToken();
            assertThat(authenticate(token.access()).grantId())
                    .as("still in its slot after %d refreshes", i)
                    .isEqualTo(token.grantId());
        }

        refresh(refresh);

        assertThatThrownBy(() -> authenticate(token.access())).isInstanceOf(FaultException.class);
    }

    @Test
    void aRefreshOfAnotherGrant_leavesThisTokensCachedCheckInPlace() {
        Minted mine = mint("a");
        Minted theirs = mint("b");
        authenticate(mine.access());
        tokenReads.set(0);

        refresh(theirs.refresh());
        authenticate(mine.access());

        assertThat(tokenReads)
                .as("reads of the token after another grant's refresh")
                .hasValue(0);
    }

    @Test
    void aWriteToApps_emptiesTheCache() {
        Minted token = mint("a");
        authenticate(token.access());
        tokenReads.set(0);

        switchback.apps().create("Another", "example.org", Optional.empty(), 10);
        authenticate(token.access());

        assertThat(tokenReads).hasValue(1);
    }

    @Test
    void aWriteThatChangesRowsToTheirOwnValues_leavesTheCacheWorking() {
        Minted token = mint("a");
        String sameName = "UPDATE athletes SET firstname = firstname WHERE username = 'a'";

        for (int i = 0; i < 3; i++) {
            int changed = switchback.database().write(tx -> tx.sql(sameName).update());
            assertThat(changed).as("rows SQLite counts as changed").isEqualTo(1);
        }
        authenticate(token.access());
        tokenReads.set(0);
        authenticate(token.access());

        assertThat(tokenReads).as("reads of a token checked a moment ago").hasValue(0);
    }

    @Test
    void aWriteToATableNoCacheHolds_leavesTheCachedChecksInPlace() {
        Minted token = mint("a");
        authenticate(token.access());
        tokenReads.set(0);

        switchback.athletes().login("nobody", "wrong".toCharArray(), "203.0.113.9");
        authenticate(token.access());

        assertThat(tokenReads)
                .as("reads of the token after a login failure was recorded")
                .hasValue(0);
    }

    @Test
    void aWriteToAccessTokensThatNamesNoGrant_emptiesTheCache() {
        Minted token = mint("a");
        authenticate(token.access());

        switchback
                .database()
                .write(tx -> tx.sql("DELETE FROM access_tokens WHERE digest = :digest")
                        .bind("digest", token.access().digest().hex())
                        .update());

        assertThatThrownBy(() -> authenticate(token.access())).isInstanceOf(FaultException.class);
    }

    @Test
    void aWriteToGrantsThatNamesNoGrant_emptiesTheCache() {
        Minted token = mint("a");
        authenticate(token.access());

        switchback
                .database()
                .write(tx -> tx.sql("DELETE FROM grants WHERE app_id = :app")
                        .bind("app", app.app().clientId())
                        .update());

        assertThatThrownBy(() -> authenticate(token.access())).isInstanceOf(FaultException.class);
    }

    @Test
    void aWriteThatNamesAnotherGrant_evictsThatGrantOnly() {
        Minted mine = mint("a");
        Minted theirs = mint("b");
        authenticate(mine.access());
        authenticate(theirs.access());
        tokenReads.set(0);

        switchback
                .database()
                .write(tx -> tx.sql("DELETE FROM access_tokens WHERE grant_id = :grant")
                        .bind("grant", theirs.grantId())
                        .update());

        assertThatThrownBy(() -> authenticate(theirs.access())).isInstanceOf(FaultException.class);
        authenticate(mine.access());
        assertThat(tokenReads).as("reads: their token once, mine not at all").hasValue(1);
    }

    @Test
    void anExpiredToken_isRefused_thoughItsCheckWasCached() {
        Minted token = mint("a");
        authenticate(token.access());

        clock.advance(OAuthPolicy.ACCESS_TOKEN_TTL.plus(Duration.ofSeconds(1)));

        assertThatThrownBy(() -> authenticate(token.access())).isInstanceOf(FaultException.class);
    }

    @Test
    void checksRacingADeauthorize_neverSucceedOnceItHasReturned() throws InterruptedException {
        List<String> late = new CopyOnWriteArrayList<>();
        for (int round = 0; round < 20; round++) {
            Minted token = mint("racer" + round);
            AccessGrant grant = authenticate(token.access());
            AtomicLong revokedAt = new AtomicLong(Long.MAX_VALUE);
            List<Thread> checkers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread checker = new Thread(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        long started = System.nanoTime();
                        try {
                            authenticate(token.access());
                            if (started > revokedAt.get()) {
                                late.add("accepted " + (started - revokedAt.get())
                                        + " ns after the deauthorize returned");
                            }
                        } catch (FaultException refused) {
                            return;
                        }
                    }
                });
                checkers.add(checker);
                checker.start();
            }
            switchback.tokens().deauthorize(grant);
            revokedAt.set(System.nanoTime());
            for (Thread checker : checkers) {
                checker.join();
            }
        }

        assertThat(late).isEmpty();
    }

    @Test
    void tokenRequestsOfOneApp_readItOnce_whileOnlyTheirOwnGrantsWereCommitted() {
        Minted first = mint("a");
        Minted second = mint("b");
        refresh(first.refresh());
        appReads.set(0);

        refresh(second.refresh());

        assertThat(appReads).as("reads of the app after it was cached").hasValue(0);
    }

    @Test
    void aRotatedSecret_isRefusedAtOnce_thoughTheAppWasCached() {
        Secret refresh = refreshWithTheAppCached();

        AppService.CreatedApp rotated = switchback.apps().rotateSecret(app.app().clientId());

        assertOnlyTheNewSecretIsAccepted(refresh, rotated.secret());
    }

    @Test
    void aSecretChangedByAnotherProcess_isRefusedAtOnce() {
        Secret refresh = refreshWithTheAppCached();
        Secret replacement = new TokenGenerator().next();

        AnotherProcess.execute(
                Path.of(testDatabase.url()),
                "UPDATE apps SET secret_digest = '" + replacement.digest().hex() + "' WHERE id = "
                        + app.app().clientId());

        assertOnlyTheNewSecretIsAccepted(refresh, replacement);
    }

    @Test
    void anAppDeletedByAnotherProcess_isUnknownAtOnce() {
        Secret refresh = refreshWithTheAppCached();

        AnotherProcess.execute(
                Path.of(testDatabase.url()),
                "DELETE FROM apps WHERE id = " + app.app().clientId());

        assertThatThrownBy(() -> refresh(refresh))
                .isInstanceOf(FaultException.class)
                .hasMessageContaining("Application");
    }

    /** A grant's refresh token, after a refresh that left the app cached. */
    private Secret refreshWithTheAppCached() {
        return refresh(mint("a").refresh()).refreshToken();
    }

    private void assertOnlyTheNewSecretIsAccepted(Secret refresh, Secret newSecret) {
        assertThatThrownBy(() -> refresh(refresh, app.secret()))
                .isInstanceOf(FaultException.class)
                .hasMessageContaining("Application");
        assertThat(refresh(refresh, newSecret).refreshToken()).isNotEqualTo(refresh);
    }

    private AccessGrant authenticate(Secret access) {
        return switchback.tokens().authenticate(Optional.of(access.value()));
    }

    private IssuedTokens refresh(Secret refresh) {
        return refresh(refresh, app.secret());
    }

    private IssuedTokens refresh(Secret refresh, Secret clientSecret) {
        return switchback
                .tokens()
                .exchange(new TokenRequest.RefreshTokenGrant(
                        app.app().clientId().toString(),
                        Optional.of(clientSecret.value()),
                        Optional.of(refresh.value())));
    }

    private record Minted(GrantId grantId, Secret access, Secret refresh) {}

    /** An athlete with a grant, a live access token in the slot of the grant's generation, as a grant leaves it, and a refresh token. */
    private Minted mint(String username) {
        TokenGenerator generator = new TokenGenerator();
        Secret access = generator.next();
        Secret refresh = generator.next();
        return switchback.database().write(tx -> {
            AthleteId athleteId =
                    new AthleteId(tx.sql("""
                    INSERT INTO athletes (username, password_hash, firstname, lastname, created_at, updated_at)
                    VALUES (:username, 'x', 'A', 'B', 0, 0) RETURNING id""").bind("username", username).number());
            GrantId grantId = grants.putGrant(tx, app.app().clientId(), athleteId, ScopeSet.READ_ONLY, NOW);
            long generation = grants.replaceRefresh(tx, grantId, refresh.digest(), NOW)
                    .orElseThrow()
                    .generation();
            int slot =
                    (int) Math.floorMod(generation, (long) OAuthPolicy.strava().accessTokenSlots());
            grants.putAccessToken(
                    tx,
                    new GrantStore.NewAccessToken(
                            access.digest(),
                            grantId,
                            slot,
                            app.app().clientId(),
                            athleteId,
                            ScopeSet.READ_ONLY,
                            NOW,
                            NOW.plus(OAuthPolicy.ACCESS_TOKEN_TTL)));
            return new Minted(grantId, access, refresh);
        });
    }
}
