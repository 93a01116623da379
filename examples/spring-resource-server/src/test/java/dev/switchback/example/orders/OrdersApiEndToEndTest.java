package dev.switchback.example.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Orders API against the real Switchback: tokens issued by the emulator, checked at {@code /oauth/introspect}
 * with the credentials of a resource server the CLI registered. Needs the root build's jar ({@link Switchback#JAR});
 * without it the class is skipped, except under {@code CI=true}, where it fails.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "orders.introspection-cache.bound=2s")
@EnabledIf("switchbackJarPresentOrRequired")
class OrdersApiEndToEndTest {
    /** Only a hang reaches it: the cache bound in this test is 2 s. */
    private static final Duration REFUSAL_DEADLINE = Duration.ofSeconds(60);

    private static final int ORDER_TRACKER = 101;
    private static final int GIFT_PLANNER = 102;
    private static final int ABANDONED_APP = 103;

    @TempDir
    static Path dir;

    static Switchback switchback;

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @BeforeAll
    static void startSwitchback() throws Exception {
        switchback = Switchback.start(
                dir,
                Path.of(OrdersApiEndToEndTest.class
                        .getResource("/orders-seed.json")
                        .toURI()));
    }

    @AfterAll
    static void stopSwitchback() throws InterruptedException {
        if (switchback != null) {
            switchback.close();
        }
    }

    @DynamicPropertySource
    static void pointAtSwitchback(DynamicPropertyRegistry properties) {
        String opaqueToken = "spring.security.oauth2.resourceserver.opaquetoken.";
        properties.add(opaqueToken + "introspection-uri", () -> switchback.introspectionUri());
        properties.add(opaqueToken + "client-id", () -> switchback.resourceServerId());
        properties.add(opaqueToken + "client-secret", () -> switchback.resourceServerSecret());
    }

    static boolean switchbackJarPresentOrRequired() {
        if (Files.isRegularFile(Switchback.JAR) || "true".equals(System.getenv("CI"))) {
            return true;
        }
        System.out.println("SKIPPED OrdersApiEndToEndTest: no Switchback jar at " + Switchback.JAR.toAbsolutePath()
                + " (build it in the repository's root with: mvn -B -DskipTests package -pl switchback-cli -am;"
                + " under CI=true a missing jar fails this test)");
        return false;
    }

    @Test
    void aTokenWithScopeRead_getsTheAthletesOrders() throws Exception {
        HttpResponse<String> orders = get("/orders", switchback.accessToken("rider", ORDER_TRACKER, "read"));

        assertThat(orders.statusCode()).isEqualTo(200);
        assertThat(orders.body()).contains("\"athlete\":\"1\"", "Chain wax");
    }

    @Test
    void aRequestWithoutToken_isRefusedWith401() throws Exception {
        HttpResponse<String> orders = get("/orders", null);

        assertThat(orders.statusCode()).isEqualTo(401);
        assertThat(orders.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void aTokenSwitchbackNeverIssued_isRefusedWith401InvalidToken() throws Exception {
        HttpResponse<String> orders = get("/orders", "0123456789abcdef0123456789abcdef01234567");

        assertThat(orders.statusCode()).isEqualTo(401);
        assertThat(orders.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(challenge -> assertThat(challenge).contains("error=\"invalid_token\""));
    }

    @Test
    void aTokenWithoutActivityReadAll_isForbiddenThePrivateOrders() throws Exception {
        HttpResponse<String> orders = get("/orders/private", switchback.accessToken("rider", ORDER_TRACKER, "read"));

        assertThat(orders.statusCode()).isEqualTo(403);
        assertThat(orders.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(challenge -> assertThat(challenge).contains("error=\"insufficient_scope\""));
    }

    @Test
    void aTokenWithActivityReadAll_getsThePrivateOrders() throws Exception {
        String token = switchback.accessToken("rider", GIFT_PLANNER, "read,activity:read_all");

        HttpResponse<String> orders = get("/orders/private", token);

        assertThat(orders.statusCode()).isEqualTo(200);
        assertThat(orders.body()).contains("Birthday present");
    }

    @Test
    void aPathNotInTheTable_isDeniedEvenWithAToken() throws Exception {
        HttpResponse<String> answer = get("/admin", switchback.accessToken("rider", ORDER_TRACKER, "read"));

        assertThat(answer.statusCode()).isEqualTo(403);
    }

    @Test
    void aDeauthorizedToken_isRefused_onceItsCachedAnswerExpires() throws Exception {
        String token = switchback.accessToken("rider", ABANDONED_APP, "read");
        assertThat(get("/orders", token).statusCode()).isEqualTo(200);

        switchback.deauthorize(token);

        assertThat(firstStatusOtherThan200(token)).isEqualTo(401);
    }

    /** Asks for the orders until the answer is no longer 200; the cache bound says when, the deadline only hangs. */
    private int firstStatusOtherThan200(String token) throws Exception {
        long deadline = System.nanoTime() + REFUSAL_DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            int status = get("/orders", token).statusCode();
            if (status != 200) {
                return status;
            }
            Thread.sleep(100);
        }
        return fail("the Orders API still served a deauthorized token after " + REFUSAL_DEADLINE);
    }

    private HttpResponse<String> get(String path, String accessToken) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        Optional.ofNullable(accessToken).ifPresent(token -> request.header("Authorization", "Bearer " + token));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
