package dev.switchback.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchback.testing.StoreTest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full disk is a temporary failure, worth the storage 503; it does not break the connection. */
@StoreTest
class StorageFaultsTest {
    @TempDir
    Path directory;

    @Test
    void sqliteFull_fromAFileAtItsMaxPageCount_isOutOfSpace_andTemporary_butNotUnavailable() throws Exception {
        Throwable full;
        try (Connection connection = DriverManager.getConnection(
                        "jdbc:sqlite:" + directory.resolve("small.db") + "?max_page_count=8");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE filler (data BLOB)");
            full = catchThrowable(() -> {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO filler VALUES (?)")) {
                    for (int i = 0; i < 100; i++) {
                        insert.setBytes(1, new byte[4096]);
                        insert.executeUpdate();
                    }
                }
            });
        }

        assertThat(full).isInstanceOf(SQLException.class).hasMessageContaining("SQLITE_FULL");
        assertThat(StorageFaults.isOutOfSpace(new RuntimeException(full))).isTrue();
        assertThat(StorageFaults.isTemporary(full)).isTrue();
        assertThat(StorageFaults.isUnavailable(full)).isFalse();
    }

    @Test
    void postgresDiskFull_53100_isOutOfSpace_andOtherStatesAreNot() {
        SQLException diskFull = new SQLException("could not extend file: No space left on device", "53100");
        SQLException uniqueViolation = new SQLException("duplicate key value", "23505");

        assertThat(StorageFaults.isOutOfSpace(diskFull)).isTrue();
        assertThat(StorageFaults.isTemporary(diskFull)).isTrue();
        assertThat(StorageFaults.isOutOfSpace(uniqueViolation)).isFalse();
        assertThat(StorageFaults.isTemporary(uniqueViolation)).isFalse();
    }
}
