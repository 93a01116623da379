package dev.switchback.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.testing.StoreTest;
import java.nio.file.Path;
import org.jdbi.v3.core.Handle;
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
        database = Database.open(DatabaseUrl.parse(directory.resolve("switchback.db").toString()), 2);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void pooledConnection_isWalWithFullSyncAndForeignKeys() {
        database.jdbi().useHandle(DatabaseSettingsTest::assertSettings);
    }

    @Test
    void bothPooledConnections_atOnce_haveTheSameSettings() {
        try (Handle first = database.jdbi().open(); Handle second = database.jdbi().open()) {
            assertThat(second.getConnection()).isNotSameAs(first.getConnection());
            assertSettings(first);
            assertSettings(second);
        }
    }

    @Test
    void dialect_isSqlite_andTheFileExists() {
        assertThat(database.dialect()).isEqualTo(Dialect.SQLITE);
        assertThat(directory.resolve("switchback.db")).exists();
    }

    private static void assertSettings(Handle handle) {
        assertThat(pragma(handle, "journal_mode")).isEqualTo("wal");
        assertThat(pragma(handle, "synchronous")).isEqualTo("2");
        assertThat(pragma(handle, "foreign_keys")).isEqualTo("1");
        assertThat(pragma(handle, "busy_timeout")).isEqualTo("10000");
    }

    private static String pragma(Handle handle, String name) {
        return handle.createQuery("PRAGMA " + name).mapTo(String.class).one();
    }
}
