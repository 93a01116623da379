package dev.switchback.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.testing.UnitTest;
import org.junit.jupiter.api.Test;

/** How a SQL text with {@code :name} parameters becomes what JDBC runs, and what it says it writes. */
@UnitTest
class NamedSqlTest {
    @Test
    void parse_replacesEachNamedParameterWithAPlaceholder_andRepeatsANameWhereItRepeats() {
        NamedSql sql = NamedSql.parse("UPDATE t SET a = :now WHERE b = :id AND c < :now");

        assertThat(sql.jdbc()).isEqualTo("UPDATE t SET a = ? WHERE b = ? AND c < ?");
        assertThat(sql.parameterCount()).isEqualTo(2);
        assertThat(sql.placeholders()).isEqualTo(3);
        assertThat(sql.nameAt(0)).isEqualTo(sql.indexOf("now"));
        assertThat(sql.nameAt(1)).isEqualTo(sql.indexOf("id"));
        assertThat(sql.nameAt(2)).isEqualTo(sql.indexOf("now"));
    }

    @Test
    void parse_leavesQuotedText_comments_andPostgresCastsAlone() {
        NamedSql sql = NamedSql.parse("""
                -- a :comment
                SELECT ':not', "col:umn", x::text, 'it''s :also not' FROM t WHERE y = :real""");

        assertThat(sql.jdbc())
                .contains("-- a :comment", "':not'", "\"col:umn\"", "x::text", "'it''s :also not'")
                .endsWith("y = ?");
        assertThat(sql.parameterCount()).isEqualTo(1);
        assertThat(sql.name(0)).isEqualTo("real");
    }

    @Test
    void writes_andTheirTable_areReadFromTheFirstWords() {
        assertThat(NamedSql.parse("INSERT INTO access_tokens (a) VALUES (:a)").target())
                .contains("access_tokens");
        assertThat(NamedSql.parse("  update Grants set x = 1").target()).contains("grants");
        assertThat(NamedSql.parse("DELETE FROM apps WHERE id = :id").target()).contains("apps");
        assertThat(NamedSql.parse("SELECT * FROM grants").writes()).isFalse();
        assertThat(NamedSql.parse("PRAGMA data_version").writes()).isFalse();
    }

    @Test
    void aWriteWhoseTableCannotBeRead_namesNoTable_soItCountsAsChangingEverything() {
        NamedSql cte = NamedSql.parse("WITH gone AS (SELECT 1) DELETE FROM access_tokens");

        assertThat(cte.writes()).isTrue();
        assertThat(cte.target()).isEmpty();
    }
}
