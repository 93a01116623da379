package dev.switchback.server.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppService;
import dev.switchback.athlete.Athlete;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.Tables;
import dev.switchback.server.testing.TestServer;
import dev.switchback.store.testing.TestDatabase;
import dev.switchback.testing.ScaleTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Three server nodes, each with its own pool, on one PostgreSQL database: everything that holds on one
 * node holds across them.
 */
@ScaleTest
class MultiNodeTest {
    private static final int NODES = 3;

    private TestDatabase database;
    private final List<TestServer> nodes = new ArrayList<>();
    private AppService.CreatedApp app;
    private Athlete athlete;

    @BeforeEach
    void start() {
        database = TestDatabase.postgres();
        for (int i = 0; i < NODES; i++) {
            nodes.add(TestServer.start(Map.of("database.url", database.url(), "database.pool-size", "10")));
        }
        athlete = node(0).createAthlete("marianne");
        app = node(0).createApp("Training Log", "example.com");
    }

    @AfterEach
    void stop() {
        nodes.forEach(TestServer::close);
        database.close();
    }

    private TestServer node(int i) {
        return nodes.get(i % NODES);
    }

    @Test
    void hundredConcurrentRefreshesOfOneToken_spreadOverThreeNodes_rotateOnce_andAllGetTheSameTokens()
            throws Exception {
        String refreshToken = Flows.tokens(node(0), app, "marianne", "read")
                .get("refresh_token")
                .asString();

        List<Http.Response> responses = concurrently(100, i -> Flows.refresh(node(i), app, refreshToken));

        assertThat(responses)
                .allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(200));
        assertThat(responses.stream()
                        .map(r -> r.json().get("refresh_token").asString() + " "
                                + r.json().get("access_token").asString())
                        .distinct())
                .as("one rotation, its answer given to every request (contract#refresh-retry-window)")
                .hasSize(1);
        assertThat(Tables.count(node(0), "retired_refresh_tokens")).isEqualTo(1);
        String winner = responses.get(0).json().get("refresh_token").asString();
        Http.Response next = Flows.refresh(node(1), app, winner);
        assertThat(next.status())
                .as("the winner's token is the grant's live token")
                .isEqualTo(200);
        assertThat(Flows.refresh(node(2), app, refreshToken).status())
                .as("the first token, once its successor was used")
                .isEqualTo(400);
    }

    @Test
    void hundredConcurrentRefreshesOfOneToken_withoutARetryWindow_exactlyOneSucceeds() throws Exception {
        nodes.forEach(TestServer::close);
        nodes.clear();
        for (int i = 0; i < NODES; i++) {
            nodes.add(TestServer.start(Map.of(
                    "database.url", database.url(), "database.pool-size", "10", "oauth.refresh-retry-window", "0s")));
        }
        String refreshToken = Flows.tokens(node(0), app, "marianne", "read")
                .get("refresh_token")
                .asString();

        List<Http.Response> responses = concurrently(100, i -> Flows.refresh(node(i), app, refreshToken));

        List<Http.Response> won =
                responses.stream().filter(r -> r.status() == 200).toList();
        assertThat(won).hasSize(1);
        assertThat(responses.stream().filter(r -> r.status() == 400))
                .hasSize(99)
                .allSatisfy(r -> assertThat(
                                r.json().get("errors").get(0).get("resource").asString())
                        .isEqualTo("RefreshToken"));
        String winner = won.get(0).json().get("refresh_token").asString();
        for (int i = 0; i < NODES; i++) {
            assertThat(Flows.refresh(node(i), app, winner).status())
                    .as("the winner's token is the grant's one live token")
                    .isEqualTo(i == 0 ? 200 : 400);
        }
    }

    @Test
    void refreshRacingDeauthorizeOnAnotherNode_neverLeavesALiveToken() throws Exception {
        for (int round = 0; round < 15; round++) {
            JsonNode tokens = Flows.tokens(node(0), app, "marianne", "read");
            String access = tokens.get("access_token").asString();
            String refresh = tokens.get("refresh_token").asString();

            List<Http.Response> responses = concurrently(
                    2,
                    i -> i == 0
                            ? Flows.refresh(node(1), app, refresh)
                            : node(2).http().postEmpty("/oauth/deauthorize", "Authorization", "Bearer " + access));

            assertThat(responses.get(1).status()).isEqualTo(200);
            Http.Response refreshed = responses.get(0);
            if (refreshed.status() == 200) {
                String minted = refreshed.json().get("access_token").asString();
                for (int i = 0; i < NODES; i++) {
                    assertThat(node(i).http()
                                    .get("/api/v3/athlete", "Authorization", "Bearer " + minted)
                                    .status())
                            .isEqualTo(401);
                }
                assertThat(Flows.refresh(
                                        node(0),
                                        app,
                                        refreshed.json().get("refresh_token").asString())
                                .status())
                        .isEqualTo(400);
            }
            assertThat(liveTokensOfTheAthlete()).as("round %d", round).isZero();
        }
    }

    @Test
    void tokenDeauthorizedOnOneNode_isRefusedByEveryNodeAtOnce() {
        String access = Flows.tokens(node(0), app, "marianne", "read")
                .get("access_token")
                .asString();
        for (int i = 0; i < NODES; i++) {
            assertThat(node(i).http()
                            .get("/api/v3/athlete", "Authorization", "Bearer " + access)
                            .status())
                    .isEqualTo(200);
        }

        assertThat(node(1).http()
                        .postEmpty("/oauth/deauthorize?access_token=" + access)
                        .status())
                .isEqualTo(200);

        for (int i = 0; i < NODES; i++) {
            Http.Response response = node(i).http().get("/api/v3/athlete", "Authorization", "Bearer " + access);
            assertThat(response.status()).as("node %d", i).isEqualTo(401);
            assertThat(response.json().get("errors").get(0).get("resource").asString())
                    .isEqualTo("Athlete");
        }
    }

    @Test
    void codeRedeemedConcurrentlyOnTwoNodes_isRedeemedOnce() throws Exception {
        for (int round = 0; round < 10; round++) {
            String code = Flows.code(node(0), app, "marianne", "read");
            Map<String, String> form = Http.form(
                    "client_id",
                    app.app().clientId().toString(),
                    "client_secret",
                    app.secret().value(),
                    "code",
                    code,
                    "grant_type",
                    "authorization_code");

            List<Http.Response> responses =
                    concurrently(2, i -> node(i + 1).http().postForm("/oauth/token", form));

            assertThat(responses.stream().map(Http.Response::status))
                    .as("round %d", round)
                    .containsExactlyInAnyOrder(200, 400);
        }
    }

    @Test
    void requestsSpreadOverTheNodes_showUsageExactly_countedInTheDatabase() throws Exception {
        String bearer = "Bearer "
                + Flows.tokens(node(0), app, "marianne", "read")
                        .get("access_token")
                        .asString();

        List<Http.Response> responses =
                concurrently(60, i -> node(i).http().get("/api/v3/athlete", "Authorization", bearer));
        Http.Response last = node(1).http().get("/api/v3/athlete", "Authorization", bearer);

        assertThat(responses).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(last.header("X-RateLimit-Usage")).contains("61,61");
        assertThat(last.header("X-ReadRateLimit-Usage")).contains("61,61");
    }

    @Test
    void requestsSpreadOverTheNodes_showUsageExactly_countedInRedis() throws Exception {
        String redis = dev.switchback.store.testing.TestRedis.url();
        List<TestServer> redisNodes = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            redisNodes.add(TestServer.start(
                    Map.of("database.url", database.url(), "ratelimit.store", "redis", "ratelimit.redis-url", redis)));
        }
        try {
            String bearer = "Bearer "
                    + Flows.tokens(node(0), app, "marianne", "read")
                            .get("access_token")
                            .asString();

            List<Http.Response> responses = concurrently(
                    60, i -> redisNodes.get(i % NODES).http().get("/api/v3/athlete", "Authorization", bearer));
            Http.Response last = redisNodes.get(1).http().get("/api/v3/athlete", "Authorization", bearer);

            assertThat(responses).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
            assertThat(last.header("X-RateLimit-Usage")).contains("61,61");
        } finally {
            redisNodes.forEach(TestServer::close);
        }
    }

    private long liveTokensOfTheAthlete() {
        return node(0).switchback()
                .database()
                .read(tx -> tx.sql("SELECT COUNT(*) FROM access_tokens WHERE athlete_id = :athlete")
                                .bind("athlete", athlete.id())
                                .number()
                        + tx.sql(
                                        "SELECT COUNT(*) FROM grants WHERE athlete_id = :athlete AND refresh_digest IS NOT NULL")
                                .bind("athlete", athlete.id())
                                .number());
    }

    /** Runs {@code n} calls released at the same instant; returns their results in call order. */
    static <T> List<T> concurrently(int n, IndexedCall<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch ready = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                Callable<T> task = () -> {
                    ready.countDown();
                    go.await();
                    return call.call(index);
                };
                futures.add(pool.submit(task));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    interface IndexedCall<T> {
        T call(int index) throws Exception;
    }
}
