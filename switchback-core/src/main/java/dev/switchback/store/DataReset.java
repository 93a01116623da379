package dev.switchback.store;

import java.util.List;
import java.util.Set;

/**
 * Empties every table of data, in the caller's transaction, for the emulator's reset to its seed
 * (contract#emulator-seed): ids start from 1 again. The schema's history, the server's own keys and the commit
 * marks the caches read are kept.
 */
public final class DataReset {
    private static final Set<String> KEPT = Set.of("flyway_schema_history", "server_keys", "commit_marks");

    private DataReset() {}

    public static void emptyAll(Tx tx) {
        List<String> tables = tables(tx).stream()
                .filter(table -> !KEPT.contains(table) && !table.startsWith("sqlite_"))
                .toList();
        if (tables.isEmpty()) {
            return;
        }
        if (tx.dialect() == Dialect.POSTGRESQL) {
            tx.sql("TRUNCATE " + String.join(", ", tables) + " RESTART IDENTITY CASCADE")
                    .update();
            return;
        }
        for (String table : tables) {
            tx.sql("DELETE FROM " + table).update();
        }
        tx.sql("DELETE FROM sqlite_sequence").update();
    }

    private static List<String> tables(Tx tx) {
        String sql = tx.dialect() == Dialect.POSTGRESQL
                ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                        + " AND table_type = 'BASE TABLE' ORDER BY table_name"
                : "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
        return tx.sql(sql).list(row -> row.getString(1));
    }
}
