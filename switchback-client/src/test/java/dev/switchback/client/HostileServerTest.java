package dev.switchback.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchback.testing.HttpTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Malformed and hostile responses, from a tiny server that answers whatever a test tells it: every one
 * is a {@link StravaException} with a clear message, never a parse crash, a hang or a null.
 */
@HttpTest
class HostileServerTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef01234567";

    private HttpServer server;
    private volatile Reply reply;
    private final CountDownLatch release = new CountDownLatch(1);

    private record Reply(int status, String contentType, String body, Map<String, String> headers) {}

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        Reply r = reply;
        if (r.status() == 0) {
            awaitRelease();
            exchange.close();
            return;
        }
        byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
        if (r.contentType() != null) {
            exchange.getResponseHeaders().add("Content-Type", r.contentType());
        }
        r.headers().forEach(exchange.getResponseHeaders()::add);
        exchange.sendResponseHeaders(r.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private void awaitRelease() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void replyWith(int status, String contentType, String body) {
        reply = new Reply(status, contentType, body, Map.of());
    }

    /** With a timeout that only ends a hang: an answer that comes, however slowly, is never a timeout. */
    private StravaClient client() {
        return client(Duration.ofSeconds(120));
    }

    private StravaClient client(Duration timeout) {
        return StravaClient.builder()
                .baseUrl("http://127.0.0.1:" + server.getAddress().getPort())
                .clientId(7)
                .clientSecret(TOKEN)
                .timeout(timeout)
                .build();
    }

    @Test
    void htmlErrorPage_isAStravaException_withTheStatusAndASnippet() {
        replyWith(
                502,
                "text/html",
                "<html><head><title>502 Bad Gateway</title></head>\n<body><h1>Bad Gateway</h1></body></html>");

        assertThatThrownBy(() -> client().refresh(TOKEN)).isInstanceOfSatisfying(StravaException.class, e -> {
            assertThat(e.kind()).isEqualTo(StravaException.Kind.ERROR_STATUS);
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.fault()).isEmpty();
            assertThat(e.body()).contains("Bad Gateway");
            assertThat(e.getMessage())
                    .startsWith("POST /oauth/token: HTTP 502, not a Strava error body (text/html): \"<html>");
        });
    }

    @Test
    void truncatedJson_onSuccess_isAnInvalidResponse() {
        replyWith(200, "application/json", "{\"token_type\":\"Bearer\",\"access_token\":\"abc");

        assertThatThrownBy(() -> client().refresh(TOKEN)).isInstanceOfSatisfying(StravaException.class, e -> {
            assertThat(e.kind()).isEqualTo(StravaException.Kind.INVALID_RESPONSE);
            assertThat(e.getMessage())
                    .isEqualTo("POST /oauth/token: HTTP 200 but the body is not valid JSON (application/json)");
        });
    }

    @Test
    void truncatedJson_onError_isAnErrorWithoutFault() {
        replyWith(400, "application/json", "{\"message\":\"Bad Request\",\"errors\":[{\"resource\":");

        assertThatThrownBy(() -> client().refresh(TOKEN)).isInstanceOfSatisfying(StravaException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.fault()).isEmpty();
            assertThat(e.isRefreshTokenInvalid()).isFalse();
        });
    }

    @Test
    void tokenResponse_missingAccessToken_isAnInvalidResponse_thatDoesNotLeakTheRefreshToken() {
        replyWith(
                200,
                "application/json",
                "{\"token_type\":\"Bearer\",\"expires_in\":21600,\"refresh_token\":\"" + TOKEN + "\"}");

        assertThatThrownBy(() -> client().refresh(TOKEN)).isInstanceOfSatisfying(StravaException.class, e -> {
            assertThat(e.kind()).isEqualTo(StravaException.Kind.INVALID_RESPONSE);
            assertThat(e.getMessage())
                    .isEqualTo("POST /oauth/token: HTTP 200 but the token response has no valid access_token")
                    .doesNotContain(TOKEN);
        });
    }

    @Test
    void tokenResponse_withWrongTypesOrAbsurdExpiry_isAnInvalidResponse() {
        for (String body : List.of(
                "{\"access_token\":42,\"refresh_token\":\"r\",\"expires_in\":21600}",
                "{\"access_token\":\"a\",\"refresh_token\":null,\"expires_in\":21600}",
                "{\"access_token\":\"a b\",\"refresh_token\":\"r\",\"expires_in\":21600}",
                "{\"access_token\":\"a\",\"refresh_token\":\"r\"}",
                "{\"access_token\":\"a\",\"refresh_token\":\"r\",\"expires_in\":\"soon\"}",
                "{\"access_token\":\"a\",\"refresh_token\":\"r\",\"expires_in\":1e300}",
                "{\"access_token\":\"a\",\"refresh_token\":\"r\",\"expires_at\":99999999999999999}",
                "[\"access_token\"]",
                "null",
                "\"text\"",
                "")) {
            replyWith(200, "application/json", body);
            assertThatThrownBy(() -> client().refresh(TOKEN))
                    .as(body)
                    .isInstanceOfSatisfying(
                            StravaException.class,
                            e -> assertThat(e.kind()).isEqualTo(StravaException.Kind.INVALID_RESPONSE));
        }
    }

    @Test
    void nonJson200_isAnInvalidResponse_forTokensAndForApiCalls() {
        replyWith(200, "text/plain", "hello, I am a captive portal");

        assertThatThrownBy(() -> client().exchange(TOKEN))
                .isInstanceOfSatisfying(
                        StravaException.class,
                        e -> assertThat(e.getMessage())
                                .isEqualTo("POST /oauth/token: HTTP 200 but the body is not valid JSON (text/plain)"));
        assertThatThrownBy(() -> client().get(TOKEN, "/athlete"))
                .isInstanceOfSatisfying(
                        StravaException.class,
                        e -> assertThat(e.getMessage())
                                .isEqualTo(
                                        "GET /api/v3/athlete: HTTP 200 but the body is not valid JSON (text/plain)"));
    }

    @Test
    void jsonWithTrailingGarbage_isAnInvalidResponse() {
        replyWith(200, "application/json", "{\"id\":1} <html>");

        assertThatThrownBy(() -> client().get(TOKEN, "/athlete")).isInstanceOf(StravaException.class);
    }

    @Test
    void faultWithOddShapes_isReadLeniently() {
        replyWith(
                401,
                "application/json",
                "{\"message\":\"Authorization Error\",\"errors\":[{\"resource\":\"Athlete\","
                        + "\"field\":\"access_token\",\"code\":\"invalid\"},\"junk\",{\"resource\":{\"nested\":1}}]}");

        assertThatThrownBy(() -> client().get(TOKEN, "/athlete")).isInstanceOfSatisfying(StravaException.class, e -> {
            assertThat(e.isAccessTokenInvalid()).isTrue();
            assertThat(e.fault().orElseThrow().errors()).hasSize(2);
        });
    }

    @Test
    void redirect_isNotFollowed_andIsAnError() {
        reply = new Reply(302, null, "", Map.of("Location", "http://evil.example.com/steal"));

        assertThatThrownBy(() -> client().get(TOKEN, "/athlete"))
                .isInstanceOfSatisfying(
                        StravaException.class, e -> assertThat(e.status()).isEqualTo(302));
    }

    @Test
    void serverThatNeverAnswers_timesOut() {
        replyWith(0, null, "");

        assertThatThrownBy(() -> client(Duration.ofSeconds(2)).refresh(TOKEN))
                .isInstanceOfSatisfying(StravaException.class, e -> {
                    assertThat(e.kind()).isEqualTo(StravaException.Kind.NETWORK);
                    assertThat(e.getMessage()).contains("within 2s");
                });
    }

    @Test
    void oversizedBody_isAnInvalidResponse() {
        replyWith(200, "application/json", "[" + "1,".repeat(Transport.MAX_BODY_BYTES / 2) + "1]");

        assertThatThrownBy(() -> client().get(TOKEN, "/athlete"))
                .isInstanceOfSatisfying(
                        StravaException.class, e -> assertThat(e.getMessage()).contains("larger than"));
    }

    @Test
    void serverDown_isANetworkFailure_namingTheServer() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        StravaClient client = StravaClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .clientId(7)
                .clientSecret(TOKEN)
                .build();

        assertThatThrownBy(() -> client.refresh(TOKEN)).isInstanceOfSatisfying(StravaException.class, e -> {
            assertThat(e.kind()).isEqualTo(StravaException.Kind.NETWORK);
            assertThat(e.status()).isZero();
            assertThat(e.getMessage()).startsWith("POST /oauth/token: cannot reach http://127.0.0.1:" + port + " (");
        });
    }

    @Test
    void rateLimitHeaders_areReadOnSuccess_inAnyCase() {
        reply = new Reply(
                200,
                "application/json",
                "{\"id\":1}",
                Map.of(
                        "x-ratelimit-limit",
                        "200,2000",
                        "X-Ratelimit-Usage",
                        "79,222",
                        "X-ReadRateLimit-Limit",
                        "100,1000",
                        "X-READRATELIMIT-USAGE",
                        "100,221"));

        RateLimitUsage usage = client().get(TOKEN, "/athlete").rateLimit().orElseThrow();

        assertThat(usage.overall()).isEqualTo(new RateLimitUsage.Bucket(200, 2000, 79, 222));
        assertThat(usage.overall().exhausted()).isFalse();
        assertThat(usage.read()).contains(new RateLimitUsage.Bucket(100, 1000, 100, 221));
        assertThat(usage.read().orElseThrow().exhausted()).isTrue();
    }

    @Test
    void a429_carriesTheFaultAndTheUsage() {
        reply = new Reply(
                429,
                "application/json; charset=utf-8",
                "{\"message\":\"Rate Limit Exceeded\",\"errors\":[{\"resource\":"
                        + "\"Application\",\"field\":\"overall rate limit\",\"code\":\"exceeded\"}]}",
                Map.of("X-RateLimit-Limit", "200,2000", "X-RateLimit-Usage", "201,300"));

        assertThatThrownBy(() -> client().post(TOKEN, "/activities", StravaClient.Body.form(Map.of("name", "Ride"))))
                .isInstanceOfSatisfying(StravaException.class, e -> {
                    assertThat(e.isRateLimited()).isTrue();
                    assertThat(e.hasError("Application", "overall rate limit", "exceeded"))
                            .isTrue();
                    assertThat(e.rateLimit().orElseThrow().overall().exhausted())
                            .isTrue();
                    assertThat(e.rateLimit().orElseThrow().read()).isEmpty();
                });
    }

    @Test
    void malformedRateLimitHeaders_areIgnored() {
        for (String value : List.of("lots", "1,2,3", "-1,5", "1;2", "", "99999999999999999999,1")) {
            reply = new Reply(
                    200, "application/json", "{}", Map.of("X-RateLimit-Limit", value, "X-RateLimit-Usage", "1,1"));
            assertThat(client().get(TOKEN, "/athlete").rateLimit()).as(value).isEmpty();
        }
    }

    @Test
    void emptySuccess_isAMissingNode() {
        replyWith(204, null, "");

        ApiResponse response = client().put(TOKEN, "/athlete", StravaClient.Body.json(Map.of("weight", 61.5)));

        assertThat(response.status()).isEqualTo(204);
        assertThat(response.body().isMissingNode()).isTrue();
    }
}
