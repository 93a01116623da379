package dev.switchback.cli;

import static org.assertj.core.api.Assertions.assertThatCode;

import dev.switchback.testing.UnitTest;
import org.junit.jupiter.api.Test;

@UnitTest
class ServePreloadTest {
    @Test
    void hikarisClosedConnection_whichThePreloadReadiesByName_isInTheBuild() {
        // a HikariCP that renamed it would leave that step of every start to fail, and the main thread to pay for it
        assertThatCode(() -> Class.forName(
                        ServePreload.HIKARI_CLOSED_CONNECTION, false, ServePreload.class.getClassLoader()))
                .doesNotThrowAnyException();
    }
}
