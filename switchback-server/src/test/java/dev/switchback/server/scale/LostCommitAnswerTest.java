package dev.switchback.server.scale;

import static dev.switchback.server.testing.Faults.CODE_EXPIRED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppService;
import dev.switchback.athlete.Athlete;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.Tables;
import dev.switchback.server.testing.TcpProxy;
import dev.switchback.server.testing.TestServer;
import dev.switchback.store.testing.TestDatabase;
import dev.switchback.testing.ScaleTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * A COMMIT whose answer is lost, on PostgreSQL (contract#database-unavailable, contract#refresh-retry-window,
 * contract#code-exchange): a proxy between the node's pool and PostgreSQL cuts the connection just as
 * PostgreSQL answers COMMIT, so the transaction is committed and the node never hears so, as when the database
 * is stopped ({@code pg_ctl stop -m fast}) under load. A 503 must mean nothing happened, or the retry must
 * succeed; no chain may break, and {@code hardened} must not take the retry for a replay.
 */
@ScaleTest
class LostCommitAnswerTest {
    private static final String UNAVAILABLE =
            "{\"message\":\"Service Unavailable\",\"errors\":[{\"resource\":\"Database\",\"field\":\"\",\"code\":\"unavailable\"}]}";
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String PKCE_QUERY =
            "code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";

    private TestDatabase database;
    private TcpProxy proxy;
    private TestServer node;
    private String profile;
    private AppService.CreatedApp app;

    private void start(String profile) throws Exception {
        this.profile = profile;
        database = TestDatabase.postgres();
        proxy = new TcpProxy("127.0.0.1", 5432);
        String url = database.url().replace(":5432/", ":" + proxy.port() + "/");
        node = TestServer.start(Map.of(
                "database.url",
                url + (url.contains("?") ? "&" : "?") + "sslmode=disable&gssEncMode=disable",
                "profile",
                profile,
                "housekeeping.interval",
                "0s",
                // No webhook delivery on this node: its claims are transactions too, and the proxy must lose the
                // answer of the token request's COMMIT, not of a claim's.
                "webhooks.workers",
                "0"));
        app = node.createApp("Training Log", "example.com", java.util.Optional.empty(), 100);
    }

    @AfterEach
    void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"strava", "hardened"})
    void refresh_whoseCommitAnswerIsLost_answers200WithTheTokensItCommitted(String profile) throws Exception {
        start(profile);
        JsonNode first = tokens("marianne");
        CountDownLatch lost = proxy.loseNextCommitAnswer(false);

        Http.Response refreshed =
                Flows.refresh(node, app, first.get("refresh_token").asString());

        assertThat(lost.await(10, TimeUnit.SECONDS))
                .as("the COMMIT's answer was lost")
                .isTrue();
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        assertThat(bearerStatus(refreshed.json())).isEqualTo(200);
        assertThat(Flows.refresh(
                                node, app, refreshed.json().get("refresh_token").asString())
                        .status())
                .isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"strava", "hardened"})
    void refresh_whoseCommitAnswerIsLost_whileTheDatabaseStaysAway_answers503_andTheRetryGetsTheSameTokens(
            String profile) throws Exception {
        start(profile);
        Athlete marianne = node.createAthlete("marianne");
        JsonNode first = tokens(marianne.username());
        String presented = first.get("refresh_token").asString();
        CountDownLatch lost = proxy.loseNextCommitAnswer(true);

        Http.Response refreshed = Flows.refresh(node, app, presented);
        assertThat(lost.await(10, TimeUnit.SECONDS))
                .as("the COMMIT's answer was lost")
                .isTrue();
        proxy.restore();
        Http.Response retried = untilNot503(() -> Flows.refresh(node, app, presented));

        assertThat(refreshed.status()).isEqualTo(503);
        assertThat(refreshed.body()).isEqualTo(UNAVAILABLE);
        assertThat(refreshed.header("Retry-After")).contains("1");
        assertThat(Tables.count(node, "retired_refresh_tokens"))
                .as("the rotation the 503 answered had committed")
                .isEqualTo(1);
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(bearerStatus(retried.json())).isEqualTo(200);
        assertThat(Flows.refresh(node, app, retried.json().get("refresh_token").asString())
                        .status())
                .isEqualTo(200);
        assertThat(node.switchback().authorization().authorizedApps(marianne.id()))
                .as("no grant deleted")
                .hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"strava", "hardened"})
    void codeExchange_whoseCommitAnswerIsLost_answers200WithTheTokensItCommitted(String profile) throws Exception {
        start(profile);
        String code = code("marianne");
        CountDownLatch lost = proxy.loseNextCommitAnswer(false);

        Http.Response exchanged = exchange(code);

        assertThat(lost.await(10, TimeUnit.SECONDS))
                .as("the COMMIT's answer was lost")
                .isTrue();
        assertThat(exchanged.status()).as(exchanged.body()).isEqualTo(200);
        assertThat(exchanged.json().get("athlete").get("username").asString()).isEqualTo("marianne");
        assertThat(bearerStatus(exchanged.json())).isEqualTo(200);
        assertThat(Flows.refresh(
                                node, app, exchanged.json().get("refresh_token").asString())
                        .status())
                .isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"strava", "hardened"})
    void codeExchange_whoseCommitAnswerIsLost_whileTheDatabaseStaysAway_answers503_andTheCodeIsSpent_aNewOneWorks(
            String profile) throws Exception {
        start(profile);
        String code = code("marianne");
        CountDownLatch lost = proxy.loseNextCommitAnswer(true);

        Http.Response exchanged = exchange(code);
        assertThat(lost.await(10, TimeUnit.SECONDS)).isTrue();
        proxy.restore();
        Http.Response retried = untilNot503(() -> exchange(code));

        assertThat(exchanged.status()).isEqualTo(503);
        assertThat(retried.status()).isEqualTo(400);
        assertThat(retried.body()).isEqualTo(CODE_EXPIRED);
        Http.Response again = exchange(code("marianne"));
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(bearerStatus(again.json())).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"strava", "hardened"})
    void sixteenRefreshChains_throughLostCommitAnswersAndOutages_noChainBreaks_andNoGrantIsDeleted(String profile)
            throws Exception {
        start(profile);
        int chains = 16;
        List<Athlete> athletes = new ArrayList<>();
        AtomicReferenceArray<String> latest = new AtomicReferenceArray<>(chains);
        for (int i = 0; i < chains; i++) {
            athletes.add(node.createAthlete("athlete" + i));
            latest.set(i, tokens("athlete" + i).get("refresh_token").asString());
        }
        AtomicBoolean faulting = new AtomicBoolean(true);
        AtomicInteger unavailable = new AtomicInteger();
        ConcurrentLinkedQueue<String> broken = new ConcurrentLinkedQueue<>();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < chains; i++) {
            int chain = i;
            Thread client = new Thread(() -> {
                Http http = node.http();
                while (faulting.get() && broken.isEmpty()) {
                    Http.Response response = Flows.refreshWith(http, app, latest.get(chain));
                    if (response.status() == 200) {
                        latest.set(chain, response.json().get("refresh_token").asString());
                    } else if (response.status() == 503) {
                        unavailable.incrementAndGet(); // retried with the same token, next time round
                        pause();
                    } else {
                        broken.add("chain " + chain + ": " + response.status() + " " + response.body());
                    }
                }
            });
            client.start();
            clients.add(client);
        }

        int lostAnswers = 0;
        for (int fault = 0; fault < 8 && broken.isEmpty(); fault++) {
            boolean outage = fault % 4 == 3;
            CountDownLatch lost = proxy.loseNextCommitAnswer(outage);
            if (lost.await(30, TimeUnit.SECONDS)) {
                lostAnswers++;
            }
            if (outage) {
                Thread.sleep(6_000); // longer than a node waits to read a lost commit back
                proxy.restore();
            }
        }
        faulting.set(false);
        for (Thread client : clients) {
            client.join(TimeUnit.SECONDS.toMillis(60));
        }

        assertThat(broken).as("chains broken").isEmpty();
        assertThat(lostAnswers).as("COMMIT answers lost").isEqualTo(8);
        assertThat(unavailable.get())
                .as("503s, each retried until it succeeded")
                .isPositive();
        for (int i = 0; i < chains; i++) {
            String token = latest.get(i);
            Http.Response response = untilNot503(() -> Flows.refresh(node, app, token));
            assertThat(response.status()).as("chain %d: %s", i, response.body()).isEqualTo(200);
            assertThat(node.switchback()
                            .authorization()
                            .authorizedApps(athletes.get(i).id()))
                    .as("chain %d: grant kept", i)
                    .hasSize(1);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A code for {@code username}, with PKCE in {@code hardened}. */
    private String code(String username) {
        if (node.switchback().athletes().findByUsername(username).isEmpty()) {
            node.createAthlete(username);
        }
        return profile.equals("hardened")
                ? Flows.code(node, app, username, "read", PKCE_QUERY)
                : Flows.code(node, app, username, "read");
    }

    private Http.Response exchange(String code) {
        return profile.equals("hardened")
                ? Flows.exchangeWithVerifier(node, app, code, VERIFIER)
                : node.http()
                        .postForm(
                                "/oauth/token",
                                Http.form(
                                        "client_id",
                                        app.app().clientId().toString(),
                                        "client_secret",
                                        app.secret().value(),
                                        "code",
                                        code,
                                        "grant_type",
                                        "authorization_code"));
    }

    private JsonNode tokens(String username) {
        Http.Response response = exchange(code(username));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private int bearerStatus(JsonNode tokens) {
        return node.http()
                .get(
                        "/api/v3/athlete",
                        "Authorization",
                        "Bearer " + tokens.get("access_token").asString())
                .status();
    }

    /** The database just came back: the node reconnects by itself, and a request may get a 503 until then. */
    private static Http.Response untilNot503(java.util.function.Supplier<Http.Response> request) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Http.Response response = request.get();
        while (response.status() == 503 && System.nanoTime() < deadline) {
            response = request.get();
        }
        return response;
    }
}
