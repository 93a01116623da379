package dev.switchback.server.webhook;

import static dev.switchback.server.testing.Faults.fault;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppService;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.Receiver;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v3/push_subscriptions} against a real receiver on loopback (contract#webhook-create,
 * contract#webhook-view-delete): the handshake and each way it fails, Strava's bodies, one subscription per
 * app, listing and deleting, the app's credentials and rate-limit headers.
 */
@HttpTest
class PushSubscriptionsTest {
    private static final String PATH = "/api/v3/push_subscriptions";
    private static final String NOT_200 =
            fault("Bad Request", "PushSubscription", "callback url", "GET to callback URL does not return 200");

    private TestServer server;
    private Receiver receiver;
    private AppService.CreatedApp app;

    @BeforeEach
    void start() {
        server = TestServer.start();
        receiver = Receiver.start();
        app = server.createApp("Training Log", "example.com");
    }

    @AfterEach
    void stop() {
        receiver.close();
        server.close();
    }

    private Map<String, String> createForm(String callbackUrl) {
        return Http.form(
                "client_id",
                app.app().clientId().toString(),
                "client_secret",
                app.secret().value(),
                "callback_url",
                callbackUrl,
                "verify_token",
                "STRAVA");
    }

    private Http.Response create(String callbackUrl) {
        return server.http().postForm(PATH, createForm(callbackUrl));
    }

    private String credentials() {
        return "client_id=" + app.app().clientId() + "&client_secret="
                + app.secret().value();
    }

    @Test
    void create_withEchoingCallback_handshakesThenAnswers201WithStravasBody() {
        Http.Response response = create(receiver.url("/hook"));

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        JsonNode body = response.json();
        assertThat(body.propertyNames())
                .containsExactly("id", "resource_state", "application_id", "callback_url", "created_at", "updated_at");
        assertThat(body.get("resource_state").asInt()).isEqualTo(2);
        assertThat(body.get("application_id").asLong())
                .isEqualTo(app.app().clientId().value());
        assertThat(body.get("callback_url").asString()).isEqualTo(receiver.url("/hook"));
        assertThat(body.get("created_at").asString()).isEqualTo("2026-03-01T10:00:00Z");
        Receiver.Request handshake = receiver.requests("/hook").get(0);
        assertThat(handshake.method()).isEqualTo("GET");
        assertThat(handshake.param("hub.mode")).isEqualTo("subscribe");
        assertThat(handshake.param("hub.verify_token")).isEqualTo("STRAVA");
        assertThat(handshake.param("hub.challenge")).matches("[0-9a-f]{32}");
    }

    @Test
    void create_takesItsParametersAsJsonOrQueryOrMultipartToo() {
        Http.Response json = server.http()
                .postJson(
                        PATH,
                        "{\"client_id\":\"" + app.app().clientId() + "\",\"client_secret\":\""
                                + app.secret().value() + "\",\"callback_url\":\"" + receiver.url("/json")
                                + "\",\"verify_token\":\"v\"}");
        assertThat(json.status()).as(json.body()).isEqualTo(201);
        deleteAll();

        Http.Response query = server.http()
                .postEmpty(PATH + "?" + credentials() + "&verify_token=v&callback_url="
                        + java.net.URLEncoder.encode(receiver.url("/query"), StandardCharsets.UTF_8));
        assertThat(query.status()).as(query.body()).isEqualTo(201);
        deleteAll();

        String boundary = "b0undary";
        StringBuilder multipart = new StringBuilder();
        createForm(receiver.url("/multipart"))
                .forEach((name, value) -> multipart
                        .append("--" + boundary + "\r\n")
                        .append("Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n")
                        .append(value + "\r\n"));
        multipart.append("--" + boundary + "--\r\n");
        Http.Response parts = server.http()
                .postRaw(
                        PATH,
                        "multipart/form-data; boundary=" + boundary,
                        multipart.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(parts.status()).as(parts.body()).isEqualTo(201);
    }

    private void deleteAll() {
        for (JsonNode subscription :
                server.http().get(PATH + "?" + credentials()).json()) {
            server.http()
                    .send("DELETE", PATH + "/" + subscription.get("id").asLong() + "?" + credentials(), null, null);
        }
    }

    @Test
    void create_whenCallbackEchoesAnotherChallenge_answers400AndStoresNothing() {
        receiver.on("/hook", Receiver.status(200, "application/json", "{\"hub.challenge\":\"not-it\"}"));

        Http.Response response = create(receiver.url("/hook"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(NOT_200);
        assertThat(server.http().get(PATH + "?" + credentials()).body()).isEqualTo("[]");
    }

    @Test
    void create_whenCallbackAnswersAfterTwoSeconds_answers400() {
        receiver.on("/hook", Receiver.slow(Duration.ofSeconds(4), Receiver.standard()));

        Http.Response response = create(receiver.url("/hook"));

        assertThat(response.body()).isEqualTo(NOT_200);
    }

    @Test
    void create_whenCallbackAnswersNot200_answers400() {
        receiver.on(
                "/hook",
                (exchange, request) ->
                        Receiver.json(exchange, 202, "{\"hub.challenge\":\"" + request.param("hub.challenge") + "\"}"));

        assertThat(create(receiver.url("/hook")).body()).isEqualTo(NOT_200);
    }

    @Test
    void create_whenCallbackAnswersHtml_answers400() {
        receiver.on("/hook", Receiver.status(200, "text/html", "<html><body>Hello</body></html>"));

        assertThat(create(receiver.url("/hook")).body()).isEqualTo(NOT_200);
    }

    @Test
    void create_whenCallbackRedirects_answers400WithoutFollowing() {
        receiver.on("/hook", (exchange, request) -> {
            exchange.getResponseHeaders().set("Location", receiver.url("/elsewhere?" + request.query()));
            Receiver.send(exchange, 302, "text/plain", "");
        });

        assertThat(create(receiver.url("/hook")).body()).isEqualTo(NOT_200);
        assertThat(receiver.requests("/elsewhere")).isEmpty();
    }

    @Test
    void create_whenNothingListens_answers400() {
        String closed = receiver.url("/hook");
        receiver.close();

        assertThat(create(closed).body()).isEqualTo(NOT_200);
    }

    @Test
    void create_withCallbackUrlOver255CharactersOrNotHttp_answers400InvalidWithoutCallingIt() {
        String longUrl = receiver.url("/" + "a".repeat(255));

        assertThat(create(longUrl).body())
                .isEqualTo(fault("Bad Request", "PushSubscription", "callback url", "invalid"));
        assertThat(create("ftp://example.com/hook").body())
                .isEqualTo(fault("Bad Request", "PushSubscription", "callback url", "invalid"));
        assertThat(receiver.requests("/" + "a".repeat(255))).isEmpty();
    }

    @Test
    void create_secondSubscription_answersAlreadyExists() {
        assertThat(create(receiver.url("/hook")).status()).isEqualTo(201);

        Http.Response second = create(receiver.url("/other"));

        assertThat(second.status()).isEqualTo(400);
        assertThat(second.body()).isEqualTo(fault("Bad Request", "PushSubscription", "", "already exists"));
        assertThat(receiver.requests("/other")).isEmpty();
    }

    @Test
    void everyCall_withBadCredentials_getsTheApplicationBodies() {
        Map<String, String> wrongSecret = createForm(receiver.url("/hook"));
        wrongSecret.put("client_secret", "0".repeat(40));
        Map<String, String> unknownApp = createForm(receiver.url("/hook"));
        unknownApp.put("client_id", "999999");

        Http.Response secret = server.http().postForm(PATH, wrongSecret);
        Http.Response id = server.http().postForm(PATH, unknownApp);
        Http.Response list = server.http().get(PATH + "?client_id=" + app.app().clientId());
        Http.Response delete = server.http().send("DELETE", PATH + "/1?client_id=abc", null, null);

        assertThat(secret.status()).isEqualTo(400);
        assertThat(secret.body()).isEqualTo(fault("Bad Request", "Application", "client_secret", "invalid"));
        assertThat(id.body()).isEqualTo(fault("Bad Request", "Application", "client_id", "invalid"));
        assertThat(list.body()).isEqualTo(fault("Bad Request", "Application", "client_secret", "invalid"));
        assertThat(delete.body()).isEqualTo(fault("Bad Request", "Application", "client_id", "invalid"));
        assertThat(receiver.requests("/hook")).isEmpty();
    }

    @Test
    void list_answersEmptyArray_thenTheSubscription_andDeleteAnswers204() {
        assertThat(server.http().get(PATH + "?" + credentials()).body()).isEqualTo("[]");
        long id = create(receiver.url("/hook")).json().get("id").asLong();

        JsonNode listed = server.http().get(PATH + "?" + credentials()).json();
        Http.Response deleted = server.http().send("DELETE", PATH + "/" + id + "?" + credentials(), null, null);

        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("id").asLong()).isEqualTo(id);
        assertThat(listed.get(0).get("resource_state").asInt()).isEqualTo(2);
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertThat(server.http().get(PATH + "?" + credentials()).body()).isEqualTo("[]");
    }

    @Test
    void delete_anotherAppsSubscription_answers404AndKeepsIt() {
        long id = create(receiver.url("/hook")).json().get("id").asLong();
        AppService.CreatedApp other = server.createApp("Other", "example.org");

        Http.Response response = server.http()
                .send(
                        "DELETE",
                        PATH + "/" + id + "?client_id=" + other.app().clientId() + "&client_secret="
                                + other.secret().value(),
                        null,
                        null);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).isEqualTo(fault("Record Not Found", "PushSubscription", "id", "invalid"));
        assertThat(server.http().get(PATH + "?" + credentials()).json()).hasSize(1);
    }

    @Test
    void theseCalls_carryTheAppsRateLimitHeaders() {
        server.http().get(PATH + "?" + credentials());

        Http.Response response = server.http().get(PATH + "?" + credentials());

        assertThat(response.header("X-RateLimit-Limit")).contains("200,2000");
        assertThat(response.header("X-RateLimit-Usage")).contains("2,2");
        assertThat(response.header("X-ReadRateLimit-Limit")).contains("100,1000");
        assertThat(response.header("X-ReadRateLimit-Usage")).contains("2,2");
    }

    @Test
    void hardenedProfile_refusesACallbackOnLoopback_withoutCallingIt() {
        try (TestServer hardened = TestServer.start(Map.of("profile", "hardened"))) {
            AppService.CreatedApp hardenedApp = hardened.createApp("Log", "example.com", java.util.List.of());
            Http.Response response = hardened.http()
                    .postForm(
                            PATH,
                            Http.form(
                                    "client_id", hardenedApp.app().clientId().toString(),
                                    "client_secret", hardenedApp.secret().value(),
                                    "callback_url", receiver.url("/hook"),
                                    "verify_token", "STRAVA"));

            assertThat(response.body()).isEqualTo(NOT_200);
            assertThat(receiver.requests("/hook")).isEmpty();
        }
    }
}
