package dev.switchback.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.scope.Scope;
import dev.switchback.scope.ScopeSet;
import dev.switchback.store.Database;
import dev.switchback.store.DatabaseUrl;
import dev.switchback.store.testing.TestDatabase;
import dev.switchback.testing.StoreTest;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
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
    private long appId;
    private long athleteId;

    private void open(TestDatabase.Kind kind) {
        testDatabase = TestDatabase.create(kind);
        database = Database.open(DatabaseUrl.parse(testDatabase.url()), 2);
        grants = new GrantStore(database);
        Jdbi jdbi = database.jdbi();
        athleteId = jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO athletes (username, password_hash, firstname, lastname, created_at, updated_at)
                VALUES ('a', 'x', 'A', 'B', 0, 0) RETURNING id""").mapTo(Long.class).one());
        appId = jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO apps (name, secret_digest, callback_domain, athlete_capacity, created_at, updated_at)
                VALUES ('app', 'd', 'example.com', 10, 0, 0) RETURNING id""").mapTo(Long.class).one());
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

    private long grant(ScopeSet scopes) {
        return database.jdbi().inTransaction(h -> grants.putGrant(h, appId, athleteId, scopes, NOW));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void putGrant_twice_keepsOneGrantWithTheNewScopes(TestDatabase.Kind kind) {
        open(kind);
        long first = grant(ScopeSet.of(Scope.READ, Scope.ACTIVITY_READ));
        long second = grant(ScopeSet.of(Scope.READ));

        assertThat(second).isEqualTo(first);
        assertThat(grants.grantedScopes(appId, athleteId)).contains(ScopeSet.of(Scope.READ));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void redeemCode_twice_returnsEmptySecondTime(TestDatabase.Kind kind) {
        open(kind);
        long grantId = grant(ScopeSet.READ_ONLY);
        database.jdbi().useTransaction(h -> grants.insertCode(h, "c1", grantId, appId, athleteId, ScopeSet.READ_ONLY,
                Optional.empty(), NOW, NOW.plusSeconds(600)));

        Optional<GrantStore.RedeemedCode> first = database.jdbi().inTransaction(h -> grants.redeemCode(h, "c1", appId, NOW));
        Optional<GrantStore.RedeemedCode> second = database.jdbi().inTransaction(h -> grants.redeemCode(h, "c1", appId, NOW));

        assertThat(first).isPresent();
        assertThat(second).isEmpty();
        Optional<GrantStore.SpentCode> spent = database.jdbi().withHandle(h -> grants.findSpentCode(h, "c1", appId));
        assertThat(spent).get().extracting(GrantStore.SpentCode::used).isEqualTo(true);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void rotateRefresh_matchesOnlyTheCurrentDigest(TestDatabase.Kind kind) {
        open(kind);
        long grantId = grant(ScopeSet.READ_ONLY);
        database.jdbi().useTransaction(h -> grants.replaceRefresh(h, grantId, "r1", NOW));

        Optional<GrantStore.GrantRow> rotated = database.jdbi().inTransaction(h -> grants.rotateRefresh(h, "r1", "r2", appId, NOW));
        Optional<GrantStore.GrantRow> replay = database.jdbi().inTransaction(h -> grants.rotateRefresh(h, "r1", "r3", appId, NOW));

        assertThat(rotated).get().extracting(GrantStore.GrantRow::generation).isEqualTo(2L);
        assertThat(replay).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void deleteGrant_removesItsCodesAndTokens(TestDatabase.Kind kind) {
        open(kind);
        long grantId = grant(ScopeSet.READ_ONLY);
        database.jdbi().useTransaction(h -> {
            grants.insertCode(h, "c1", grantId, appId, athleteId, ScopeSet.READ_ONLY, Optional.empty(), NOW, NOW.plusSeconds(600));
            grants.replaceRefresh(h, grantId, "r1", NOW);
            grants.putAccessToken(h, "a1", grantId, 0, appId, athleteId, ScopeSet.READ_ONLY, NOW, NOW.plusSeconds(21600));
            grants.retire(h, "r0", grantId, "r1", NOW);
        });

        database.jdbi().useTransaction(h -> grants.deleteGrant(h, grantId));

        assertThat(grants.findAccessToken("a1")).isEmpty();
        for (String table : new String[] {"grants", "access_tokens", "authorization_codes", "retired_refresh_tokens"}) {
            long rows = database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
            assertThat(rows).as(table).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void putAccessToken_inAnOccupiedSlot_replacesTheOlderToken(TestDatabase.Kind kind) {
        open(kind);
        long grantId = grant(ScopeSet.READ_ONLY);
        database.jdbi().useTransaction(h -> {
            grants.putAccessToken(h, "a1", grantId, 0, appId, athleteId, ScopeSet.READ_ONLY, NOW, NOW.plusSeconds(21600));
            grants.putAccessToken(h, "a2", grantId, 0, appId, athleteId, ScopeSet.READ_ONLY, NOW, NOW.plusSeconds(21600));
        });

        assertThat(grants.findAccessToken("a1")).isEmpty();
        assertThat(grants.findAccessToken("a2")).isPresent();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void putGrant_withFewerScopes_revokesAccessTokensCarryingTheDroppedScopes(TestDatabase.Kind kind) {
        open(kind);
        ScopeSet wide = ScopeSet.of(Scope.READ, Scope.ACTIVITY_READ_ALL);
        long grantId = grant(wide);
        database.jdbi().useTransaction(h -> {
            grants.putAccessToken(h, "wide", grantId, 0, appId, athleteId, wide, NOW, NOW.plusSeconds(21600));
            grants.putAccessToken(h, "narrow", grantId, 1, appId, athleteId, ScopeSet.READ_ONLY, NOW, NOW.plusSeconds(21600));
        });

        grant(ScopeSet.READ_ONLY);

        assertThat(grants.findAccessToken("wide")).isEmpty();
        assertThat(grants.findAccessToken("narrow")).isPresent();
    }
}
