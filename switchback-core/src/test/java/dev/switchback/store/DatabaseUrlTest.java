package dev.switchback.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.testing.UnitTest;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Database locations as people write them: SQLite files and PostgreSQL URLs. */
@UnitTest
class DatabaseUrlTest {

    @Test
    void parse_jdbcSqlite_isKeptAsIs() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:sqlite:/var/lib/switchback/db.sqlite");

        assertThat(url.dialect()).isEqualTo(Dialect.SQLITE);
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:sqlite:/var/lib/switchback/db.sqlite");
        assertThat(url.sqliteFile()).contains(Path.of("/var/lib/switchback/db.sqlite"));
    }

    @Test
    void parse_sqlitePrefix_becomesJdbcSqlite() {
        DatabaseUrl url = DatabaseUrl.parse("sqlite:data/switchback.db");

        assertThat(url.dialect()).isEqualTo(Dialect.SQLITE);
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:sqlite:data/switchback.db");
    }

    @Test
    void parse_barePath_isASqliteFile() {
        DatabaseUrl url = DatabaseUrl.parse("  ./data/switchback.db ");

        assertThat(url.dialect()).isEqualTo(Dialect.SQLITE);
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:sqlite:./data/switchback.db");
        assertThat(url.sqliteFile()).contains(Path.of("./data/switchback.db"));
    }

    @Test
    void sqliteFile_ofInMemoryDatabase_isEmpty() {
        assertThat(DatabaseUrl.parse("jdbc:sqlite::memory:").sqliteFile()).isEmpty();
    }

    @Test
    void sqliteFile_dropsFilePrefixAndQuery() {
        assertThat(DatabaseUrl.parse("jdbc:sqlite:file:/tmp/x.db?cache=shared").sqliteFile())
                .contains(Path.of("/tmp/x.db"));
    }

    @Test
    void parse_postgresqlWithCredentials_movesThemOutOfTheJdbcUrl() {
        DatabaseUrl url =
                DatabaseUrl.parse("postgresql://switchback:s3cret@db.internal:5432/switchback?sslmode=require");

        assertThat(url.dialect()).isEqualTo(Dialect.POSTGRESQL);
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/switchback?sslmode=require");
        assertThat(url.user()).contains("switchback");
        assertThat(url.password()).contains("s3cret");
        assertThat(url.sqliteFile()).isEmpty();
    }

    @Test
    void parse_postgresqlWithEncodedPassword_decodesIt() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://me:p%40ss%2Fword@localhost/db");

        assertThat(url.user()).contains("me");
        assertThat(url.password()).contains("p@ss/word");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/db");
    }

    @Test
    void parse_postgresqlWithoutCredentials_hasNoUserOrPassword() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://localhost");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/");
        assertThat(url.user()).isEmpty();
        assertThat(url.password()).isEmpty();
    }

    @Test
    void parse_jdbcPostgresql_isKeptAsIs() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://localhost:5432/switchback");

        assertThat(url.dialect()).isEqualTo(Dialect.POSTGRESQL);
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/switchback");
        assertThat(url.user()).isEqualTo(Optional.empty());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "mysql://x",
                "mysql://root:hunter2@localhost/db",
                "jdbc:mysql://localhost/db",
                "http://example.com/db"
            })
    void parse_otherDatabases_areRefused(String value) {
        assertThatThrownBy(() -> DatabaseUrl.parse(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("database.url must be a SQLite file or a PostgreSQL URL")
                .hasMessageNotContaining("hunter2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "sqlite:", "jdbc:sqlite:"})
    void parse_empty_isRefused(String value) {
        assertThatThrownBy(() -> DatabaseUrl.parse(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("database.url");
    }

    @Test
    void toString_neverShowsThePassword() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://switchback:s3cret@db.internal:5432/switchback");
        DatabaseUrl jdbc = DatabaseUrl.parse("jdbc:postgresql://db.internal/switchback?user=me&password=s3cret");

        assertThat(url.toString()).doesNotContain("s3cret").isEqualTo("jdbc:postgresql://db.internal:5432/switchback");
        assertThat(jdbc.toString()).doesNotContain("s3cret").contains("password=***");
    }

    @Test
    void redacted_masksPasswordInUserInfo() {
        assertThat(DatabaseUrl.redacted("postgresql://switchback:s3cret@db:5432/x"))
                .isEqualTo("postgresql://switchback:***@db:5432/x");
    }

    @Test
    void redacted_withoutPassword_leavesTheUrlAlone() {
        assertThat(DatabaseUrl.redacted("postgresql://me@db:5432/x")).isEqualTo("postgresql://me@db:5432/x");
        assertThat(DatabaseUrl.redacted("postgresql://db:5432/x")).isEqualTo("postgresql://db:5432/x");
    }

    @ParameterizedTest
    @CsvSource({
        "postgresql://me:p@ssw0rd@localhost/db,       ssw0rd",
        "postgresql://me:pa/ssw0rd@localhost/db,      ssw0rd",
        "postgresql://me:s3cret@localhost:notaport/db, s3cret",
        "postgresql://me@corp:s3cret@localhost:notaport/db, s3cret",
    })
    void parse_badUrlWithUnencodedPassword_neverShowsAnyOfThePassword(String value, String passwordPart) {
        assertThatThrownBy(() -> DatabaseUrl.parse(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("database.url")
                .hasMessageNotContaining(passwordPart);
    }
}
