package dev.switchback.athlete;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.Switchback;
import dev.switchback.athlete.AthleteService.LoginResult;
import dev.switchback.store.DatabaseUrl;
import dev.switchback.testing.UnitTest;
import dev.switchback.time.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Athlete accounts on a real SQLite file: Argon2id hashes, logins and their throttle. */
@UnitTest
class AthleteServiceTest {
    private static final String PASSWORD = "correct horse battery";
    private static final String ADDRESS = "203.0.113.7";

    @TempDir
    Path directory;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private Switchback switchback;
    private AthleteService athletes;

    @BeforeEach
    void open() {
        switchback = Switchback.open(
                DatabaseUrl.parse(directory.resolve("switchback.db").toString()),
                2,
                Switchback.Options.defaults(),
                clock);
        athletes = switchback.athletes();
    }

    @AfterEach
    void close() {
        switchback.close();
    }

    private Athlete create(String username) {
        return athletes.create(new NewAthlete(username, "Marianne", "Vos", PASSWORD.toCharArray()));
    }

    private String storedHash(String username) {
        return switchback
                .database()
                .read(tx -> tx.sql("SELECT password_hash FROM athletes WHERE username = :username")
                        .bind("username", username)
                        .one(row -> row.getString(1))
                        .orElseThrow());
    }

    private LoginResult login(String username, String password) {
        return athletes.login(username, password.toCharArray(), ADDRESS);
    }

    @Test
    void create_storesAnArgon2idHash_neverThePassword() {
        create("marianne");

        assertThat(storedHash("marianne"))
                .startsWith("$argon2id$")
                .contains("m=19456,t=2,p=1")
                .doesNotContain(PASSWORD);
    }

    @Test
    void create_samePasswordTwice_givesDifferentSaltedHashes() {
        create("marianne");
        create("pauline");

        assertThat(storedHash("marianne")).isNotEqualTo(storedHash("pauline"));
    }

    @Test
    void create_wipesThePasswordArrayItWasGiven() {
        char[] password = PASSWORD.toCharArray();

        athletes.create(new NewAthlete("marianne", "Marianne", "Vos", password));

        assertThat(new String(password)).isEqualTo("\0".repeat(PASSWORD.length()));
    }

    @Test
    void create_normalisesTheUsernameToLowerCase() {
        Athlete athlete = create("  Marianne ");

        assertThat(athlete.username()).isEqualTo("marianne");
        assertThat(athletes.findByUsername("MARIANNE")).map(Athlete::id).contains(athlete.id());
    }

    @Test
    void create_takenUsername_isRefusedInAnyCase() {
        create("marianne");

        assertThatThrownBy(() -> create("Marianne"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("username 'marianne' is taken");
        assertThat(athletes.list()).hasSize(1);
    }

    @Test
    void newAthlete_shortPassword_isRefused() {
        assertThatThrownBy(() -> new NewAthlete("marianne", "Marianne", "Vos", "1234567".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("password must be at least 8 characters");
    }

    @Test
    void newAthlete_badUsername_isRefusedNamingIt() {
        assertThatThrownBy(() -> new NewAthlete("m", "Marianne", "Vos", PASSWORD.toCharArray()))
                .hasMessageStartingWith("username must be 2 to 64")
                .hasMessageEndingWith("(got 'm')");
        assertThatThrownBy(() -> new NewAthlete("ma rianne", "Marianne", "Vos", PASSWORD.toCharArray()))
                .hasMessageStartingWith("username must be");
        assertThatThrownBy(() -> new NewAthlete("_marianne", "Marianne", "Vos", PASSWORD.toCharArray()))
                .hasMessageStartingWith("username must be");
    }

    @Test
    void newAthlete_blankName_isRefusedNamingTheField() {
        assertThatThrownBy(() -> new NewAthlete("marianne", " ", "Vos", PASSWORD.toCharArray()))
                .hasMessage("firstname must be 1 to 100 characters (got '')");
        assertThatThrownBy(() -> new NewAthlete("marianne", "Marianne", null, PASSWORD.toCharArray()))
                .hasMessage("lastname must be 1 to 100 characters (got '')");
    }

    @Test
    void newAthlete_toString_neverShowsThePassword() {
        assertThat(new NewAthlete("marianne", "Marianne", "Vos", PASSWORD.toCharArray()).toString())
                .doesNotContain("horse");
    }

    @Test
    void login_correctPassword_isAccepted() {
        Athlete athlete = create("marianne");

        assertThat(login("marianne", PASSWORD)).isEqualTo(new LoginResult.Accepted(athlete.id()));
        assertThat(login(" Marianne ", PASSWORD)).isEqualTo(new LoginResult.Accepted(athlete.id()));
    }

    @Test
    void login_wrongPassword_isRejected() {
        create("marianne");

        assertThat(login("marianne", "correct horse battery staple")).isInstanceOf(LoginResult.Rejected.class);
    }

    @Test
    void login_unknownOrEmptyUsername_isRejected() {
        create("marianne");

        assertThat(login("pauline", PASSWORD)).isInstanceOf(LoginResult.Rejected.class);
        assertThat(athletes.login(null, PASSWORD.toCharArray(), ADDRESS)).isInstanceOf(LoginResult.Rejected.class);
    }

    @Test
    void login_afterFiveFreeFailures_theSixthBlocksEvenTheRightPassword() {
        create("marianne");
        for (int i = 0; i < 5; i++) {
            assertThat(login("marianne", "wrong password")).isInstanceOf(LoginResult.Rejected.class);
        }
        assertThat(login("marianne", "wrong password")).isInstanceOf(LoginResult.Rejected.class);

        assertThat(login("marianne", PASSWORD)).isEqualTo(new LoginResult.Throttled(Duration.ofSeconds(1)));
    }

    @Test
    void login_onceTheBlockHasPassed_acceptsTheRightPasswordAndClearsTheCount() {
        Athlete athlete = create("marianne");
        for (int i = 0; i < 6; i++) {
            login("marianne", "wrong password");
        }
        clock.advance(Duration.ofSeconds(1));

        assertThat(login("marianne", PASSWORD)).isEqualTo(new LoginResult.Accepted(athlete.id()));
        for (int i = 0; i < 5; i++) {
            login("marianne", "wrong password");
        }
        assertThat(login("marianne", PASSWORD)).isEqualTo(new LoginResult.Accepted(athlete.id()));
    }
}
