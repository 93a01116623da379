package dev.switchback.server.oauth;

import static dev.switchback.server.testing.Faults.ACCESS_TOKEN_INVALID;
import static dev.switchback.server.testing.Faults.APPLICATION_INVALID;
import static dev.switchback.server.testing.Faults.CODE_EXPIRED;
import static dev.switchback.server.testing.Faults.REFRESH_TOKEN_INVALID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppId;
import dev.switchback.app.AppService;
import dev.switchback.athlete.Athlete;
import dev.switchback.oauth.AuthorizedApp;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.Tables;
import dev.switchback.server.testing.TestServer;
import dev.switchback.store.testing.TestDatabase;
import dev.switchback.testing.HttpTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /oauth/deauthorize} (contract#deauthorize): the token from a form field, the query string or a
 * Bearer header; the echo body; every token of the grant dies, and only of that grant; no refresh racing
 * it mints a token that survives. On SQLite and on PostgreSQL.
 */
@HttpTest
@ParameterizedClass(name = "on {0}")
@EnumSource(TestDatabase.Kind.class)
class DeauthorizeTest {
    @Parameter
    TestDatabase.Kind database;

    private TestServer server;
    private Athlete marianne;
    private AppService.CreatedApp app;
    private Http http;

    @BeforeEach
    void start() {
        server = TestServer.start(database);
        marianne = server.createAthlete("marianne");
        app = server.createApp("Training Log", "example.com");
        http = server.http();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/deauthorize", "/api/v3/oauth/deauthorize"})
    void deauthorize_withTokenAsFormField_echoesIt_andRevokesTheGrant(String path) {
        JsonNode tokens = tokens(app, "marianne");
        String access = tokens.get("access_token").asString();

        Http.Response response = http.postForm(path, Http.form("access_token", access));

        assertEchoes(response, access);
        assertGrantRevoked(tokens);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/deauthorize", "/api/v3/oauth/deauthorize"})
    void deauthorize_withTokenInQueryString_echoesIt_andRevokesTheGrant(String path) {
        JsonNode tokens = tokens(app, "marianne");
        String access = tokens.get("access_token").asString();

        Http.Response response = http.postEmpty(path + "?access_token=" + access);

        assertEchoes(response, access);
        assertGrantRevoked(tokens);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/deauthorize", "/api/v3/oauth/deauthorize"})
    void deauthorize_withBearerHeader_echoesIt_andRevokesTheGrant(String path) {
        JsonNode tokens = tokens(app, "marianne");
        String access = tokens.get("access_token").asString();

        Http.Response response = http.postEmpty(path, "Authorization", "Bearer " + access);

        assertEchoes(response, access);
        assertGrantRevoked(tokens);
    }

    @Test
    void deauthorize_withTokenInJsonBody_echoesIt_andRevokesTheGrant() {
        JsonNode tokens = tokens(app, "marianne");
        String access = tokens.get("access_token").asString();

        Http.Response response = http.postJson("/oauth/deauthorize", "{\"access_token\":\"" + access + "\"}");

        assertEchoes(response, access);
        assertGrantRevoked(tokens);
    }

    @Test
    void deauthorize_withAnOlderAccessToken_killsEveryAccessAndRefreshTokenOfTheGrant() {
        JsonNode first = tokens(app, "marianne");
        JsonNode second = refreshOk(first.get("refresh_token").asString());
        JsonNode third = refreshOk(second.get("refresh_token").asString());

        assertEchoes(
                http.postForm(
                        "/oauth/deauthorize",
                        Http.form("access_token", first.get("access_token").asString())),
                first.get("access_token").asString());

        for (JsonNode tokens : List.of(first, second, third)) {
            assertUnauthorized(tokens.get("access_token").asString());
            assertRefreshRefused(tokens.get("refresh_token").asString());
        }
        for (String table : List.of("grants", "access_tokens", "retired_refresh_tokens")) {
            assertThat(Tables.count(server, table)).as(table).isZero();
        }
        long attached = server.switchback()
                .database()
                .read(tx -> tx.sql("SELECT COUNT(*) FROM authorization_codes WHERE grant_id IS NOT NULL")
                        .number());
        assertThat(attached).as("codes still tied to a grant").isZero();
    }

    @Test
    void deauthorize_killsAnOutstandingCodeOfTheGrant() {
        JsonNode tokens = tokens(app, "marianne");
        String outstanding = Flows.code(server, app, "marianne", "read");

        http.postForm(
                "/oauth/deauthorize",
                Http.form("access_token", tokens.get("access_token").asString()));

        Http.Response exchange = http.postForm(
                "/oauth/token",
                Http.form(
                        "client_id",
                        app.app().clientId().toString(),
                        "client_secret",
                        app.secret().value(),
                        "code",
                        outstanding,
                        "grant_type",
                        "authorization_code"));
        assertThat(exchange.status()).isEqualTo(400);
        assertThat(exchange.body()).isEqualTo(CODE_EXPIRED);
    }

    @Test
    void deauthorize_removesTheAppFromMyApps_andLeavesOtherGrantsUntouched() {
        Athlete bob = server.createAthlete("bob");
        AppService.CreatedApp otherApp = server.createApp("Other App", "example.org");
        JsonNode marianneApp = tokens(app, "marianne");
        JsonNode marianneOther = tokens(otherApp, "marianne");
        JsonNode bobApp = tokens(app, "bob");
        assertThat(appIds(marianne))
                .containsExactlyInAnyOrder(app.app().clientId(), otherApp.app().clientId());

        http.postForm(
                "/oauth/deauthorize",
                Http.form("access_token", marianneApp.get("access_token").asString()));

        assertThat(appIds(marianne)).containsExactly(otherApp.app().clientId());
        assertThat(appIds(bob)).containsExactly(app.app().clientId());
        assertThat(athleteStatus(marianneOther.get("access_token").asString())).isEqualTo(200);
        assertThat(athleteStatus(bobApp.get("access_token").asString())).isEqualTo(200);
        assertThat(Flows.refresh(
                                server,
                                otherApp,
                                marianneOther.get("refresh_token").asString())
                        .status())
                .isEqualTo(200);
        assertThat(Flows.refresh(server, app, bobApp.get("refresh_token").asString())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void deauthorize_thenAuthorizeAgain_givesAWorkingNewGrant() {
        JsonNode old = tokens(app, "marianne");
        http.postForm(
                "/oauth/deauthorize",
                Http.form("access_token", old.get("access_token").asString()));

        JsonNode fresh = tokens(app, "marianne");

        assertThat(athleteStatus(fresh.get("access_token").asString())).isEqualTo(200);
        assertUnauthorized(old.get("access_token").asString());
        assertThat(appIds(marianne)).containsExactly(app.app().clientId());
    }

    // --- bad tokens -------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/deauthorize", "/api/v3/oauth/deauthorize"})
    void deauthorize_withoutToken_returns401InvalidApplication(String path) {
        Http.Response response = http.postEmpty(path);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(APPLICATION_INVALID);
    }

    @Test
    void deauthorize_withMalformedToken_returns401InvalidApplication() {
        Http.Response response = http.postForm("/oauth/deauthorize", Http.form("access_token", "access-token"));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(APPLICATION_INVALID);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/deauthorize", "/api/v3/oauth/deauthorize"})
    void deauthorize_withWellFormedUnknownToken_returns401InvalidAccessToken(String path) {
        Http.Response response =
                http.postForm(path, Http.form("access_token", "0123456789abcdef0123456789abcdef01234567"));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(ACCESS_TOKEN_INVALID);
    }

    @Test
    void deauthorize_twice_returns401InvalidAccessTokenTheSecondTime() {
        String access = tokens(app, "marianne").get("access_token").asString();
        assertThat(http.postForm("/oauth/deauthorize", Http.form("access_token", access))
                        .status())
                .isEqualTo(200);

        Http.Response second = http.postForm("/oauth/deauthorize", Http.form("access_token", access));

        assertThat(second.status()).isEqualTo(401);
        assertThat(second.body()).isEqualTo(ACCESS_TOKEN_INVALID);
    }

    @Test
    void deauthorize_withRefreshTokenInsteadOfAccessToken_returns401_andRevokesNothing() {
        JsonNode tokens = tokens(app, "marianne");

        Http.Response response = http.postForm(
                "/oauth/deauthorize",
                Http.form("access_token", tokens.get("refresh_token").asString()));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(ACCESS_TOKEN_INVALID);
        assertThat(athleteStatus(tokens.get("access_token").asString())).isEqualTo(200);
    }

    @Test
    void deauthorize_withExpiredAccessToken_returns401InvalidAccessToken() {
        String access = tokens(app, "marianne").get("access_token").asString();
        server.clock().advance(Duration.ofHours(6).plusSeconds(1));

        Http.Response response = http.postForm("/oauth/deauthorize", Http.form("access_token", access));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(ACCESS_TOKEN_INVALID);
    }

    // --- race -------------------------------------------------------------------------------------

    @Test
    void deauthorize_racingManyRefreshes_leavesNoTokenOfTheGrantAlive() throws Exception {
        for (int round = 0; round < 3; round++) {
            raceOnce();
        }
    }

    private void raceOnce() throws Exception {
        JsonNode start = tokens(app, "marianne");
        AtomicReference<String> currentRefresh =
                new AtomicReference<>(start.get("refresh_token").asString());
        AtomicReference<String> latestAccess =
                new AtomicReference<>(start.get("access_token").asString());
        Set<String> accessTokens = ConcurrentHashMap.newKeySet();
        Set<String> refreshTokens = ConcurrentHashMap.newKeySet();
        accessTokens.add(latestAccess.get());
        refreshTokens.add(currentRefresh.get());
        AtomicBoolean deauthorized = new AtomicBoolean();
        CountDownLatch someRefreshes = new CountDownLatch(3);
        int refreshers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(refreshers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < refreshers; i++) {
                Http client = server.http();
                futures.add(pool.submit(() -> {
                    for (int attempt = 0; attempt < 200; attempt++) {
                        boolean afterDeauthorize = deauthorized.get();
                        String presented = currentRefresh.get();
                        Http.Response response = Flows.refreshWith(client, app, presented);
                        if (response.status() == 200) {
                            JsonNode json = response.json();
                            accessTokens.add(json.get("access_token").asString());
                            refreshTokens.add(json.get("refresh_token").asString());
                            latestAccess.set(json.get("access_token").asString());
                            currentRefresh.compareAndSet(
                                    presented, json.get("refresh_token").asString());
                            someRefreshes.countDown();
                        } else if (afterDeauthorize) {
                            return;
                        }
                    }
                }));
            }
            assertThat(someRefreshes.await(30, TimeUnit.SECONDS)).isTrue();
            deauthorize(latestAccess);
            deauthorized.set(true);
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (String access : accessTokens) {
            assertUnauthorized(access);
        }
        for (String refresh : refreshTokens) {
            assertRefreshRefused(refresh);
        }
        assertThat(server.switchback().authorization().authorizedApps(marianne.id()))
                .isEmpty();
        assertThat(Tables.count(server, "access_tokens")).isZero();
        assertThat(Tables.count(server, "grants")).isZero();
    }

    /** Deauthorizes with the newest access token seen; retries if refreshes pushed it out of its slot meanwhile. */
    private void deauthorize(AtomicReference<String> latestAccess) {
        for (int attempt = 0; attempt < 20; attempt++) {
            String access = latestAccess.get();
            Http.Response response = server.http().postForm("/oauth/deauthorize", Http.form("access_token", access));
            if (response.status() == 200) {
                assertThat(response.body()).isEqualTo("{\"access_token\":\"" + access + "\"}");
                return;
            }
        }
        throw new AssertionError("deauthorize never succeeded");
    }

    // --- helpers ----------------------------------------------------------------------------------

    private JsonNode tokens(AppService.CreatedApp forApp, String username) {
        return Flows.tokens(server, forApp, username, "read");
    }

    private JsonNode refreshOk(String refreshToken) {
        Http.Response response = Flows.refresh(server, app, refreshToken);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private List<AppId> appIds(Athlete athlete) {
        return server.switchback().authorization().authorizedApps(athlete.id()).stream()
                .map(AuthorizedApp::clientId)
                .toList();
    }

    private int athleteStatus(String access) {
        return http.get("/api/v3/athlete", "Authorization", "Bearer " + access).status();
    }

    private void assertEchoes(Http.Response response, String access) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"access_token\":\"" + access + "\"}");
        assertThat(response.header("Content-Type").orElseThrow()).matches("application/json; ?charset=utf-8");
    }

    private void assertGrantRevoked(JsonNode tokens) {
        assertUnauthorized(tokens.get("access_token").asString());
        assertRefreshRefused(tokens.get("refresh_token").asString());
        assertThat(server.switchback().authorization().authorizedApps(marianne.id()))
                .isEmpty();
    }

    private void assertUnauthorized(String access) {
        Http.Response response = http.get("/api/v3/athlete", "Authorization", "Bearer " + access);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(ACCESS_TOKEN_INVALID);
    }

    private void assertRefreshRefused(String refresh) {
        Http.Response response = Flows.refresh(server, app, refresh);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(REFRESH_TOKEN_INVALID);
    }
}
