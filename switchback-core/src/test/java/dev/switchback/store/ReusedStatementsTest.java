package dev.switchback.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.store.testing.TestDatabase;
import dev.switchback.testing.StoreTest;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A pooled connection prepares each SQL text once and reuses the statement, on both databases; nothing of
 * one use (parameters, results, a failure, an open transaction) reaches the next.
 */
@StoreTest
class ReusedStatementsTest {
    private final List<Statement> executed = new ArrayList<>();
    private TestDatabase testDatabase;
    private Database database;

    private Jdbi open(TestDatabase.Kind kind) {
        testDatabase = TestDatabase.create(kind);
        database = Database.open(DatabaseUrl.parse(testDatabase.url()), 1);
        Jdbi jdbi = database.jdbi();
        jdbi.useHandle(h -> h.execute("CREATE TABLE reuse_probe (id INTEGER PRIMARY KEY, name TEXT NOT NULL)"));
        jdbi.useHandle(h -> h.execute("INSERT INTO reuse_probe (id, name) VALUES (1, 'one'), (2, 'two'), (3, 'three')"));
        jdbi.getConfig(SqlStatements.class).setSqlLogger(new SqlLogger() {
            @Override
            public void logAfterExecution(StatementContext context) {
                executed.add(context.getStatement());
            }
        });
        return jdbi;
    }

    @AfterEach
    void close() {
        database.close();
        testDatabase.close();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void theSameQuery_onLaterBorrows_reusesOneStatement_withFreshParameters(TestDatabase.Kind kind) {
        Jdbi jdbi = open(kind);

        List<String> names = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            int wanted = id;
            names.add(jdbi.withHandle(h -> h.createQuery("SELECT name FROM reuse_probe WHERE id = :id")
                    .bind("id", wanted).mapTo(String.class).one()));
        }

        assertThat(names).containsExactly("one", "two", "three");
        assertThat(executed).hasSize(3);
        assertThat(executed.get(1)).isSameAs(executed.get(0));
        assertThat(executed.get(2)).isSameAs(executed.get(0));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aQueryRunWhileItsOwnResultsAreOpen_getsAStatementOfItsOwn(TestDatabase.Kind kind) throws Exception {
        Jdbi jdbi = open(kind);
        String sql = "SELECT name FROM reuse_probe WHERE id >= :id ORDER BY id";

        List<String> pairs = jdbi.withHandle(h -> {
            List<String> out = new ArrayList<>();
            try (var outer = h.createQuery(sql).bind("id", 2).mapTo(String.class).iterator()) {
                while (outer.hasNext()) {
                    String name = outer.next();
                    out.add(name + "/" + h.createQuery(sql).bind("id", 3).mapTo(String.class).list());
                }
            }
            return out;
        });

        assertThat(pairs).containsExactly("two/[three]", "three/[three]");
        assertThat(executed.get(1)).isNotSameAs(executed.get(0));
        assertThat(executed.get(0).isClosed()).as("the kept statement stays open for the next borrow").isFalse();
        assertThat(executed.get(1).isClosed()).as("the extra one is closed after use").isTrue();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aFailedExecution_leavesTheStatementUsable(TestDatabase.Kind kind) {
        Jdbi jdbi = open(kind);
        String insert = "INSERT INTO reuse_probe (id, name) VALUES (:id, :name)";

        assertThatThrownBy(() -> jdbi.useHandle(h -> h.createUpdate(insert).bind("id", 1).bind("name", "again").execute()))
                .hasMessageContaining("reuse_probe");
        jdbi.useHandle(h -> h.createUpdate(insert).bind("id", 4).bind("name", "four").execute());

        assertThat(executed).hasSize(1);
        String four = jdbi.withHandle(h -> h.createQuery("SELECT name FROM reuse_probe WHERE id = 4").mapTo(String.class).one());
        assertThat(four).isEqualTo("four");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aRolledBackTransaction_leavesNothingForTheNextBorrow(TestDatabase.Kind kind) {
        Jdbi jdbi = open(kind);
        String update = "UPDATE reuse_probe SET name = :name WHERE id = :id";

        assertThatThrownBy(() -> jdbi.useTransaction(h -> {
            h.createUpdate(update).bind("id", 1).bind("name", "changed").execute();
            throw new IllegalStateException("abandoned");
        })).hasMessage("abandoned");
        jdbi.useTransaction(h -> h.createUpdate(update).bind("id", 2).bind("name", "deux").execute());

        List<String> names = jdbi.withHandle(h -> h.createQuery("SELECT name FROM reuse_probe ORDER BY id").mapTo(String.class).list());
        assertThat(names).containsExactly("one", "deux", "three");
        assertThat(executed.get(1)).isSameAs(executed.get(0));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aResultLeftOpen_isClosedWithItsHandle_andTheNextBorrowReadsFreshRows(TestDatabase.Kind kind) throws Exception {
        Jdbi jdbi = open(kind);
        String sql = "SELECT name FROM reuse_probe WHERE id >= :id ORDER BY id";

        Handle handle = jdbi.open();
        Iterator<String> leftOpen = handle.createQuery(sql).bind("id", 1).mapTo(String.class).iterator();
        assertThat(leftOpen.next()).isEqualTo("one");
        handle.close();
        jdbi.useHandle(h -> h.execute("INSERT INTO reuse_probe (id, name) VALUES (4, 'four')"));
        List<String> names = jdbi.withHandle(h -> h.createQuery(sql).bind("id", 2).mapTo(String.class).list());

        assertThat(executed.get(0).isClosed()).as("the statement whose results were left open").isTrue();
        assertThat(names).containsExactly("two", "three", "four");
    }
}
