package dev.switchback.athlete;

import dev.switchback.store.Rows;
import dev.switchback.store.Tx;
import dev.switchback.token.TokenDigest;
import java.time.Instant;
import java.util.Optional;

/**
 * Login sessions, by the digest of their id (contract#login); every method runs in the caller's transaction.
 * Like every token, a session id is stored only as its SHA-256 digest, and found by one probe of the key.
 */
public final class SessionStore {
    /** Stores a session: an athlete's, or (without one) a pre-login session. */
    public void insert(Tx tx, TokenDigest digest, Optional<AthleteId> athlete, Instant now, Instant expiresAt) {
        tx.sql("""
                        INSERT INTO sessions (digest, athlete_id, created_at, expires_at)
                        VALUES (:digest, :athlete, :now, :expires)""")
                .bind("digest", digest.hex())
                .bind("athlete", athlete.map(AthleteId::value).orElse(null))
                .bind("now", now)
                .bind("expires", expiresAt)
                .update();
    }

    /** The session with this digest, if it has not expired at {@code now}. */
    public Optional<Session> find(Tx tx, TokenDigest digest, Instant now) {
        return tx.sql("""
                        SELECT athlete_id, expires_at, created_at FROM sessions
                        WHERE digest = :digest AND expires_at > :now""")
                .bind("digest", digest.hex())
                .bind("now", now)
                .one(row -> new Session(
                        Rows.optionalLong(row, 1).map(AthleteId::new), Rows.instant(row, 2), Rows.instant(row, 3)));
    }

    public void delete(Tx tx, TokenDigest digest) {
        tx.sql("DELETE FROM sessions WHERE digest = :digest")
                .bind("digest", digest.hex())
                .update();
    }

    /** A live session: whose it is (none before login), until when, and since when (the login's time). */
    public record Session(Optional<AthleteId> athlete, Instant expiresAt, Instant createdAt) {}
}
