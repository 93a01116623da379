package dev.switchback.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.Switchback;
import dev.switchback.app.AppId;
import dev.switchback.app.AppService;
import dev.switchback.athlete.NewAthlete;
import dev.switchback.store.testing.TestDatabase;
import dev.switchback.testing.StoreTest;
import dev.switchback.token.Secret;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the emulator's seed and reset need of storage, on SQLite and on PostgreSQL. */
@StoreTest
class EmulatorStorageContractTest {
    private static final Secret SECRET =
            Secret.parse("0123456789abcdef0123456789abcdef01234567").orElseThrow();

    private TestDatabase testDatabase;
    private Switchback switchback;

    private void open(TestDatabase.Kind kind) {
        testDatabase = TestDatabase.create(kind);
        switchback = Switchback.open(
                DatabaseUrl.parse(testDatabase.url()), 2, Switchback.Options.defaults(), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        if (switchback != null) {
            switchback.close();
        }
        if (testDatabase != null) {
            testDatabase.close();
        }
    }

    private AppService.CreatedApp fixed(long id) {
        return switchback
                .apps()
                .createWithClientId(new AppId(id), SECRET, "Fixed", "localhost", Optional.empty(), 10, List.of());
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void anAppWithAFixedId_isFollowedByTheNextId_andATakenIdIsRefused(TestDatabase.Kind kind) {
        open(kind);

        assertThat(fixed(4242).app().clientId()).isEqualTo(new AppId(4242));
        AppService.CreatedApp next = switchback.apps().create("Next", "localhost", Optional.empty(), 10, List.of());

        assertThat(next.app().clientId()).isEqualTo(new AppId(4243));
        assertThatThrownBy(() -> fixed(4242))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("client id 4242 is taken");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void emptyAll_leavesNoData_andIdsStartFromOneAgain(TestDatabase.Kind kind) {
        open(kind);
        switchback.athletes().create(new NewAthlete("first", "F", "A", "correct horse battery".toCharArray()));
        switchback.athletes().create(new NewAthlete("second", "S", "A", "correct horse battery".toCharArray()));
        fixed(7);

        switchback.database().write(tx -> {
            DataReset.emptyAll(tx);
            return null;
        });

        assertThat(switchback.athletes().isEmpty()).isTrue();
        assertThat(switchback.apps().isEmpty()).isTrue();
        assertThat(switchback
                        .athletes()
                        .create(new NewAthlete("again", "A", "A", "correct horse battery".toCharArray()))
                        .id()
                        .value())
                .isEqualTo(1);
        assertThat(switchback
                        .apps()
                        .create("App", "localhost", Optional.empty(), 10, List.of())
                        .app()
                        .clientId())
                .isEqualTo(new AppId(1));
    }
}
