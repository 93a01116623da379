package dev.switchback.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.store.Database;
import dev.switchback.store.DatabaseUrl;
import dev.switchback.store.testing.TestDatabase;
import dev.switchback.testing.StoreTest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** An app's registered redirect URIs in the store (contract#registered-redirect-uris), on SQLite and PostgreSQL. */
@StoreTest
class AppStoreRedirectUrisContractTest {
    private TestDatabase testDatabase;
    private Database database;
    private AppStore apps;

    private AppId open(TestDatabase.Kind kind) {
        testDatabase = TestDatabase.create(kind);
        database = Database.open(DatabaseUrl.parse(testDatabase.url()), 2);
        apps = new AppStore(database);
        return newApp();
    }

    private AppId newApp() {
        return new AppId(database.write(tx -> tx.sql("""
                INSERT INTO apps (name, secret_digest, callback_domain, athlete_capacity, created_at, updated_at)
                VALUES ('app', 'd', 'example.com', 10, 0, 0) RETURNING id""").number()));
    }

    private List<String> redirectUris(AppId app) {
        return database.read(tx -> apps.redirectUris(tx, app));
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
        if (testDatabase != null) {
            testDatabase.close();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void replaceRedirectUris_storesThemInOrder_eachAppItsOwn(TestDatabase.Kind kind) {
        AppId app = open(kind);
        AppId other = newApp();
        String longest = "https://example.com/" + "a".repeat(2048 - "https://example.com/".length());

        database.write(tx -> {
            apps.replaceRedirectUris(tx, app, List.of("https://example.com/b", "http://127.0.0.1/a", longest));
            apps.replaceRedirectUris(tx, other, List.of("https://example.com/other"));
            return null;
        });

        assertThat(redirectUris(app)).containsExactly("https://example.com/b", "http://127.0.0.1/a", longest);
        assertThat(redirectUris(other)).containsExactly("https://example.com/other");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void replaceRedirectUris_again_replacesEveryOne_andAnEmptyListLeavesNone(TestDatabase.Kind kind) {
        AppId app = open(kind);
        database.write(tx -> {
            apps.replaceRedirectUris(tx, app, List.of("https://example.com/1", "https://example.com/2"));
            return null;
        });

        database.write(tx -> {
            apps.replaceRedirectUris(tx, app, List.of("https://example.com/3"));
            return null;
        });
        List<String> replaced = redirectUris(app);
        database.write(tx -> {
            apps.replaceRedirectUris(tx, app, List.of());
            return null;
        });

        assertThat(replaced).containsExactly("https://example.com/3");
        assertThat(redirectUris(app)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void delete_ofTheApp_deletesItsRedirectUris(TestDatabase.Kind kind) {
        AppId app = open(kind);
        database.write(tx -> {
            apps.replaceRedirectUris(tx, app, List.of("https://example.com/cb"));
            return null;
        });

        database.write(tx -> apps.delete(tx, app));

        long rows = database.read(
                tx -> tx.sql("SELECT COUNT(*) FROM app_redirect_uris").number());
        assertThat(rows).isZero();
    }
}
