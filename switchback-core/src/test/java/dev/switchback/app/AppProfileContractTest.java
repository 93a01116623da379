package dev.switchback.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.athlete.AthleteStore;
import dev.switchback.athlete.NewAthlete;
import dev.switchback.athlete.PasswordHasher;
import dev.switchback.store.Database;
import dev.switchback.store.DatabaseUrl;
import dev.switchback.store.testing.TestDatabase;
import dev.switchback.testing.StoreTest;
import dev.switchback.time.MutableClock;
import dev.switchback.token.PageSeal;
import dev.switchback.token.TokenGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The developer page's side of {@link AppService} (contract#developer-page, contract#developer-page-secrets), on
 * SQLite and PostgreSQL: one app per owner, the profile and icon, the sealed secret.
 */
@StoreTest
class AppProfileContractTest {
    private static final byte[] PNG = Base64.getDecoder()
            .decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");
    private static final AppProfile PROFILE =
            AppProfile.parse("Training Log", "Training", "https://traininglog.example", "Keeps a log.", "example.com");

    private TestDatabase testDatabase;
    private Database database;
    private AppService apps;
    private final PageSeal seal = PageSeal.random();

    private dev.switchback.athlete.AthleteId open(TestDatabase.Kind kind) {
        testDatabase = TestDatabase.create(kind);
        database = Database.open(DatabaseUrl.parse(testDatabase.url()), 2);
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        AthleteStore athletes = new AthleteStore();
        apps = new AppService(database, new AppStore(database), athletes, new TokenGenerator(), clock);
        char[] password = "correct horse battery".toCharArray();
        String hash = new PasswordHasher().hash(password);
        return database.write(tx -> athletes.insert(
                        tx, new NewAthlete("marianne", "Marianne", "Vos", password), hash, clock.instant()))
                .orElseThrow()
                .id();
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
    void createOwned_keepsTheProfileTheIconAndTheSecretSealed(TestDatabase.Kind kind) {
        var owner = open(kind);

        AppService.CreatedApp created = apps.createOwned(owner, PROFILE, Optional.of(AppIcon.of(PNG)), seal);

        assertThat(apps.ownedBy(owner)).contains(created.app());
        AppStore.PageRecord record = apps.pageRecord(created.app().clientId()).orElseThrow();
        assertThat(record.details())
                .isEqualTo(new AppStore.Details(
                        "Training", "https://traininglog.example", "Keeps a log.", Optional.of(AppIcon.of(PNG))));
        assertThat(record.sealedSecret().flatMap(seal::open))
                .contains(created.secret().value());
        assertThat(record.sealedSecret().flatMap(PageSeal.random()::open)).isEmpty();
        assertThat(record.sealedSecret().orElseThrow())
                .doesNotContain(created.secret().value());
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void createOwned_aSecondTime_isRefused_andStoresNothing(TestDatabase.Kind kind) {
        var owner = open(kind);
        apps.createOwned(owner, PROFILE, Optional.empty(), seal);

        assertThatThrownBy(() -> apps.createOwned(owner, PROFILE, Optional.empty(), seal))
                .isInstanceOf(AppProfile.InvalidAppException.class);
        assertThat(apps.list()).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void updateProfile_withoutAnIcon_keepsTheIcon_andRotateByTheCliForgetsTheSealedSecret(TestDatabase.Kind kind) {
        var owner = open(kind);
        AppService.CreatedApp created = apps.createOwned(owner, PROFILE, Optional.of(AppIcon.of(PNG)), seal);
        AppId id = created.app().clientId();

        apps.updateProfile(
                id, AppProfile.parse("Renamed", "Other", "http://x.example", "", "x.example"), Optional.empty());
        apps.rotateSecret(id);

        App app = apps.find(id).orElseThrow();
        assertThat(app.name()).isEqualTo("Renamed");
        assertThat(app.callbackDomain().host()).isEqualTo("x.example");
        AppStore.PageRecord record = apps.pageRecord(id).orElseThrow();
        assertThat(record.details().icon()).contains(AppIcon.of(PNG));
        assertThat(record.details().category()).isEqualTo("Other");
        assertThat(record.sealedSecret()).isEmpty();
    }
}
