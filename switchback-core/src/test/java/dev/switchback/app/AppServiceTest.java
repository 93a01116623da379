package dev.switchback.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.Switchback;
import dev.switchback.athlete.Athlete;
import dev.switchback.athlete.NewAthlete;
import dev.switchback.fault.FaultError;
import dev.switchback.fault.FaultException;
import dev.switchback.oauth.TokenRequest;
import dev.switchback.store.DatabaseUrl;
import dev.switchback.testing.UnitTest;
import dev.switchback.time.MutableClock;
import dev.switchback.token.Secret;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Client applications on a real SQLite file: creation, validation, secret rotation, deletion. */
@UnitTest
class AppServiceTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final String SOME_REFRESH_TOKEN = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path directory;

    private Switchback switchback;
    private AppService apps;

    @BeforeEach
    void open() {
        switchback = Switchback.open(
                DatabaseUrl.parse(directory.resolve("switchback.db").toString()),
                2,
                Switchback.Options.defaults(),
                new MutableClock(NOW));
        apps = switchback.apps();
    }

    @AfterEach
    void close() {
        switchback.close();
    }

    private AppService.CreatedApp create(String name) {
        return apps.create(name, "example.com", Optional.empty(), AppService.DEFAULT_ATHLETE_CAPACITY);
    }

    private String storedDigest(AppId clientId) {
        return switchback
                .database()
                .read(tx -> tx.sql("SELECT secret_digest FROM apps WHERE id = :id")
                        .bind("id", clientId)
                        .one(row -> row.getString(1))
                        .orElseThrow());
    }

    /** The fault the token endpoint answers for this secret; a right secret gets past the client check. */
    private FaultError tokenEndpointFault(AppId clientId, String secret) {
        TokenRequest request = new TokenRequest.RefreshTokenGrant(
                clientId.toString(), Optional.of(secret), Optional.of(SOME_REFRESH_TOKEN));
        try {
            switchback.tokens().exchange(request);
        } catch (FaultException e) {
            return e.errors().get(0);
        }
        throw new AssertionError("an unknown refresh token was accepted");
    }

    @Test
    void create_returnsAFortyHexSecret_andStoresOnlyItsDigest() {
        AppService.CreatedApp created = create("Training Log");

        assertThat(created.secret().value()).matches("[0-9a-f]{40}");
        assertThat(storedDigest(created.app().clientId()))
                .isEqualTo(Secret.digestOf(created.secret().value()).hex())
                .isEqualTo(created.app().secretDigest().hex());
    }

    @Test
    void create_fillsInTheApp() {
        App app = apps.create("  Training Log ", "Example.com", Optional.empty(), 1)
                .app();

        assertThat(app.name()).isEqualTo("Training Log");
        assertThat(app.callbackDomain().host()).isEqualTo("example.com");
        assertThat(app.athleteCapacity()).isEqualTo(1);
        assertThat(app.ownerId()).isEmpty();
        assertThat(app.createdAt()).isEqualTo(NOW);
        assertThat(apps.find(app.clientId())).contains(app);
    }

    // --- registered redirect URIs (contract#registered-redirect-uris) -------------------------------

    @Test
    void create_withRedirectUris_keepsThemInTheOrderGiven_aRepeatedOneOnce() {
        AppId id = apps.create(
                        "Training Log",
                        "example.com",
                        Optional.empty(),
                        1,
                        List.of(
                                "https://example.com/cb",
                                "com.myapp://app.example.com/cb",
                                "http://127.0.0.1/callback",
                                "https://example.com/cb"))
                .app()
                .clientId();

        assertThat(apps.redirectUris(id))
                .containsExactly(
                        "https://example.com/cb", "com.myapp://app.example.com/cb", "http://127.0.0.1/callback");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://evil.com/cb",
                "https://example.com.evil.com/cb",
                "https://example.com/cb?state=fixed",
                "https://example.com/cb?code=x&next=1",
                "https://example.com/cb?%73tate=1",
                "javascript://example.com/%0Aalert(1)",
                "file://localhost/etc/passwd",
                "https://example.com/cb#top",
                "example.com/cb"
            })
    void create_withARedirectUriThatCannotBeRegistered_isRefusedNamingIt_andCreatesNoApp(String uri) {
        assertThatThrownBy(() -> apps.create("Training Log", "example.com", Optional.empty(), 1, List.of(uri)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("redirect URI")
                .hasMessageContaining(uri);
        assertThat(apps.list()).isEmpty();
    }

    @Test
    void create_withMoreThanTwentyRedirectUris_isRefused() {
        List<String> many = java.util.stream.IntStream.rangeClosed(1, 21)
                .mapToObj(n -> "https://example.com/cb" + n)
                .toList();

        assertThatThrownBy(() -> apps.create("Training Log", "example.com", Optional.empty(), 1, many))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an app may register at most 20 redirect URIs (got 21)");
    }

    @Test
    void setRedirectUris_replacesThemAll_andAnEmptyListRemovesThem() {
        AppId id = apps.create("Training Log", "example.com", Optional.empty(), 1, List.of("https://example.com/old"))
                .app()
                .clientId();

        apps.setRedirectUris(id, List.of("https://example.com/new"));
        List<String> replaced = apps.redirectUris(id);
        apps.setRedirectUris(id, List.of());

        assertThat(replaced).containsExactly("https://example.com/new");
        assertThat(apps.redirectUris(id)).isEmpty();
    }

    @Test
    void setRedirectUris_ofAnUnknownApp_isRefused() {
        assertThatThrownBy(() -> apps.setRedirectUris(new AppId(99), List.of("https://example.com/cb")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no app with id 99");
    }

    @Test
    void create_givesEachAppItsOwnIntegerIdAndSecret() {
        AppService.CreatedApp first = create("First");
        AppService.CreatedApp second = create("Second");

        assertThat(second.app().clientId().value())
                .isGreaterThan(first.app().clientId().value());
        assertThat(second.secret()).isNotEqualTo(first.secret());
        assertThat(apps.list()).extracting(App::name).containsExactly("First", "Second");
    }

    @Test
    void create_withOwner_findsTheAthleteByUsernameInAnyCase() {
        Athlete owner = switchback
                .athletes()
                .create(new NewAthlete("marianne", "Marianne", "Vos", "correct horse".toCharArray()));

        App app = apps.create("Training Log", "example.com", Optional.of("Marianne"), 1)
                .app();

        assertThat(app.ownerId()).contains(owner.id());
    }

    @Test
    void create_unknownOwner_isRefusedNamingTheUsername() {
        assertThatThrownBy(() -> apps.create("Training Log", "example.com", Optional.of("nobody"), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no athlete with username 'nobody'");
        assertThat(apps.list()).isEmpty();
    }

    @Test
    void create_blankOrOverlongName_isRefused() {
        assertThatThrownBy(() -> create("  "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must be 1 to 100 characters (got '')");
        assertThatThrownBy(() -> create("x".repeat(101))).hasMessageStartingWith("name must be 1 to 100 characters");
    }

    @Test
    void create_callbackDomainWithScheme_isRefusedNamingTheValue() {
        assertThatThrownBy(() -> apps.create("Training Log", "https://example.com", Optional.empty(), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("callback domain must be a bare host")
                .hasMessageContaining("'https://example.com'");
    }

    @Test
    void create_capacityBelowOne_isRefused() {
        assertThatThrownBy(() -> apps.create("Training Log", "example.com", Optional.empty(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("capacity must be at least 1 (got 0)");
    }

    @Test
    void create_secretAuthenticatesAtTheTokenEndpoint_aWrongOneDoesNot() {
        AppService.CreatedApp created = create("Training Log");
        AppId id = created.app().clientId();

        assertThat(tokenEndpointFault(id, created.secret().value()))
                .isEqualTo(new FaultError("RefreshToken", "refresh_token", "invalid"));
        assertThat(tokenEndpointFault(id, "f".repeat(40)))
                .isEqualTo(new FaultError("Application", "client_secret", "invalid"));
    }

    @Test
    void rotateSecret_newSecretWorks_oldOneNoLonger() {
        AppService.CreatedApp created = create("Training Log");
        AppId id = created.app().clientId();

        AppService.CreatedApp rotated = apps.rotateSecret(id);

        assertThat(rotated.secret()).isNotEqualTo(created.secret());
        assertThat(rotated.app().secretDigest()).isEqualTo(rotated.secret().digest());
        assertThat(storedDigest(id)).isEqualTo(rotated.secret().digest().hex());
        assertThat(tokenEndpointFault(id, rotated.secret().value()))
                .isEqualTo(new FaultError("RefreshToken", "refresh_token", "invalid"));
        assertThat(tokenEndpointFault(id, created.secret().value()))
                .isEqualTo(new FaultError("Application", "client_secret", "invalid"));
    }

    @Test
    void rotateSecret_unknownApp_isRefusedNamingTheId() {
        assertThatThrownBy(() -> apps.rotateSecret(new AppId(99)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no app with id 99");
    }

    @Test
    void delete_removesTheApp_andItsSecretStopsWorking() {
        AppService.CreatedApp created = create("Training Log");
        AppId id = created.app().clientId();

        apps.delete(id);

        assertThat(apps.find(id)).isEmpty();
        assertThat(apps.list()).isEmpty();
        assertThat(tokenEndpointFault(id, created.secret().value()))
                .isEqualTo(new FaultError("Application", "client_id", "invalid"));
    }

    @Test
    void delete_unknownApp_isRefusedNamingTheId() {
        assertThatThrownBy(() -> apps.delete(new AppId(99)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no app with id 99");
    }

    @Test
    void app_toString_neverShowsTheSecretDigest() {
        App app = create("Training Log").app();

        assertThat(app.toString()).doesNotContain(app.secretDigest().hex());
    }
}
