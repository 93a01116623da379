package dev.switchback.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppId;
import dev.switchback.athlete.AthleteId;
import dev.switchback.scope.Scope;
import dev.switchback.scope.ScopeSet;
import dev.switchback.store.Database;
import dev.switchback.store.DatabaseUrl;
import dev.switchback.store.testing.TestDatabase;
import dev.switchback.testing.StoreTest;
import dev.switchback.token.Secret;
import dev.switchback.token.TokenDigest;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The grant store's contract, run on SQLite and on PostgreSQL. */
@StoreTest
class GrantStoreContractTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private TestDatabase testDatabase;
    private Database database;
    private GrantStore grants;
    private AppId appId;
    private AthleteId athleteId;

    private void open(TestDatabase.Kind kind) {
        testDatabase = TestDatabase.create(kind);
        database = Database.open(DatabaseUrl.parse(testDatabase.url()), 2);
        grants = new GrantStore(database);
        athleteId = new AthleteId(database.write(tx -> tx.sql("""
                INSERT INTO athletes (username, password_hash, firstname, lastname, created_at, updated_at)
                VALUES ('a', 'x', 'A', 'B', 0, 0) RETURNING id""").number()));
        appId = new AppId(database.write(tx -> tx.sql("""
                INSERT INTO apps (name, secret_digest, callback_domain, athlete_capacity, created_at, updated_at)
                VALUES ('app', 'd', 'example.com', 10, 0, 0) RETURNING id""").number()));
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
        if (testDatabase != null) {
            testDatabase.close();
        }
    }

    /** The digest of a made-up secret, so each test can name its tokens. */
    private static TokenDigest digest(String name) {
        return Secret.digestOf(name);
    }

    private GrantId grant(ScopeSet scopes) {
        return database.write(tx -> grants.putGrant(tx, appId, athleteId, scopes, NOW));
    }

    private GrantStore.NewCode code(String name, GrantId grant) {
        return new GrantStore.NewCode(
                digest(name), grant, appId, athleteId, ScopeSet.READ_ONLY, Optional.empty(), NOW, NOW.plusSeconds(600));
    }

    private GrantStore.NewAccessToken accessToken(String name, GrantId grant, int slot, ScopeSet scopes) {
        return new GrantStore.NewAccessToken(
                digest(name), grant, slot, appId, athleteId, scopes, NOW, NOW.plusSeconds(21600));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void putGrant_twice_keepsOneGrantWithTheNewScopes(TestDatabase.Kind kind) {
        open(kind);
        GrantId first = grant(ScopeSet.of(Scope.READ, Scope.ACTIVITY_READ));
        GrantId second = grant(ScopeSet.of(Scope.READ));

        assertThat(second.value()).isEqualTo(first.value());
        Optional<ScopeSet> granted = database.read(tx -> grants.grantedScopes(tx, appId, athleteId));
        assertThat(granted).contains(ScopeSet.of(Scope.READ));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void redeemCode_twice_returnsEmptySecondTime(TestDatabase.Kind kind) {
        open(kind);
        GrantId grantId = grant(ScopeSet.READ_ONLY);
        database.write(tx -> {
            grants.insertCode(tx, code("c1", grantId));
            return null;
        });

        Optional<GrantStore.RedeemedCode> first = database.write(tx -> grants.redeemCode(tx, digest("c1"), appId, NOW));
        Optional<GrantStore.RedeemedCode> second =
                database.write(tx -> grants.redeemCode(tx, digest("c1"), appId, NOW));

        assertThat(first).isPresent();
        assertThat(second).isEmpty();
        Optional<GrantStore.SpentCode> spent = database.read(tx -> grants.findSpentCode(tx, digest("c1"), appId));
        assertThat(spent).get().extracting(GrantStore.SpentCode::used).isEqualTo(true);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void rotateRefresh_matchesOnlyTheCurrentDigest(TestDatabase.Kind kind) {
        open(kind);
        GrantId grantId = grant(ScopeSet.READ_ONLY);
        database.write(tx -> grants.replaceRefresh(tx, grantId, digest("r1"), NOW));

        Optional<GrantStore.GrantRow> rotated =
                database.write(tx -> grants.rotateRefresh(tx, digest("r1"), digest("r2"), appId, NOW));
        Optional<GrantStore.GrantRow> replay =
                database.write(tx -> grants.rotateRefresh(tx, digest("r1"), digest("r3"), appId, NOW));

        assertThat(rotated).get().extracting(GrantStore.GrantRow::generation).isEqualTo(2L);
        assertThat(replay).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void deleteGrant_removesItsTokens_andDetachesItsCodes_whichCanThenNeverBeRedeemed(TestDatabase.Kind kind) {
        open(kind);
        GrantId grantId = grant(ScopeSet.READ_ONLY);
        database.write(tx -> {
            grants.insertCode(tx, code("used", grantId));
            grants.insertCode(tx, code("unused", grantId));
            grants.redeemCode(tx, digest("used"), appId, NOW);
            grants.replaceRefresh(tx, grantId, digest("r1"), NOW);
            grants.putAccessToken(tx, accessToken("a1", grantId, 0, ScopeSet.READ_ONLY));
            grants.retire(tx, digest("r0"), grantId, digest("r1"), "sealed answer", NOW);
            return null;
        });

        database.write(tx -> grants.deleteGrant(tx, grantId));

        assertThat(grants.findAccessToken(digest("a1"))).isEmpty();
        for (String table : new String[] {"grants", "access_tokens", "retired_refresh_tokens"}) {
            long rows =
                    database.read(tx -> tx.sql("SELECT COUNT(*) FROM " + table).number());
            assertThat(rows).as(table).isZero();
        }
        Optional<GrantStore.RedeemedCode> redeemed =
                database.write(tx -> grants.redeemCode(tx, digest("unused"), appId, NOW));
        Optional<GrantStore.SpentCode> unused = database.read(tx -> grants.findSpentCode(tx, digest("unused"), appId));
        Optional<GrantStore.SpentCode> used = database.read(tx -> grants.findSpentCode(tx, digest("used"), appId));
        assertThat(redeemed).isEmpty();
        assertThat(unused).contains(new GrantStore.SpentCode(Optional.empty(), false));
        assertThat(used).contains(new GrantStore.SpentCode(Optional.empty(), true));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void deleteGrant_ofAnAppAndAthlete_answersTheGrantItDeleted(TestDatabase.Kind kind) {
        open(kind);
        GrantId grantId = grant(ScopeSet.READ_ONLY);

        assertThat(database.write(tx -> grants.deleteGrant(tx, appId, athleteId))
                        .map(GrantId::value))
                .contains(grantId.value());
        assertThat(database.write(tx -> grants.deleteGrant(tx, appId, athleteId))
                        .isEmpty())
                .isTrue();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void putAccessToken_inAnOccupiedSlot_replacesTheOlderToken(TestDatabase.Kind kind) {
        open(kind);
        GrantId grantId = grant(ScopeSet.READ_ONLY);
        database.write(tx -> {
            grants.putAccessToken(tx, accessToken("a1", grantId, 0, ScopeSet.READ_ONLY));
            grants.putAccessToken(tx, accessToken("a2", grantId, 0, ScopeSet.READ_ONLY));
            return null;
        });

        assertThat(grants.findAccessToken(digest("a1"))).isEmpty();
        assertThat(grants.findAccessToken(digest("a2"))).isPresent();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void putGrant_withFewerScopes_revokesAccessTokensCarryingTheDroppedScopes(TestDatabase.Kind kind) {
        open(kind);
        ScopeSet wide = ScopeSet.of(Scope.READ, Scope.ACTIVITY_READ_ALL);
        GrantId grantId = grant(wide);
        database.write(tx -> {
            grants.putAccessToken(tx, accessToken("wide", grantId, 0, wide));
            grants.putAccessToken(tx, accessToken("narrow", grantId, 1, ScopeSet.READ_ONLY));
            return null;
        });

        grant(ScopeSet.READ_ONLY);

        assertThat(grants.findAccessToken(digest("wide"))).isEmpty();
        assertThat(grants.findAccessToken(digest("narrow"))).isPresent();
    }
}
