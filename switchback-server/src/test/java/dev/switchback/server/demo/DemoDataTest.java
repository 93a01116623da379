package dev.switchback.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.athlete.Athlete;
import dev.switchback.athlete.AthleteService;
import dev.switchback.athlete.NewAthlete;
import dev.switchback.server.DemoData;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo data is made on a first start into an empty database, in several transactions; a start that stopped
 * after the athlete and before the app is finished by the next, and a database with anything else in it is
 * left alone.
 */
@HttpTest
class DemoDataTest {
    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anEmptyDatabase_getsTheDemoAthleteAndApp_withThePasswordToShow_once() {
        Optional<DemoData.Created> created = DemoData.createIfEmpty(server.switchback());

        assertThat(created).isPresent();
        assertThat(created.get().password()).isPresent();
        assertThat(server.switchback().apps().list()).hasSize(1);
        assertThat(DemoData.createIfEmpty(server.switchback())).isEmpty();
    }

    @Test
    void aFirstStartStoppedBeforeTheApp_isFinishedByTheNext_withoutTouchingTheAthlete() {
        Athlete interrupted = server.switchback()
                .athletes()
                .create(new NewAthlete(DemoData.DEMO_USERNAME, "Demo", "Athlete", "kept-password".toCharArray()));

        Optional<DemoData.Created> finished = DemoData.createIfEmpty(server.switchback());

        assertThat(finished).isPresent();
        assertThat(finished.get().athlete().id()).isEqualTo(interrupted.id());
        assertThat(finished.get().password()).as("never shown, and not changed").isEmpty();
        assertThat(server.switchback().apps().list())
                .singleElement()
                .satisfies(app -> assertThat(app.name()).isEqualTo("Switchback Demo"));
        assertThat(server.switchback()
                        .athletes()
                        .login(DemoData.DEMO_USERNAME, "kept-password".toCharArray(), "127.0.0.1"))
                .isEqualTo(new AthleteService.LoginResult.Accepted(interrupted.id()));
        assertThat(DemoData.createIfEmpty(server.switchback())).isEmpty();
    }

    @Test
    void aDatabaseWithAnotherAthlete_orAnyApp_getsNoDemo() {
        server.createAthlete("marianne");

        assertThat(DemoData.createIfEmpty(server.switchback())).isEmpty();
        assertThat(server.switchback().apps().list()).isEmpty();
    }
}
