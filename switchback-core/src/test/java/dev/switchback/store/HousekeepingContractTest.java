package dev.switchback.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.store.testing.TestDatabase;
import dev.switchback.testing.StoreTest;
import dev.switchback.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Housekeeping and index use on a million tokens, on SQLite and PostgreSQL: expired rows go in bounded
 * batches, live rows stay, and every token lookup (and the batch's own search) is an index probe.
 */
@StoreTest
class HousekeepingContractTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final int GRANTS = 1000;
    private static final int SLOTS_PER_GRANT = 1000;
    private static final int BATCH = 20_000;

    private TestDatabase testDatabase;
    private Database database;

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
        if (testDatabase != null) {
            testDatabase.close();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void runOnce_onAMillionExpiredTokens_deletesThemAllInBatches_andKeepsTheLiveOnes(TestDatabase.Kind kind) {
        open(kind);
        fillAMillionExpiredTokensAndALiveOnePerGrant();
        Housekeeping housekeeping = new Housekeeping(
                database, new MutableClock(NOW), BATCH, Duration.ofDays(30), Duration.ofDays(1), Duration.ofDays(1));

        Map<String, Long> deleted = housekeeping.runOnce();

        assertThat(deleted).containsEntry("access_tokens", (long) GRANTS * SLOTS_PER_GRANT);
        assertThat(count("access_tokens")).isEqualTo(GRANTS);
        assertThat(housekeeping.runOnce()).containsEntry("access_tokens", 0L);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void everyTokenLookup_onAMillionTokens_isAnIndexProbe(TestDatabase.Kind kind) {
        open(kind);
        fillAMillionExpiredTokensAndALiveOnePerGrant();

        for (String lookup : List.of(
                "SELECT grant_id, app_id, athlete_id, scopes, expires_at FROM access_tokens WHERE digest = 'x'",
                "UPDATE grants SET generation = generation + 1 WHERE refresh_digest = 'x' AND app_id = 1",
                "UPDATE authorization_codes SET used_at = 1 WHERE digest = 'x' AND app_id = 1 AND used_at IS NULL",
                "SELECT successor_digest FROM retired_refresh_tokens WHERE digest = 'x'",
                "SELECT grant_id, slot FROM access_tokens WHERE expires_at <= 5 LIMIT 1000")) {
            assertThat(plan(lookup)).as(lookup).satisfies(HousekeepingContractTest::usesAnIndex);
        }
    }

    private static void usesAnIndex(String plan) {
        assertThat(plan)
                .containsAnyOf(
                        "USING INDEX",
                        "USING COVERING INDEX",
                        "USING PRIMARY KEY",
                        "Index Scan",
                        "Index Only Scan",
                        "Bitmap Index Scan");
        assertThat(plan)
                .doesNotContain("Seq Scan")
                .doesNotContainPattern("SCAN (access_tokens|grants|authorization_codes)\\b(?! USING)");
    }

    private String plan(String sql) {
        String explain = database.dialect() == Dialect.SQLITE ? "EXPLAIN QUERY PLAN " + sql : "EXPLAIN " + sql;
        return database.read(tx -> tx.sql(explain)
                        .list(rs -> database.dialect() == Dialect.SQLITE ? rs.getString("detail") : rs.getString(1)))
                .toString();
    }

    private void open(TestDatabase.Kind kind) {
        testDatabase = TestDatabase.create(kind);
        database = Database.open(DatabaseUrl.parse(testDatabase.url()), 2);
    }

    private long count(String table) {
        return database.read(tx -> tx.sql("SELECT COUNT(*) FROM " + table).number());
    }

    private static void insertGrants(Tx tx) {
        tx.sql(
                        "INSERT INTO grants (app_id, athlete_id, scopes, authorized_at, refresh_digest) SELECT 1, id, 1, 0, 'r' || id FROM athletes")
                .update();
    }

    /** A thousand grants with a thousand expired access tokens each, and one live token per grant. */
    private void fillAMillionExpiredTokensAndALiveOnePerGrant() {
        long expired = NOW.minusSeconds(60).getEpochSecond();
        long live = NOW.plus(Duration.ofHours(6)).getEpochSecond();
        database.write(tx -> {
            tx.sql(
                            "INSERT INTO apps (name, secret_digest, callback_domain, athlete_capacity, created_at, updated_at) VALUES ('app', 'd', 'example.com', 10, 0, 0)")
                    .update();
            if (database.dialect() == Dialect.SQLITE) {
                tx.sql("""
                        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < :last)
                        INSERT INTO athletes (username, password_hash, firstname, lastname, created_at, updated_at)
                        SELECT 'a' || i, 'x', 'A', 'B', 0, 0 FROM n""").bind("last", GRANTS - 1).update();
                insertGrants(tx);
                tx.sql("""
                        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < :last)
                        INSERT INTO access_tokens (grant_id, slot, digest, app_id, athlete_id, scopes, issued_at, expires_at)
                        SELECT g.id, n.i, g.id || '-' || n.i, 1, 1, 1, 0, :expired FROM grants g CROSS JOIN n""")
                        .bind("last", SLOTS_PER_GRANT - 1)
                        .bind("expired", expired)
                        .update();
            } else {
                tx.sql("""
                        INSERT INTO athletes (username, password_hash, firstname, lastname, created_at, updated_at)
                        SELECT 'a' || i, 'x', 'A', 'B', 0, 0 FROM generate_series(0, :last) AS i""").bind("last", GRANTS - 1).update();
                insertGrants(tx);
                tx.sql("""
                        INSERT INTO access_tokens (grant_id, slot, digest, app_id, athlete_id, scopes, issued_at, expires_at)
                        SELECT g.id, n, g.id || '-' || n, 1, 1, 1, 0, :expired FROM grants g CROSS JOIN generate_series(0, :last) AS n""")
                        .bind("expired", expired)
                        .bind("last", SLOTS_PER_GRANT - 1)
                        .update();
            }
            tx.sql("""
                    INSERT INTO access_tokens (grant_id, slot, digest, app_id, athlete_id, scopes, issued_at, expires_at)
                    SELECT id, -1, 'live-' || id, 1, 1, 1, 0, :live FROM grants""").bind("live", live).update();
            return null;
        });
        database.write(tx -> tx.sql(database.dialect() == Dialect.SQLITE ? "ANALYZE" : "ANALYZE access_tokens")
                .update());
    }
}
