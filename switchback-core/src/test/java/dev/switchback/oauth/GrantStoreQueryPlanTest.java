package dev.switchback.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppId;
import dev.switchback.store.Database;
import dev.switchback.store.DatabaseUrl;
import dev.switchback.store.Tx;
import dev.switchback.testing.StoreTest;
import dev.switchback.token.TokenDigest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every token lookup is one equality probe on an index (house rule 7), on a real SQLite file. The SQL is
 * not copied here: each test runs the real {@link GrantStore} method, captures the statement it
 * executed, and asks SQLite for that statement's query plan.
 */
@StoreTest
class GrantStoreQueryPlanTest {
    private static final TokenDigest DIGEST = new TokenDigest("a".repeat(64));
    private static final AppId APP = new AppId(1);
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path directory;

    private Database database;
    private GrantStore grants;
    private final List<String> executed = new ArrayList<>();

    @BeforeEach
    void open() {
        database = Database.open(
                DatabaseUrl.parse(directory.resolve("switchback.db").toString()),
                Database.Options.of(2).withListener(executed::add));
        grants = new GrantStore(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void accessTokenLookup_searchesTheDigestIndex_thenTheAppByItsKey() {
        String sql = capture(tx -> grants.findAccessToken(DIGEST));

        assertThat(plan(sql)).hasSize(2);
        assertThat(plan(sql).get(0)).startsWith("SEARCH t USING INDEX access_tokens_digest (digest=?)");
        assertThat(plan(sql).get(1)).startsWith("SEARCH a USING INTEGER PRIMARY KEY (rowid=?)");
    }

    @Test
    void refreshRotation_searchesTheRefreshDigestIndex() {
        String sql = capture(tx -> grants.rotateRefresh(tx, DIGEST, new TokenDigest("b".repeat(64)), APP, NOW));

        assertThat(sql).startsWith("UPDATE grants");
        assertThat(plan(sql))
                .singleElement()
                .asString()
                .startsWith("SEARCH grants USING INDEX grants_refresh_digest (refresh_digest=?)");
    }

    @Test
    void codeRedemption_searchesThePrimaryKeyIndex() {
        String sql = capture(tx -> grants.redeemCode(tx, DIGEST, APP, NOW));

        assertThat(sql).startsWith("UPDATE authorization_codes");
        assertThat(plan(sql))
                .singleElement()
                .asString()
                .startsWith("SEARCH authorization_codes USING INDEX sqlite_autoindex_authorization_codes_1 (digest=?)");
    }

    @Test
    void spentCodeLookup_searchesThePrimaryKeyIndex() {
        String sql = capture(tx -> grants.findSpentCode(tx, DIGEST, APP));

        assertThat(plan(sql))
                .singleElement()
                .asString()
                .startsWith("SEARCH authorization_codes USING INDEX sqlite_autoindex_authorization_codes_1 (digest=?)");
    }

    @Test
    void retiredRefreshLookup_searchesByDigestThenByGrantPrimaryKey() {
        String sql = capture(tx -> grants.findRetired(tx, DIGEST, APP));

        assertThat(plan(sql))
                .containsExactly(
                        "SEARCH r USING INDEX sqlite_autoindex_retired_refresh_tokens_1 (digest=?)",
                        "SEARCH g USING INTEGER PRIMARY KEY (rowid=?)");
    }

    /** Runs {@code call} in a transaction and returns the one statement it executed, with {@code ?} placeholders. */
    private String capture(Consumer<Tx> call) {
        executed.clear();
        database.write(tx -> {
            call.accept(tx);
            return null;
        });
        assertThat(executed).hasSize(1);
        return executed.get(0);
    }

    /** The {@code detail} column of {@code EXPLAIN QUERY PLAN}, one line per step. */
    private List<String> plan(String sql) {
        return database.read(tx -> tx.sql("EXPLAIN QUERY PLAN " + sql).list(row -> row.getString("detail")));
    }
}
