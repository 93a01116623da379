package dev.switchback.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.store.testing.TestDatabase;
import dev.switchback.testing.StoreTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A connection prepares each SQL text once and reuses the statement, on both databases; nothing of one use
 * (parameters, results, a failure, an open transaction) reaches the next.
 */
@StoreTest
class ReusedStatementsTest {
    private static final String BY_ID = "SELECT name FROM reuse_probe WHERE id = ?";

    private TestDatabase testDatabase;
    private Database database;
    private Connection connection;

    private void open(TestDatabase.Kind kind) {
        testDatabase = TestDatabase.create(kind);
        database = Database.open(DatabaseUrl.parse(testDatabase.url()), 1);
        database.write(tx -> tx.sql("CREATE TABLE reuse_probe (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
                .update());
        database.write(tx -> tx.sql("INSERT INTO reuse_probe (id, name) VALUES (1, 'one'), (2, 'two'), (3, 'three')")
                .update());
    }

    private ReusedStatements.Prepared preparedOnAConnectionOfItsOwn() throws SQLException {
        connection = DriverManager.getConnection(
                DatabaseUrl.parse(testDatabase.url()).jdbcUrl());
        return new ReusedStatements().of(connection);
    }

    @AfterEach
    void close() throws SQLException {
        if (connection != null) {
            connection.close();
        }
        database.close();
        testDatabase.close();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void theSameText_onLaterUses_isOneStatement_withFreshParameters(TestDatabase.Kind kind) throws Exception {
        open(kind);
        ReusedStatements.Prepared prepared = preparedOnAConnectionOfItsOwn();

        List<PreparedStatement> used = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            PreparedStatement statement = prepared.take(BY_ID);
            statement.setInt(1, id);
            names.add(firstName(statement));
            prepared.give(statement);
            used.add(statement);
        }

        assertThat(names).containsExactly("one", "two", "three");
        assertThat(used.get(1)).isSameAs(used.get(0));
        assertThat(used.get(2)).isSameAs(used.get(0));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aTextTakenWhileItsStatementIsInUse_getsAStatementOfItsOwn_closedWhenGivenBack(TestDatabase.Kind kind)
            throws Exception {
        open(kind);
        ReusedStatements.Prepared prepared = preparedOnAConnectionOfItsOwn();

        PreparedStatement kept = prepared.take(BY_ID);
        PreparedStatement extra = prepared.take(BY_ID);
        prepared.give(extra);
        prepared.give(kept);

        assertThat(extra).isNotSameAs(kept);
        assertThat(extra.isClosed()).as("the extra one is closed after use").isTrue();
        assertThat(kept.isClosed())
                .as("the kept one stays open for the next use")
                .isFalse();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aStatementStillInUseWhenItsConnectionGoesBack_isClosedAndForgotten(TestDatabase.Kind kind) throws Exception {
        open(kind);
        ReusedStatements.Prepared prepared = preparedOnAConnectionOfItsOwn();

        PreparedStatement leftOpen = prepared.take(BY_ID);
        prepared.abandonInUse();
        PreparedStatement next = prepared.take(BY_ID);

        assertThat(leftOpen.isClosed()).isTrue();
        assertThat(next).isNotSameAs(leftOpen);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aQueryRunInsideTheRowsOfTheSameQuery_seesItsOwnParameters(TestDatabase.Kind kind) {
        open(kind);
        String sql = "SELECT name FROM reuse_probe WHERE id >= :id ORDER BY id";

        List<String> pairs = database.read(tx -> tx.sql(sql)
                .bind("id", 2)
                .list(row -> row.getString(1) + "/" + tx.sql(sql).bind("id", 3).list(inner -> inner.getString(1))));

        assertThat(pairs).containsExactly("two/[three]", "three/[three]");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aFailedExecution_leavesTheStatementUsable(TestDatabase.Kind kind) {
        open(kind);
        String insert = "INSERT INTO reuse_probe (id, name) VALUES (:id, :name)";

        assertThatThrownBy(() -> database.write(
                        tx -> tx.sql(insert).bind("id", 1).bind("name", "again").update()))
                .hasMessageContaining("reuse_probe");
        database.write(tx -> tx.sql(insert).bind("id", 4).bind("name", "four").update());

        Optional<String> four = database.read(
                tx -> tx.sql("SELECT name FROM reuse_probe WHERE id = 4").one(row -> row.getString(1)));
        assertThat(four).contains("four");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aRolledBackTransaction_leavesNothingForTheNextOne(TestDatabase.Kind kind) {
        open(kind);
        String update = "UPDATE reuse_probe SET name = :name WHERE id = :id";

        assertThatThrownBy(() -> database.write(tx -> {
                    tx.sql(update).bind("id", 1).bind("name", "changed").update();
                    throw new IllegalStateException("abandoned");
                }))
                .hasMessage("abandoned");
        database.write(tx -> tx.sql(update).bind("id", 2).bind("name", "deux").update());

        List<String> names = database.read(
                tx -> tx.sql("SELECT name FROM reuse_probe ORDER BY id").list(row -> row.getString(1)));
        assertThat(names).containsExactly("one", "deux", "three");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aParameterLeftUnbound_isRefusedNamingIt(TestDatabase.Kind kind) {
        open(kind);

        assertThatThrownBy(() -> database.read(tx ->
                        tx.sql("SELECT name FROM reuse_probe WHERE id = :id").list(row -> row.getString(1))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(":id");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aWriteInReadWork_isRefused(TestDatabase.Kind kind) {
        open(kind);

        assertThatThrownBy(() ->
                        database.read(tx -> tx.sql("DELETE FROM reuse_probe").update()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Database.write");
    }

    private static String firstName(PreparedStatement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            return rows.next() ? rows.getString(1) : null;
        }
    }
}
