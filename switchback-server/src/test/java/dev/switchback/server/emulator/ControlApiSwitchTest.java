package dev.switchback.server.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The control API exists only with {@code emulator=true}: without it each of its paths is Strava's 404. */
@HttpTest
class ControlApiSwitchTest {
    private static final String[][] CONTROL_REQUESTS = {
        {"GET", "/_switchback/clock"},
        {"POST", "/_switchback/clock"},
        {"POST", "/_switchback/tokens"},
        {"GET", "/_switchback/faults"},
        {"POST", "/_switchback/faults"},
        {"DELETE", "/_switchback/faults"},
        {"GET", "/_switchback/requests"},
        {"DELETE", "/_switchback/requests"},
        {"GET", "/_switchback/webhooks"},
        {"POST", "/_switchback/webhooks"},
        {"DELETE", "/_switchback/webhooks"},
        {"POST", "/_switchback/reset"},
    };

    @Test
    void withoutTheEmulator_everyControlPath_isTheNotFoundFault() {
        try (TestServer server = TestServer.start()) {
            Http http = server.http();
            for (String[] request : CONTROL_REQUESTS) {
                Http.Response response = http.send(
                        request[0],
                        request[1],
                        "application/json",
                        "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                assertThat(response.status()).as(request[0] + " " + request[1]).isEqualTo(404);
                assertThat(response.body())
                        .isEqualTo(
                                "{\"message\":\"Record Not Found\",\"errors\":[{\"resource\":\"resource\",\"field\":\"path\",\"code\":\"invalid\"}]}");
            }
        }
    }

    @Test
    void withTheEmulator_theClock_answers() {
        try (TestServer server = TestServer.start(Map.of("emulator", "true"))) {
            Http.Response response = server.http().get("/_switchback/clock");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().get("now").asString()).isEqualTo(TestServer.START.toString());
        }
    }
}
