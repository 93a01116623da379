package dev.switchback.server.oauth;

import static dev.switchback.server.testing.Faults.ACCESS_TOKEN_INVALID;
import static dev.switchback.server.testing.Faults.CODE_EXPIRED;
import static dev.switchback.server.testing.Faults.REFRESH_TOKEN_INVALID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppService;
import dev.switchback.athlete.Athlete;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.Tables;
import dev.switchback.server.testing.TestServer;
import dev.switchback.store.testing.TestDatabase;
import dev.switchback.testing.HttpTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * Refresh-token rotation and its profile settings (contract#token-rotation, contract#refresh-retry-window, contract#profiles): every refresh rotates, earlier access
 * tokens live on until they expire within a bounded number of slots, exactly one of concurrent refreshes
 * rotates, the retry window (on by default: a retry gets the same answer again), and reuse detection of codes and
 * refresh tokens. On SQLite and on PostgreSQL.
 */
@HttpTest
@ParameterizedClass(name = "on {0}")
@EnumSource(TestDatabase.Kind.class)
class RefreshRotationTest {
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String PKCE_QUERY =
            "code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";

    @Parameter
    TestDatabase.Kind database;

    private TestServer server;
    private Athlete marianne;
    private AppService.CreatedApp app;

    private void start(Map<String, String> settings) {
        server = TestServer.start(database, settings);
        marianne = server.createAthlete("marianne");
        app = server.createApp("Training Log", "example.com");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** One access and refresh token pair as the token endpoint returned it. */
    private record Pair(String access, String refresh) {
        static Pair of(JsonNode json) {
            return new Pair(
                    json.get("access_token").asString(),
                    json.get("refresh_token").asString());
        }
    }

    // --- rotation ---------------------------------------------------------------------------------

    @Test
    void refresh_everyTime_rotatesTheRefreshToken_andRefusesEachPredecessorOnceItsSuccessorWasUsed() {
        start(Map.of());
        List<Pair> chain = new ArrayList<>(List.of(tokens()));

        for (int i = 0; i < 4; i++) {
            Pair next = refreshOk(chain.get(chain.size() - 1).refresh());
            assertThat(chain).extracting(Pair::refresh).doesNotContain(next.refresh());
            chain.add(next);
        }

        for (Pair superseded : chain.subList(0, chain.size() - 2)) {
            assertRefused(superseded.refresh());
        }
        assertThat(refresh(chain.get(chain.size() - 1).refresh()).status()).isEqualTo(200);
        pastTheRetryWindow();
        assertRefused(chain.get(chain.size() - 2).refresh());
    }

    @Test
    void refresh_withoutARetryWindow_refusesThePredecessorAtOnce() {
        start(Map.of("oauth.refresh-retry-window", "0s"));
        Pair first = tokens();
        Pair second = refreshOk(first.refresh());

        assertRefused(first.refresh());
        assertThat(refresh(second.refresh()).status()).isEqualTo(200);
    }

    @Test
    void refresh_leavesEarlierAccessTokensValid_untilEachExpires() {
        start(Map.of());
        Pair first = tokens();
        server.clock().advance(Duration.ofHours(1));
        Pair second = refreshOk(first.refresh());

        assertThat(athleteStatus(first.access())).isEqualTo(200);
        assertThat(athleteStatus(second.access())).isEqualTo(200);

        server.clock().advance(Duration.ofHours(5).plusSeconds(1));
        assertUnauthorized(first.access());
        assertThat(athleteStatus(second.access())).isEqualTo(200);

        server.clock().advance(Duration.ofHours(1));
        assertUnauthorized(second.access());
    }

    @Test
    void accessToken_sixHoursAndOneSecondAfterIssue_returns401InvalidAccessToken() {
        start(Map.of());
        Pair pair = tokens();

        server.clock().advance(Duration.ofHours(6).plusSeconds(1));

        assertUnauthorized(pair.access());
    }

    @Test
    void refresh_sixTimes_keepsOnlyTheLatestFiveAccessTokensAlive() {
        start(Map.of());
        Pair pair = tokens();
        List<String> accessTokens = new ArrayList<>(List.of(pair.access()));

        for (int i = 1; i <= 6; i++) {
            pair = refreshOk(pair.refresh());
            accessTokens.add(pair.access());
            int live = Math.min(accessTokens.size(), 5);
            for (int k = 0; k < accessTokens.size(); k++) {
                int expected = k >= accessTokens.size() - live ? 200 : 401;
                assertThat(athleteStatus(accessTokens.get(k)))
                        .as("after %d refreshes, access token #%d", i, k)
                        .isEqualTo(expected);
            }
            assertThat(Tables.count(server, "access_tokens")).isLessThanOrEqualTo(5);
        }
        assertUnauthorized(accessTokens.get(0));
    }

    @Test
    void refresh_twentyAtOnceWithOneToken_rotatesOnce_andEveryOneGetsTheSameTokens_whichWork() throws Exception {
        start(Map.of());
        Pair pair = tokens();

        List<Http.Response> responses = refreshAtOnce(pair.refresh(), 20);

        assertThat(responses)
                .allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(200));
        assertThat(responses.stream().map(r -> Pair.of(r.json())).distinct()).hasSize(1);
        assertThat(Tables.count(server, "retired_refresh_tokens")).isEqualTo(1);
        Pair winner = Pair.of(responses.get(0).json());
        assertThat(athleteStatus(winner.access())).isEqualTo(200);
        assertThat(refresh(winner.refresh()).status()).isEqualTo(200);
    }

    @Test
    void refresh_twentyAtOnceWithOneToken_withoutARetryWindow_exactlyOneWins_andTheWinnersTokenWorks()
            throws Exception {
        start(Map.of("oauth.refresh-retry-window", "0s"));
        Pair pair = tokens();

        List<Http.Response> responses = refreshAtOnce(pair.refresh(), 20);

        List<Http.Response> winners =
                responses.stream().filter(r -> r.status() == 200).toList();
        assertThat(winners).hasSize(1);
        assertThat(responses.stream().filter(r -> r.status() != 200))
                .hasSize(19)
                .allSatisfy(r -> {
                    assertThat(r.status()).isEqualTo(400);
                    assertThat(r.body()).isEqualTo(REFRESH_TOKEN_INVALID);
                });
        Pair winner = Pair.of(winners.get(0).json());
        assertThat(athleteStatus(winner.access())).isEqualTo(200);
        assertThat(refresh(winner.refresh()).status()).isEqualTo(200);
    }

    /** {@code threads} refreshes with one token, released together. */
    private List<Http.Response> refreshAtOnce(String refreshToken, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Http.Response>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                Http http = server.http();
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return Flows.refreshWith(http, app, refreshToken);
                }));
            }
            assertThat(ready.await(60, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<Http.Response> responses = new ArrayList<>();
            for (Future<Http.Response> future : futures) {
                responses.add(future.get(60, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    // --- retry window -----------------------------------------------------------------------------

    @Test
    void retryWindow_byDefault_aRetryWhileTheNewTokenIsUnused_getsTheSameAnswerAgain_andNothingDies() {
        start(Map.of());
        Pair first = tokens();
        Http.Response lost = refresh(first.refresh());
        server.clock().advance(Duration.ofSeconds(10));

        Http.Response retried = refresh(first.refresh());

        assertThat(retried.status()).isEqualTo(200);
        assertThat(Pair.of(retried.json())).isEqualTo(Pair.of(lost.json()));
        assertThat(retried.json().get("expires_at").asLong())
                .isEqualTo(lost.json().get("expires_at").asLong());
        assertThat(retried.json().get("expires_in").asLong()).isEqualTo(21600 - 10);
        assertThat(athleteStatus(Pair.of(retried.json()).access())).isEqualTo(200);
        assertThat(athleteStatus(first.access())).isEqualTo(200);
        assertThat(refresh(Pair.of(retried.json()).refresh()).status()).isEqualTo(200);
    }

    @Test
    void retryWindow_byDefault_endsSixtySecondsAfterTheRotation() {
        start(Map.of());
        Pair first = tokens();
        Pair second = refreshOk(first.refresh());
        server.clock().advance(Duration.ofSeconds(60));
        assertThat(refreshOk(first.refresh())).isEqualTo(second);

        server.clock().advance(Duration.ofSeconds(1));

        assertRefused(first.refresh());
        assertThat(refresh(second.refresh()).status()).isEqualTo(200);
    }

    @Test
    void retryWindow_replayAtThirtySeconds_isStillInside() {
        start(Map.of("oauth.refresh-retry-window", "30s"));
        Pair first = tokens();
        refreshOk(first.refresh());
        server.clock().advance(Duration.ofSeconds(30));

        assertThat(refresh(first.refresh()).status()).isEqualTo(200);
    }

    @Test
    void retryWindow_replayAfterTheSuccessorWasUsed_isRefused_andTheCurrentTokenStillWorks() {
        start(Map.of("oauth.refresh-retry-window", "30s"));
        Pair first = tokens();
        Pair second = refreshOk(first.refresh());
        Pair third = refreshOk(second.refresh());

        assertRefused(first.refresh());
        assertThat(athleteStatus(third.access())).isEqualTo(200);
        assertThat(refresh(third.refresh()).status()).isEqualTo(200);
    }

    @Test
    void retryWindow_replayThirtyOneSecondsLater_isRefused_andTheSuccessorStillWorks() {
        start(Map.of("oauth.refresh-retry-window", "30s"));
        Pair first = tokens();
        Pair second = refreshOk(first.refresh());
        server.clock().advance(Duration.ofSeconds(31));

        assertRefused(first.refresh());
        assertThat(athleteStatus(second.access())).isEqualTo(200);
        assertThat(refresh(second.refresh()).status()).isEqualTo(200);
    }

    @Test
    void retryWindowOfZero_replayAtOnce_isRefused() {
        start(Map.of("oauth.refresh-retry-window", "0s"));
        Pair first = tokens();
        Pair second = refreshOk(first.refresh());

        assertRefused(first.refresh());
        assertThat(refresh(second.refresh()).status()).isEqualTo(200);
    }

    // --- code reuse -------------------------------------------------------------------------------

    @Test
    void strava_secondUseOfCode_isRefused_butRevokesNothing() {
        start(Map.of());
        String code = Flows.code(server, app, "marianne", "read");
        Pair pair = Pair.of(Flows.exchange(server, app, code));

        assertThat(exchange(code, null).status()).isEqualTo(400);

        assertThat(athleteStatus(pair.access())).isEqualTo(200);
        assertThat(refresh(pair.refresh()).status()).isEqualTo(200);
    }

    @Test
    void hardened_secondUseOfCode_revokesTheTokensIssuedFromIt() {
        start(Map.of("profile", "hardened"));
        String code = Flows.code(server, app, "marianne", "read", PKCE_QUERY);
        Pair pair = Pair.of(exchange(code, VERIFIER).json());

        Http.Response second = exchange(code, VERIFIER);

        assertThat(second.status()).isEqualTo(400);
        assertThat(second.body()).isEqualTo(CODE_EXPIRED);
        assertUnauthorized(pair.access());
        assertRefused(pair.refresh());
    }

    @Test
    void hardened_thirdUseOfCode_afterTheSecondRevokedTheGrant_answersExpiredLikeTheSecond() {
        start(Map.of("profile", "hardened"));
        String code = Flows.code(server, app, "marianne", "read", PKCE_QUERY);
        assertThat(exchange(code, VERIFIER).status()).isEqualTo(200);
        Http.Response second = exchange(code, VERIFIER);

        Http.Response third = exchange(code, VERIFIER);

        assertThat(second.body()).isEqualTo(CODE_EXPIRED);
        assertThat(third.status()).isEqualTo(400);
        assertThat(third.body()).isEqualTo(CODE_EXPIRED);
    }

    @Test
    void hardened_secondUseOfCode_revokesTokensMintedByLaterRefreshesToo() {
        start(Map.of("profile", "hardened"));
        String code = Flows.code(server, app, "marianne", "read", PKCE_QUERY);
        Pair first = Pair.of(exchange(code, VERIFIER).json());
        Pair refreshed = refreshOk(first.refresh());

        assertThat(exchange(code, VERIFIER).status()).isEqualTo(400);

        assertUnauthorized(first.access());
        assertUnauthorized(refreshed.access());
        assertRefused(refreshed.refresh());
    }

    @Test
    void hardened_expiredUnusedCode_isRefused_butRevokesNothing() {
        start(Map.of("profile", "hardened"));
        Pair pair = Pair.of(exchange(Flows.code(server, app, "marianne", "read", PKCE_QUERY), VERIFIER)
                .json());
        String unused = Flows.code(server, app, "marianne", "read", PKCE_QUERY);
        server.clock().advance(Duration.ofMinutes(11));

        assertThat(exchange(unused, VERIFIER).status()).isEqualTo(400);

        assertThat(athleteStatus(pair.access())).isEqualTo(200);
        assertThat(refresh(pair.refresh()).status()).isEqualTo(200);
    }

    @Test
    void strava_withCodeReuseRevokesTokens_secondUseOfCode_revokesTheTokensIssuedFromIt() {
        start(Map.of("oauth.code-reuse-revokes-tokens", "true"));
        String code = Flows.code(server, app, "marianne", "read");
        Pair pair = Pair.of(Flows.exchange(server, app, code));

        assertThat(exchange(code, null).status()).isEqualTo(400);

        assertUnauthorized(pair.access());
        assertRefused(pair.refresh());
        assertThat(server.switchback().authorization().authorizedApps(marianne.id()))
                .isEmpty();
    }

    @Test
    void strava_withCodeReuseRevokesTokens_stillAllowsRefreshReplayWithoutRevoking() {
        start(Map.of("oauth.code-reuse-revokes-tokens", "true"));
        Pair first = tokens();
        Pair second = refreshOk(first.refresh());
        pastTheRetryWindow();

        assertRefused(first.refresh());

        assertThat(refresh(second.refresh()).status()).isEqualTo(200);
    }

    // --- refresh reuse ----------------------------------------------------------------------------

    @Test
    void strava_replayOfSupersededRefreshToken_isRefused_butTheCurrentTokenStillWorks() {
        start(Map.of());
        Pair first = tokens();
        Pair second = refreshOk(first.refresh());
        pastTheRetryWindow();

        assertRefused(first.refresh());

        assertThat(athleteStatus(second.access())).isEqualTo(200);
        assertThat(refresh(second.refresh()).status()).isEqualTo(200);
    }

    @Test
    void hardened_replayOfSupersededRefreshToken_revokesTheGrant() {
        start(Map.of("profile", "hardened"));
        Pair first = Pair.of(exchange(Flows.code(server, app, "marianne", "read", PKCE_QUERY), VERIFIER)
                .json());
        Pair second = refreshOk(first.refresh());
        pastTheRetryWindow();

        assertRefused(first.refresh());

        assertRefused(second.refresh());
        assertUnauthorized(first.access());
        assertUnauthorized(second.access());
        assertThat(server.switchback().authorization().authorizedApps(marianne.id()))
                .isEmpty();
    }

    @Test
    void hardened_retryInsideTheWindowWhileTheNewTokenIsUnused_isNotAReplay_andRevokesNothing() {
        start(Map.of("profile", "hardened"));
        Pair first = Pair.of(exchange(Flows.code(server, app, "marianne", "read", PKCE_QUERY), VERIFIER)
                .json());
        Pair second = refreshOk(first.refresh());
        server.clock().advance(Duration.ofSeconds(30));

        assertThat(refreshOk(first.refresh())).isEqualTo(second);

        assertThat(athleteStatus(second.access())).isEqualTo(200);
        assertThat(refresh(second.refresh()).status()).isEqualTo(200);
        assertThat(server.switchback().authorization().authorizedApps(marianne.id()))
                .hasSize(1);
    }

    @Test
    void hardened_replayInsideTheWindowAfterTheNewTokenWasUsed_revokesTheGrant() {
        start(Map.of("profile", "hardened"));
        Pair first = Pair.of(exchange(Flows.code(server, app, "marianne", "read", PKCE_QUERY), VERIFIER)
                .json());
        Pair second = refreshOk(first.refresh());
        Pair third = refreshOk(second.refresh());

        assertRefused(first.refresh());

        assertRefused(third.refresh());
        assertUnauthorized(third.access());
        assertThat(server.switchback().authorization().authorizedApps(marianne.id()))
                .isEmpty();
    }

    @Test
    void strava_withRefreshReuseRevokesGrant_replayOfSupersededRefreshToken_revokesTheGrant() {
        start(Map.of("oauth.refresh-reuse-revokes-grant", "true"));
        Pair first = tokens();
        Pair second = refreshOk(first.refresh());
        pastTheRetryWindow();

        assertRefused(first.refresh());

        assertRefused(second.refresh());
        assertUnauthorized(second.access());
        assertThat(server.switchback().authorization().authorizedApps(marianne.id()))
                .isEmpty();
    }

    @Test
    void strava_withRefreshReuseRevokesGrant_secondUseOfCode_revokesNothing() {
        start(Map.of("oauth.refresh-reuse-revokes-grant", "true"));
        String code = Flows.code(server, app, "marianne", "read");
        Pair pair = Pair.of(Flows.exchange(server, app, code));

        assertThat(exchange(code, null).status()).isEqualTo(400);

        assertThat(athleteStatus(pair.access())).isEqualTo(200);
        assertThat(refresh(pair.refresh()).status()).isEqualTo(200);
    }

    @Test
    void strava_withRefreshReuseRevokesGrant_unknownRefreshToken_revokesNothing() {
        start(Map.of("oauth.refresh-reuse-revokes-grant", "true"));
        Pair pair = tokens();

        assertRefused("0123456789abcdef0123456789abcdef01234567");

        assertThat(refresh(pair.refresh()).status()).isEqualTo(200);
    }

    // --- helpers ----------------------------------------------------------------------------------

    /** Past the default retry window: a superseded token presented now is a replay. */
    private void pastTheRetryWindow() {
        server.clock().advance(Duration.ofSeconds(61));
    }

    private Pair tokens() {
        return Pair.of(Flows.tokens(server, app, "marianne", "read"));
    }

    private Http.Response refresh(String refreshToken) {
        return Flows.refresh(server, app, refreshToken);
    }

    private Pair refreshOk(String refreshToken) {
        Http.Response response = refresh(refreshToken);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return Pair.of(response.json());
    }

    private Http.Response exchange(String code, String verifier) {
        return verifier == null
                ? server.http()
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
                                        "authorization_code"))
                : Flows.exchangeWithVerifier(server, app, code, verifier);
    }

    private void assertRefused(String refreshToken) {
        Http.Response response = refresh(refreshToken);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(REFRESH_TOKEN_INVALID);
    }

    private int athleteStatus(String accessToken) {
        return server.http()
                .get("/api/v3/athlete", "Authorization", "Bearer " + accessToken)
                .status();
    }

    private void assertUnauthorized(String accessToken) {
        Http.Response response = server.http().get("/api/v3/athlete", "Authorization", "Bearer " + accessToken);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(ACCESS_TOKEN_INVALID);
    }
}
