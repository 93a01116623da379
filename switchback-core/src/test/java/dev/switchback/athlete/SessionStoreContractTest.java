package dev.switchback.athlete;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.store.Database;
import dev.switchback.store.DatabaseUrl;
import dev.switchback.store.Housekeeping;
import dev.switchback.store.testing.TestDatabase;
import dev.switchback.testing.StoreTest;
import dev.switchback.time.MutableClock;
import dev.switchback.token.Secret;
import dev.switchback.token.TokenGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Login sessions kept on the server (contract#login), on SQLite and PostgreSQL. */
@StoreTest
class SessionStoreContractTest {
    private static final Duration TTL = Duration.ofHours(12);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private TestDatabase testDatabase;
    private Database database;
    private SessionService sessions;
    private AthleteId athlete;

    private void open(TestDatabase.Kind kind) {
        testDatabase = TestDatabase.create(kind);
        database = Database.open(DatabaseUrl.parse(testDatabase.url()), 2);
        sessions = new SessionService(database, new SessionStore(), new TokenGenerator(), clock);
        athlete = new AthleteId(database.write(tx -> tx.sql("""
                INSERT INTO athletes (username, password_hash, firstname, lastname, created_at, updated_at)
                VALUES ('marianne', 'x', 'M', 'L', 0, 0) RETURNING id""").number()));
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
        if (testDatabase != null) {
            testDatabase.close();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void start_storesOnlyTheDigestOfTheId_andFindsTheSessionByTheId(TestDatabase.Kind kind) {
        open(kind);

        Secret id = sessions.start(Optional.of(athlete), TTL, List.of());

        assertThat(sessions.find(id).orElseThrow().athlete()).contains(athlete);
        assertThat(sessions.find(id).orElseThrow().expiresAt())
                .isEqualTo(clock.instant().plus(TTL));
        List<String> stored =
                database.read(tx -> tx.sql("SELECT digest FROM sessions").list(row -> row.getString(1)));
        assertThat(stored).containsExactly(id.digest().hex());
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void preLoginSession_hasNoAthlete(TestDatabase.Kind kind) {
        open(kind);

        Secret id = sessions.start(Optional.empty(), Duration.ofHours(1), List.of());

        assertThat(sessions.find(id).orElseThrow().athlete()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void session_isGoneOnceExpired_andHousekeepingDeletesIt(TestDatabase.Kind kind) {
        open(kind);
        Secret id = sessions.start(Optional.of(athlete), TTL, List.of());
        Secret live = sessions.start(Optional.of(athlete), TTL.plusSeconds(10), List.of());

        clock.advance(TTL);

        assertThat(sessions.find(id)).isEmpty();
        new Housekeeping(database, clock, 100, Duration.ofDays(30), Duration.ofDays(1), Duration.ofDays(1)).runOnce();
        long left = database.read(tx -> tx.sql("SELECT COUNT(*) FROM sessions").number());
        assertThat(left).isEqualTo(1);
        assertThat(sessions.find(live)).isPresent();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void end_andStartReplacing_endTheSessionsTheyName(TestDatabase.Kind kind) {
        open(kind);
        Secret pre = sessions.start(Optional.empty(), Duration.ofHours(1), List.of());
        Secret other = sessions.start(Optional.of(athlete), TTL, List.of());

        Secret loggedIn = sessions.start(Optional.of(athlete), TTL, List.of(pre));
        sessions.end(other);

        assertThat(sessions.find(pre)).isEmpty();
        assertThat(sessions.find(other)).isEmpty();
        assertThat(sessions.find(loggedIn)).isPresent();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void deletingTheAthlete_endsTheirSessions(TestDatabase.Kind kind) {
        open(kind);
        Secret id = sessions.start(Optional.of(athlete), TTL, List.of());

        database.write(tx -> tx.sql("DELETE FROM athletes WHERE id = :id")
                .bind("id", athlete)
                .update());

        assertThat(sessions.find(id)).isEmpty();
    }
}
