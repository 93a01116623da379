package dev.switchback.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.testing.HttpTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The token manager against the real server: one refresh per expiry, saved before use, clear when it cannot. */
@HttpTest
class TokenManagerTest {
    private Grants grants;

    @AfterEach
    void stop() {
        if (grants != null) {
            grants.close();
        }
    }

    @Test
    void accessToken_whileValidForTheMargin_doesNotRefresh() {
        grants = Grants.start();
        Tokens tokens = grants.authorize("read");
        Grants.CountingStore store = new Grants.CountingStore(new InMemoryTokenStore(tokens));
        TokenManager manager = TokenManager.create(grants.client, store);
        long generation = grants.generation();

        grants.server.clock().advance(Duration.ofHours(6).minusMinutes(6));

        assertThat(manager.accessToken()).isEqualTo(tokens.accessToken());
        assertThat(grants.generation()).isEqualTo(generation);
        assertThat(store.saves).hasValue(0);
    }

    @Test
    void accessToken_withinTheMargin_refreshesOnce_savesBeforeReturning_andKeepsAthleteAndScopes() {
        grants = Grants.start();
        Tokens tokens = grants.authorize("read,activity:read");
        Grants.CountingStore store = new Grants.CountingStore(new InMemoryTokenStore(tokens));
        TokenManager manager = TokenManager.create(grants.client, store);

        grants.server.clock().advance(Duration.ofHours(6).minusMinutes(4));
        String access = manager.accessToken();

        Tokens saved = store.load().orElseThrow();
        assertThat(access).isNotEqualTo(tokens.accessToken()).isEqualTo(saved.accessToken());
        assertThat(saved.refreshToken()).isNotEqualTo(tokens.refreshToken());
        assertThat(saved.athlete()).isEqualTo(tokens.athlete());
        assertThat(saved.grantedScopes()).containsExactly("read", "activity:read");
        assertThat(store.saves).hasValue(1);
        assertThat(manager.accessToken()).isEqualTo(access);
        assertThat(grants.client.get(access, "/athlete").status()).isEqualTo(200);
    }

    @Test
    void fiftyThreads_askingWhileTheTokenExpires_causeExactlyOneRefresh() throws Exception {
        grants = Grants.start();
        Tokens tokens = grants.authorize("read");
        Grants.CountingStore store = new Grants.CountingStore(new InMemoryTokenStore(tokens));
        TokenManager manager = TokenManager.create(grants.client, store);
        assertThat(manager.accessToken()).isEqualTo(tokens.accessToken());
        long generation = grants.generation();
        grants.server.clock().advance(Duration.ofHours(6).minusMinutes(1));

        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                answers.add(pool.submit(() -> {
                    go.await(30, TimeUnit.SECONDS);
                    return manager.accessToken();
                }));
            }
            go.countDown();
            Set<String> distinct = new HashSet<>();
            for (Future<String> answer : answers) {
                distinct.add(answer.get(60, TimeUnit.SECONDS));
            }

            assertThat(distinct).containsExactly(store.load().orElseThrow().accessToken());
            assertThat(distinct).doesNotContain(tokens.accessToken());
            assertThat(grants.generation()).isEqualTo(generation + 1);
            assertThat(store.saves).hasValue(1);
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void twoManagers_sharingOneStore_refreshOnce() {
        grants = Grants.start();
        Tokens tokens = grants.authorize("read");
        Grants.CountingStore store = new Grants.CountingStore(new InMemoryTokenStore(tokens));
        TokenManager first = TokenManager.create(grants.client, store);
        TokenManager second = TokenManager.create(grants.client, store);
        grants.server.clock().advance(Duration.ofHours(6));

        String a = first.accessToken();
        String b = second.accessToken();

        assertThat(a).isEqualTo(b);
        assertThat(store.saves).hasValue(1);
    }

    @Test
    void lostRefreshResponse_withinTheServersRetryWindow_recoversOnTheNextStart() {
        grants = Grants.start(Map.of("oauth.refresh-retry-window", "30s"));
        Tokens tokens = grants.authorize("read");
        InMemoryTokenStore store = new InMemoryTokenStore(tokens);
        grants.server.clock().advance(Duration.ofHours(6));
        grants.client.refresh(tokens.refreshToken()); // the response is lost: the store still holds the old pair
        grants.server.clock().advance(Duration.ofSeconds(20));

        String access = TokenManager.create(grants.client, store).accessToken();

        assertThat(store.load().orElseThrow().refreshToken()).isNotEqualTo(tokens.refreshToken());
        assertThat(grants.client.get(access, "/athlete").status()).isEqualTo(200);
    }

