package dev.switchback.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.testing.StoreTest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every pooled SQLite connection runs WAL, {@code synchronous=FULL}, foreign keys and a busy timeout. */
@StoreTest
class DatabaseSettingsTest {
    @TempDir
    Path directory;

    private Database database;

    @BeforeEach
    void open() {
        database = Database.open(
                DatabaseUrl.parse(directory.resolve("switchback.db").toString()), 2);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void pooledConnection_isWalWithFullSyncAndForeignKeys() {
        database.read(tx -> {
            assertSettings(tx);
            return null;
        });
    }

    @Test
    void bothPooledConnections_atOnce_haveTheSameSettings() {
        database.read(first -> database.read(second -> {
            assertThat(second.connection()).isNotSameAs(first.connection());
            assertSettings(first);
            assertSettings(second);
            return null;
        }));
    }

    @Test
    void dialect_isSqlite_andTheFileExists() {
        assertThat(database.dialect()).isEqualTo(Dialect.SQLITE);
        assertThat(directory.resolve("switchback.db")).exists();
    }

    private static void assertSettings(Tx tx) {
        assertThat(pragma(tx, "journal_mode")).isEqualTo("wal");
        assertThat(pragma(tx, "synchronous")).isEqualTo("2");
        assertThat(pragma(tx, "foreign_keys")).isEqualTo("1");
        assertThat(pragma(tx, "busy_timeout")).isEqualTo("10000");
    }

    private static String pragma(Tx tx, String name) {
        return tx.sql("PRAGMA " + name).one(row -> row.getString(1)).orElseThrow();
    }
}
