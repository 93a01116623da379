package dev.switchback.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.Switchback;
import dev.switchback.api.activity.TrackImport;
import dev.switchback.api.activity.Visibility;
import dev.switchback.api.testing.TestTracks;
import dev.switchback.app.AppService;
import dev.switchback.athlete.AthleteId;
import dev.switchback.scope.Scope;
import dev.switchback.scope.ScopeSet;
import dev.switchback.store.DatabaseUrl;
import dev.switchback.store.testing.TestDatabase;
import dev.switchback.testing.StoreTest;
import dev.switchback.time.MutableClock;
import dev.switchback.token.Secret;
import dev.switchback.token.TokenGenerator;
import dev.switchback.webhook.Deliveries;
import dev.switchback.webhook.Outbox;
import dev.switchback.webhook.SubscriptionStore;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What each grant costs the database, counted (not timed), on both databases: a refresh is at most 4
 * statements and 3 row writes in one transaction, a code exchange a few more, a bearer check one read. A
 * webhook subscription adds at most one insert to a deauthorization or an activity's creation, in the same
 * transaction (contract#webhook-delivery).
 */
@StoreTest
class StatementCountTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private final List<String> executed = new ArrayList<>();
    private TestDatabase testDatabase;
    private Switchback switchback;
    private AppService.CreatedApp app;
    private GrantStore grants;
    private GrantId grantId;
    private AthleteId athleteId;

    private void open(TestDatabase.Kind kind) {
        testDatabase = TestDatabase.create(kind);
        switchback = Switchback.open(
                DatabaseUrl.parse(testDatabase.url()),
                2,
                Switchback.Options.defaults().withStatements(sql -> executed.add(sql.strip())),
                new MutableClock(NOW));
        app = switchback.apps().create("Counted", "example.com", Optional.empty(), 10);
        athleteId = new AthleteId(switchback.database().write(tx -> tx.sql("""
                INSERT INTO athletes (username, password_hash, firstname, lastname, created_at, updated_at)
                VALUES ('a', 'x', 'A', 'B', 0, 0) RETURNING id""").number()));
        grants = new GrantStore(switchback.database());
        grantId = switchback
                .database()
                .write(tx -> grants.putGrant(tx, app.app().clientId(), athleteId, ScopeSet.READ_ONLY, NOW));
    }

    @AfterEach
    void close() {
        switchback.close();
        testDatabase.close();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void refresh_isAtMostFourStatementsAndThreeRowWrites(TestDatabase.Kind kind) {
        open(kind);
        Secret refresh = new TokenGenerator().next();
        switchback.database().write(tx -> grants.replaceRefresh(tx, grantId, refresh.digest(), NOW));
        executed.clear();

        switchback
                .tokens()
                .exchange(new TokenRequest.RefreshTokenGrant(
                        app.app().clientId().toString(),
                        Optional.of(app.secret().value()),
                        Optional.of(refresh.value())));

        assertThat(executed).as("statements of one refresh").hasSizeLessThanOrEqualTo(4);
        assertThat(executed.stream().filter(sql -> !sql.startsWith("SELECT")))
                .as("writing statements, one row each")
                .hasSizeLessThanOrEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void codeExchange_isAtMostFiveStatements(TestDatabase.Kind kind) {
        open(kind);
        Secret code = new TokenGenerator().next();
        switchback.database().write(tx -> {
            grants.insertCode(
                    tx,
                    new GrantStore.NewCode(
                            code.digest(),
                            grantId,
                            app.app().clientId(),
                            athleteId,
                            ScopeSet.READ_ONLY,
                            Optional.empty(),
                            NOW,
                            NOW.plus(OAuthPolicy.CODE_TTL)));
            return null;
        });
        executed.clear();

        switchback
                .tokens()
                .exchange(new TokenRequest.AuthorizationCodeGrant(
                        app.app().clientId().toString(),
                        Optional.of(app.secret().value()),
                        Optional.of(code.value()),
                        Optional.empty()));

        assertThat(executed)
                .as("statements of one code exchange: app, redeem, rotate, access token, athlete")
                .hasSizeLessThanOrEqualTo(5);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void bearerCheck_isOneRead(TestDatabase.Kind kind) {
        open(kind);
        Secret access = new TokenGenerator().next();
        switchback.database().write(tx -> {
            grants.putAccessToken(
                    tx,
                    new GrantStore.NewAccessToken(
                            access.digest(),
                            grantId,
                            0,
                            app.app().clientId(),
                            athleteId,
                            ScopeSet.READ_ONLY,
                            NOW,
                            NOW.plus(OAuthPolicy.ACCESS_TOKEN_TTL)));
            return null;
        });
        executed.clear();

        switchback.tokens().authenticate(Optional.of(access.value()));

        assertThat(executed).hasSize(1).first().asString().startsWith("SELECT");
    }

    private Secret liveAccessToken(ScopeSet scopes) {
        Secret access = new TokenGenerator().next();
        switchback.database().write(tx -> {
            grants.putGrant(tx, app.app().clientId(), athleteId, scopes, NOW);
            grants.putAccessToken(
                    tx,
                    new GrantStore.NewAccessToken(
                            access.digest(),
                            grantId,
                            0,
                            app.app().clientId(),
                            athleteId,
                            scopes,
                            NOW,
                            NOW.plus(OAuthPolicy.ACCESS_TOKEN_TTL)));
            return null;
        });
        return access;
    }

    private void subscribe() {
        switchback
                .database()
                .write(tx -> new SubscriptionStore()
                        .insert(tx, app.app().clientId(), URI.create("http://127.0.0.1:9/hook"), "v", NOW));
    }

    private long outboxInserts() {
        return executed.stream()
                .filter(sql -> sql.startsWith("INSERT INTO webhook_events"))
                .count();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void deauthorize_withSubscription_isTheDeleteAndOneOutboxInsert(TestDatabase.Kind kind) {
        open(kind);
        subscribe();
        AccessGrant grant = switchback
                .tokens()
                .authenticate(Optional.of(liveAccessToken(ScopeSet.READ_ONLY).value()));
        executed.clear();

        switchback.tokens().deauthorize(grant);

        assertThat(executed).as("statements of one deauthorization").hasSize(2);
        assertThat(outboxInserts()).isEqualTo(1);
        assertThat(switchback.deliveries().latest(Optional.empty(), 10)).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void activityCreation_withSubscription_addsOneOutboxInsertAndNothingElse(TestDatabase.Kind kind) {
        open(kind);
        liveAccessToken(ScopeSet.of(Scope.READ, Scope.ACTIVITY_READ));
        executed.clear();
        importRide(NOW.minusSeconds(86_400));
        List<String> unsubscribed = new ArrayList<>(executed);
        subscribe();
        executed.clear();

        importRide(NOW.minusSeconds(2 * 86_400));

        assertThat(executed).as("an import's statements, subscribed or not").hasSameSizeAs(unsubscribed);
        assertThat(outboxInserts()).isEqualTo(1);
        assertThat(switchback.deliveries().latest(Optional.empty(), 10)).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void deliveriesList_readsItsEventsAndAllTheirAttemptsInTwoStatements_howeverManyEvents(TestDatabase.Kind kind) {
        open(kind);
        subscribe();
        AppService.CreatedApp other = switchback.apps().create("Other", "example.org", Optional.empty(), 10);
        switchback
                .database()
                .write(tx -> new SubscriptionStore()
                        .insert(tx, other.app().clientId(), URI.create("http://127.0.0.1:9/other"), "v", NOW));
        int[] attempts = {1, 2, 0, 1, 2};
        for (int event = 0; event < attempts.length; event++) {
            attempts(event(app), attempts[event]);
            if (event == 2) {
                attempts(event(other), 3); // another app's event among them
            }
        }
        executed.clear();

        List<Deliveries.Delivery> latest =
                switchback.deliveries().latest(Optional.of(app.app().clientId()), 4);

        assertThat(latest).hasSize(4);
        assertThat(latest)
                .extracting(delivery -> delivery.attempts().stream()
                        .map(attempt -> attempt.status().orElseThrow())
                        .toList())
                .as("newest first, each with its own attempts in order")
                .containsExactly(List.of(500, 501), List.of(500), List.of(), List.of(500, 501));
        assertThat(executed.stream().filter(sql -> sql.startsWith("SELECT")))
                .as("statements of the list")
                .hasSize(2);
    }

    private long event(AppService.CreatedApp to) {
        return switchback
                .deliveries()
                .trigger(to.app().clientId(), new Outbox.Triggered("athlete", 1, "update", Map.of(), 1))
                .orElseThrow()
                .id()
                .value();
    }

    /** {@code count} attempts of {@code event}, answered 500, 501, ... */
    private void attempts(long event, int count) {
        for (int attempt = 0; attempt < count; attempt++) {
            int status = 500 + attempt;
            switchback
                    .database()
                    .write(tx -> tx.sql("""
                            INSERT INTO webhook_attempts (event_id, attempted_at, status, latency_ms)
                            VALUES (:event, 0, :status, 1)""")
                            .bind("event", event)
                            .bind("status", status)
                            .update());
        }
    }

    private void importRide(Instant start) {
        switchback.activities().importTrack(athleteId, TestTracks.ride(start), TrackImport.of(Visibility.EVERYONE));
    }
}