    @Test
    void lostRefreshResponse_outsideTheRetryWindow_saysTheAthleteMustAuthorizeAgain() {
        grants = Grants.start(Map.of("oauth.refresh-retry-window", "30s"));
        Tokens tokens = grants.authorize("read");
        InMemoryTokenStore store = new InMemoryTokenStore(tokens);
        grants.server.clock().advance(Duration.ofHours(6));
        grants.client.refresh(tokens.refreshToken());
        grants.server.clock().advance(Duration.ofSeconds(31));

        TokenManager restarted = TokenManager.create(grants.client, store);

        assertThatThrownBy(restarted::accessToken).isInstanceOfSatisfying(ReauthorizationRequiredException.class, e -> {
            assertThat(e.getMessage()).contains("the athlete must authorize the app again");
            assertThat(e.refusal())
                    .hasValueSatisfying(refusal ->
                            assertThat(refusal.isRefreshTokenInvalid()).isTrue());
        });
        assertThat(store.load()).contains(tokens);
    }

    @Test
    void crashBetweenRefreshAndSave_recoversWithinTheWindow_andNeverHandsOutTheUnsavedToken() {
        grants = Grants.start(Map.of("oauth.refresh-retry-window", "30s"));
        Tokens tokens = grants.authorize("read");
        InMemoryTokenStore disk = new InMemoryTokenStore(tokens);
        TokenStore crashing = new TokenStore() {
            @Override
            public Optional<Tokens> load() {
                return disk.load();
            }

            @Override
            public void save(Tokens rotated) {
                throw new IllegalStateException("disk full");
            }
        };
        grants.server.clock().advance(Duration.ofHours(6));

        assertThatThrownBy(TokenManager.create(grants.client, crashing)::accessToken)
                .hasMessage("disk full");
        grants.server.clock().advance(Duration.ofSeconds(5));
        String access = TokenManager.create(grants.client, disk).accessToken();

        assertThat(grants.client.get(access, "/athlete").status()).isEqualTo(200);
    }

    @Test
    void revokedGrant_isReportedOnTheNextRefresh_asReauthorizationRequired() {
        grants = Grants.start();
        Tokens tokens = grants.authorize("read");
        TokenManager manager = TokenManager.create(grants.client, new InMemoryTokenStore(tokens));
        grants.client.deauthorize(tokens.accessToken());
        grants.server.clock().advance(Duration.ofHours(6));

        assertThatThrownBy(manager::accessToken)
                .isInstanceOf(ReauthorizationRequiredException.class)
                .hasMessageContaining("access was revoked");
    }

    @Test
    void accessTokenReplacing_aRevokedToken_throwsReauthorizationRequired_andAFreshOneIsReplacedOnce() {
        grants = Grants.start();
        Tokens tokens = grants.authorize("read");
        Grants.CountingStore store = new Grants.CountingStore(new InMemoryTokenStore(tokens));
        TokenManager manager = TokenManager.create(grants.client, store);

        String replaced = manager.accessTokenReplacing(tokens.accessToken());
        String again = manager.accessTokenReplacing(tokens.accessToken());

        assertThat(replaced).isNotEqualTo(tokens.accessToken()).isEqualTo(again);
        assertThat(store.saves).hasValue(1);
        grants.client.deauthorize(replaced);
        assertThatThrownBy(() -> manager.accessTokenReplacing(replaced))
                .isInstanceOf(ReauthorizationRequiredException.class);
    }

    @Test
    void emptyStore_saysTheAthleteMustAuthorizeFirst() {
        grants = Grants.start();

        assertThatThrownBy(TokenManager.create(grants.client, new InMemoryTokenStore())::accessToken)
                .isInstanceOf(ReauthorizationRequiredException.class)
                .hasMessageContaining("must authorize the app first");
    }

    @Test
    void serverDown_duringRefresh_isAStravaException_andTheSavedTokensAreKept() {
        grants = Grants.start();
        Tokens tokens = grants.authorize("read");
        InMemoryTokenStore store = new InMemoryTokenStore(tokens);
        TokenManager manager = TokenManager.create(grants.client, store);
        grants.server.clock().advance(Duration.ofHours(6));
        grants.close();

        assertThatThrownBy(manager::accessToken)
                .isInstanceOfSatisfying(
                        StravaException.class, e -> assertThat(e.kind()).isEqualTo(StravaException.Kind.NETWORK));
        assertThat(store.load()).contains(tokens);
    }
}
