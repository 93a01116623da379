package dev.switchback.server.testing;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The rows of the OAuth tables, to show that a request changed nothing in the database. */
public final class Tables {
    public static final List<String> OAUTH =
            List.of("grants", "access_tokens", "authorization_codes", "retired_refresh_tokens");

    private Tables() {}

    /** Every row of every OAuth table, in a stable order, as text. */
    public static Map<String, List<String>> snapshot(TestServer server) {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        for (String table : OAUTH) {
            tables.put(
                    table,
                    server
                            .switchback()
                            .database()
                            .read(tx -> tx.sql("SELECT * FROM " + table).list(Tables::row))
                            .stream()
                            .sorted()
                            .toList());
        }
        return tables;
    }

    public static long count(TestServer server, String table) {
        return server.switchback()
                .database()
                .read(tx -> tx.sql("SELECT COUNT(*) FROM " + table).number());
    }

    /** A row as text: its columns by name, in name order. */
    private static String row(ResultSet row) throws SQLException {
        Map<String, Object> columns = new TreeMap<>();
        ResultSetMetaData meta = row.getMetaData();
        for (int column = 1; column <= meta.getColumnCount(); column++) {
            columns.put(meta.getColumnLabel(column).toLowerCase(Locale.ROOT), row.getObject(column));
        }
        return columns.toString();
    }
}
