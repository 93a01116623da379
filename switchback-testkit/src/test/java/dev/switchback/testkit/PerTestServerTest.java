package dev.switchback.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.testing.HttpTest;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code perTest()}: a server of its own for every test, over an empty database when there is no seed. */
@HttpTest
class PerTestServerTest {
    @RegisterExtension
    static SwitchbackExtension strava = SwitchbackExtension.empty().perTest();

    private static final Set<String> BASE_URLS = new HashSet<>();

    @RepeatedTest(2)
    void eachTest_hasAServerOfItsOwn_withAnEmptyDatabase() {
        BASE_URLS.add(strava.baseUrl());
        assertThat(strava.server().switchback().athletes().isEmpty()).isTrue();
    }

    @Test
    void aSeedThatIsNowhere_isRefusedWithItsName() {
        SwitchbackExtension missing = SwitchbackExtension.withSeed("no-such-seed.json");

        assertThatThrownBy(() -> missing.beforeAll(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("seed no-such-seed.json is neither a class-path resource in a directory nor a file");
    }

    @AfterAll
    static void twoTestsSawTwoServers() {
        assertThat(BASE_URLS).hasSize(2);
    }
}
