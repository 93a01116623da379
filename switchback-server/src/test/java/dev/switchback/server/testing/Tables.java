package dev.switchback.server.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The rows of the OAuth tables, to show that a request changed nothing in the database. */
public final class Tables {
    public static final List<String> OAUTH = List.of("grants", "access_tokens", "authorization_codes", "retired_refresh_tokens");

    private Tables() {}

    /** Every row of every OAuth table, in a stable order, as text. */
    public static Map<String, List<String>> snapshot(TestServer server) {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        server.switchback().database().jdbi().useHandle(handle -> {
            for (String table : OAUTH) {
                tables.put(table, handle.createQuery("SELECT * FROM " + table).mapToMap().list().stream()
                        .map(row -> new java.util.TreeMap<>(row).toString())
                        .sorted()
                        .toList());
            }
        });
        return tables;
    }

    public static long count(TestServer server, String table) {
        return server.switchback().database().jdbi().withHandle(handle ->
                handle.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }
}
