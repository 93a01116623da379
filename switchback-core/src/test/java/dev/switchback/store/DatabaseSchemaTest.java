package dev.switchback.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.store.testing.TestDatabase;
import dev.switchback.testing.StoreTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The schema is created on first use, and a database migrated by a newer build is refused. A database
 * with every migration applied skips Flyway ({@link Migrations}); anything else still meets Flyway's checks.
 */
@StoreTest
class DatabaseSchemaTest {
    private TestDatabase testDatabase;

    @AfterEach
    void close() {
        testDatabase.close();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void open_onAnEmptyDatabase_createsTheSchema(TestDatabase.Kind kind) {
        testDatabase = TestDatabase.create(kind);
        try (Database database = Database.open(DatabaseUrl.parse(testDatabase.url()), 1)) {
            long apps = database.read(tx -> tx.sql("SELECT COUNT(*) FROM apps").number());
            assertThat(apps).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void open_onASchemaNewerThanThisBuild_isRefusedWithAClearMessage(TestDatabase.Kind kind) {
        DatabaseUrl url = migratedThen(kind, """
                INSERT INTO flyway_schema_history
                    (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)
                VALUES (100, '999', 'from the future', 'SQL', 'V999__future.sql', 0, 'test', 0, TRUE)""");

        assertThatThrownBy(() -> Database.open(url, 1))
                .isInstanceOf(Database.SchemaException.class)
                .hasMessageContaining("has schema version 999, newer than this Switchback knows");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void open_withoutAutoMigrate_onAnEmptyDatabase_asksForSwitchbackMigrate(TestDatabase.Kind kind) {
        testDatabase = TestDatabase.create(kind);

        assertThatThrownBy(() -> Database.open(
                        DatabaseUrl.parse(testDatabase.url()),
                        Database.Options.of(1).withMigrate(false)))
                .isInstanceOf(Database.SchemaException.class)
                .hasMessageContaining("run 'switchback migrate' first");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void migrations_listedByThisBuild_areExactlyTheScriptsFlywayFinds(TestDatabase.Kind kind) {
        testDatabase = TestDatabase.create(kind);
        Flyway flyway = Database.flyway(DatabaseUrl.parse(testDatabase.url()));

        List<String> found =
                Arrays.stream(flyway.info().all()).map(MigrationInfo::getScript).toList();

        assertThat(Migrations.SCRIPTS).isEqualTo(found);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void open_onADatabaseFlywayMigrated_findsEveryMigrationAppliedWithFlywaysChecksums(TestDatabase.Kind kind) {
        testDatabase = TestDatabase.create(kind);
        DatabaseUrl url = DatabaseUrl.parse(testDatabase.url());

        try (Database database = Database.open(url, 1)) {
            assertThat(allApplied(database)).isTrue();
        }
        try (Database reopened = Database.open(url, 1)) {
            assertThat(allApplied(reopened)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void open_whenAnAppliedScriptHasChanged_isRefusedByFlywaysValidation(TestDatabase.Kind kind) {
        DatabaseUrl url =
                migratedThen(kind, "UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '2'");

        assertThatThrownBy(() -> Database.open(url, 1))
                .isInstanceOf(Database.SchemaException.class)
                .hasMessageContaining("checksum mismatch for migration version 2");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void open_whenTheHistoryRecordsAFailedMigration_isRefusedByFlyway(TestDatabase.Kind kind) {
        DatabaseUrl url = migratedThen(kind, "UPDATE flyway_schema_history SET success = FALSE WHERE version = '4'");

        assertThatThrownBy(() -> Database.open(url, 1))
                .isInstanceOf(Database.SchemaException.class)
                .hasMessageContaining("failed migration to version 4");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void migrationV6_keepsEveryAuthorizationCode_andAGrantDeletedAfterItDetachesItsCodes(TestDatabase.Kind kind)
            throws SQLException {
        testDatabase = TestDatabase.create(kind);
        DatabaseUrl url = DatabaseUrl.parse(testDatabase.url());
        Flyway atV5 = Flyway.configure()
                .configuration(Database.flyway(url).getConfiguration())
                .target("5")
                .load();
        atV5.migrate();
        try (Connection connection = atV5.getConfiguration().getDataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO athletes (id, username, password_hash, firstname, lastname, created_at,"
                    + " updated_at) VALUES (7, 'a', 'x', 'A', 'B', 0, 0)");
            statement.execute("INSERT INTO apps (id, name, secret_digest, callback_domain, athlete_capacity,"
                    + " created_at, updated_at) VALUES (3, 'app', 'd', 'example.com', 10, 0, 0)");
            statement.execute(
                    "INSERT INTO grants (id, app_id, athlete_id, scopes, authorized_at) VALUES (5, 3, 7, 1, 0)");
            statement.execute("INSERT INTO authorization_codes (digest, grant_id, app_id, athlete_id, scopes,"
                    + " code_challenge, issued_at, expires_at, used_at) VALUES ('c0de', 5, 3, 7, 1, 'ch', 10, 20, 15)");
        }

        try (Database database = Database.open(url, 1)) {
            String code = "SELECT grant_id, app_id, athlete_id, scopes, code_challenge, issued_at, expires_at, used_at"
                    + " FROM authorization_codes WHERE digest = 'c0de'";
            Optional<String> migrated = database.read(tx -> tx.sql(code).one(DatabaseSchemaTest::columns));
            database.write(tx -> tx.sql("DELETE FROM grants WHERE id = 5").update());
            Optional<String> detached = database.read(tx -> tx.sql(code).one(DatabaseSchemaTest::columns));

            assertThat(migrated).contains("5,3,7,1,ch,10,20,15");
            assertThat(detached).contains("null,3,7,1,ch,10,20,15");
        }
    }

    /** Every column of a row as text, comma-separated. */
    private static String columns(ResultSet row) throws SQLException {
        List<String> values = new ArrayList<>();
        for (int column = 1; column <= row.getMetaData().getColumnCount(); column++) {
            values.add(row.getString(column));
        }
        return String.join(",", values);
    }

    /** A database of {@code kind}, migrated by this build, then changed by {@code sql}. */
    private DatabaseUrl migratedThen(TestDatabase.Kind kind, String sql) {
        testDatabase = TestDatabase.create(kind);
        DatabaseUrl url = DatabaseUrl.parse(testDatabase.url());
        try (Database database = Database.open(url, 1)) {
            database.write(tx -> tx.sql(sql).update());
        }
        return url;
    }

    private static boolean allApplied(Database database) {
        return database.read(tx -> Migrations.allApplied(tx.connection()));
    }
}
