package dev.switchback.oauth;

import dev.switchback.ratelimit.RateLimits;
import dev.switchback.scope.ScopeSet;
import dev.switchback.store.Database;
import dev.switchback.store.ReadCache;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Grants, authorization codes and tokens. Every token lookup is one equality probe on a unique
 * digest index. Methods that take a {@link Handle} run inside the caller's transaction.
 */
public final class GrantStore {
    private final Database database;
    private final Jdbi jdbi;
    /** Enough for the live tokens of a busy process (about 300 bytes each); a full cache starts again empty. */
    private static final int TOKEN_CHECKS_KEPT = 16_384;

    private final ReadCache<String, AccessGrant> tokenChecks;

    public GrantStore(Database database) {
        this.database = database;
        this.jdbi = database.jdbi();
        this.tokenChecks = database.readCache(TOKEN_CHECKS_KEPT, AccessGrant::grantId);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** The scopes an athlete granted an app, if the athlete has a grant for it. */
    public Optional<ScopeSet> grantedScopes(long appId, long athleteId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT scopes FROM grants WHERE app_id = :app AND athlete_id = :athlete")
                .bind("app", appId)
                .bind("athlete", athleteId)
                .mapTo(Integer.class)
                .findOne()
                .map(ScopeSet::fromBits));
    }

    /**
     * Takes the app's row lock for the rest of the transaction, so capacity checks of two athletes
     * authorizing at once are serialized (SQLite serializes all writers anyway). It changes nothing an
     * {@link dev.switchback.app.App} holds, so the work need not declare the apps {@link dev.switchback.store.Stale}.
     */
    public void lockApp(Handle handle, long appId) {
        handle.createUpdate("UPDATE apps SET updated_at = updated_at WHERE id = :app").bind("app", appId).execute();
    }

    /** How many athletes other than {@code athleteId} and the owner have a grant for the app. */
    public long otherAthletes(Handle handle, long appId, long athleteId, long ownerId) {
        return handle.createQuery("""
                        SELECT COUNT(*) FROM grants
                        WHERE app_id = :app AND athlete_id <> :athlete AND athlete_id <> :owner""")
                .bind("app", appId)
                .bind("athlete", athleteId)
                .bind("owner", ownerId)
                .mapTo(Long.class)
                .one();
    }

    public boolean hasGrant(Handle handle, long appId, long athleteId) {
        return handle.createQuery("SELECT COUNT(*) FROM grants WHERE app_id = :app AND athlete_id = :athlete")
                .bind("app", appId)
                .bind("athlete", athleteId)
                .mapTo(Long.class)
                .one() > 0;
    }

    /**
     * Creates the athlete's grant for the app, or replaces its scopes (a new authorization replaces the
     * old one, spec §A3). Access tokens that carry a scope no longer granted are revoked.
     */
    public long putGrant(Handle handle, long appId, long athleteId, ScopeSet scopes, Instant now) {
        long grantId = handle.createQuery("""
                        INSERT INTO grants (app_id, athlete_id, scopes, authorized_at)
                        VALUES (:app, :athlete, :scopes, :now)
                        ON CONFLICT (app_id, athlete_id) DO UPDATE SET scopes = excluded.scopes, authorized_at = excluded.authorized_at
                        RETURNING id""")
                .bind("app", appId)
                .bind("athlete", athleteId)
                .bind("scopes", scopes.bits())
                .bind("now", now.getEpochSecond())
                .mapTo(Long.class)
                .one();
        handle.createUpdate("DELETE FROM access_tokens WHERE grant_id = :grant AND (scopes & :revoked) <> 0")
                .bind("grant", grantId)
                .bind("revoked", ~scopes.bits())
                .execute();
        return grantId;
    }

    public void insertCode(Handle handle, String digest, long grantId, long appId, long athleteId, ScopeSet scopes,
                           Optional<String> codeChallenge, Instant now, Instant expiresAt) {
        handle.createUpdate("""
                        INSERT INTO authorization_codes
                            (digest, grant_id, app_id, athlete_id, scopes, code_challenge, issued_at, expires_at)
                        VALUES (:digest, :grant, :app, :athlete, :scopes, :challenge, :now, :expires)""")
                .bind("digest", digest)
                .bind("grant", grantId)
                .bind("app", appId)
                .bind("athlete", athleteId)
                .bind("scopes", scopes.bits())
                .bind("challenge", codeChallenge.orElse(null))
                .bind("now", now.getEpochSecond())
                .bind("expires", expiresAt.getEpochSecond())
                .execute();
    }

    /** Marks a live, unused code of this app as used; empty if there is none (unknown, used or expired). */
    public Optional<RedeemedCode> redeemCode(Handle handle, String digest, long appId, Instant now) {
        return database.readOne(handle, """
                        UPDATE authorization_codes SET used_at = ?
                        WHERE digest = ? AND app_id = ? AND used_at IS NULL AND expires_at > ?
                        RETURNING grant_id, athlete_id, scopes, code_challenge""",
                statement -> {
                    statement.setLong(1, now.getEpochSecond());
                    statement.setString(2, digest);
                    statement.setLong(3, appId);
                    statement.setLong(4, now.getEpochSecond());
                },
                row -> new RedeemedCode(row.getLong(1), row.getLong(2), ScopeSet.fromBits(row.getInt(3)),
                        Optional.ofNullable(row.getString(4))));
    }

    /** A code of this app that exists but can no longer be redeemed: its grant and whether it was used. */
    public Optional<SpentCode> findSpentCode(Handle handle, String digest, long appId) {
        return handle.createQuery("SELECT grant_id, used_at FROM authorization_codes WHERE digest = :digest AND app_id = :app")
                .bind("digest", digest)
                .bind("app", appId)
                .map((rs, ctx) -> {
                    long grantId = rs.getLong("grant_id");
                    rs.getLong("used_at");
                    return new SpentCode(grantId, !rs.wasNull());
                })
                .findOne();
    }

    /**
     * Rotates a refresh token: a compare-and-set of the grant's one live refresh digest. Of two
     * concurrent calls with the same token, exactly one matches; the row lock also serializes the
     * rotation with a deauthorization that deletes the grant.
     */
    public Optional<GrantRow> rotateRefresh(Handle handle, String oldDigest, String newDigest, long appId, Instant now) {
        return database.readOne(handle, """
                        UPDATE grants SET refresh_digest = ?, generation = generation + 1, refreshed_at = ?
                        WHERE refresh_digest = ? AND app_id = ?
                        RETURNING id, athlete_id, scopes, generation""",
                statement -> {
                    statement.setString(1, newDigest);
                    statement.setLong(2, now.getEpochSecond());
                    statement.setString(3, oldDigest);
                    statement.setLong(4, appId);
                },
                GrantRow::from);
    }

    /** Gives a grant a new refresh token after a code exchange; the previous one, if any, dies. */
    public Optional<GrantRow> replaceRefresh(Handle handle, long grantId, String newDigest, Instant now) {
        return database.readOne(handle, """
                        UPDATE grants SET refresh_digest = ?, generation = generation + 1, refreshed_at = ?
                        WHERE id = ?
                        RETURNING id, athlete_id, scopes, generation""",
                statement -> {
                    statement.setString(1, newDigest);
                    statement.setLong(2, now.getEpochSecond());
                    statement.setLong(3, grantId);
                },
                GrantRow::from);
    }

    /**
     * Replaces a successor refresh token that was never used (the retry window). The generation stays,
     * so the new access token takes the slot of the successor's, which dies with it.
     */
    public Optional<GrantRow> replaceUnusedSuccessor(Handle handle, long grantId, String successorDigest, String newDigest, Instant now) {
        return handle.createQuery("""
                        UPDATE grants SET refresh_digest = :new, refreshed_at = :now
                        WHERE id = :grant AND refresh_digest = :successor
                        RETURNING id, athlete_id, scopes, generation""")
                .bind("new", newDigest)
                .bind("grant", grantId)
                .bind("successor", successorDigest)
                .bind("now", now.getEpochSecond())
                .map((rs, ctx) -> GrantRow.from(rs))
                .findOne();
    }

    /** Records that {@code digest} was rotated away in favour of {@code successorDigest}. */
    public void retire(Handle handle, String digest, long grantId, String successorDigest, Instant now) {
        database.update(handle, """
                        INSERT INTO retired_refresh_tokens (digest, grant_id, successor_digest, retired_at)
                        VALUES (?, ?, ?, ?)
                        ON CONFLICT (digest) DO UPDATE SET successor_digest = excluded.successor_digest""",
                statement -> {
                    statement.setString(1, digest);
                    statement.setLong(2, grantId);
                    statement.setString(3, successorDigest);
                    statement.setLong(4, now.getEpochSecond());
                });
    }

    public Optional<RetiredRefresh> findRetired(Handle handle, String digest, long appId) {
        return handle.createQuery("""
                        SELECT r.grant_id, r.successor_digest, r.retired_at, g.refresh_digest
                        FROM retired_refresh_tokens r JOIN grants g ON g.id = r.grant_id
                        WHERE r.digest = :digest AND g.app_id = :app""")
                .bind("digest", digest)
                .bind("app", appId)
                .map((rs, ctx) -> new RetiredRefresh(rs.getLong("grant_id"), rs.getString("successor_digest"),
                        Instant.ofEpochSecond(rs.getLong("retired_at")), rs.getString("refresh_digest")))
                .findOne();
    }

    /** Stores an access token in its slot, replacing the token that held the slot before. */
    public void putAccessToken(Handle handle, String digest, long grantId, int slot, long appId, long athleteId,
                               ScopeSet scopes, Instant issuedAt, Instant expiresAt) {
        database.update(handle, """
                        INSERT INTO access_tokens (grant_id, slot, digest, app_id, athlete_id, scopes, issued_at, expires_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (grant_id, slot) DO UPDATE SET
                            digest = excluded.digest, scopes = excluded.scopes,
                            issued_at = excluded.issued_at, expires_at = excluded.expires_at""",
                statement -> {
                    statement.setLong(1, grantId);
                    statement.setInt(2, slot);
                    statement.setString(3, digest);
                    statement.setLong(4, appId);
                    statement.setLong(5, athleteId);
                    statement.setInt(6, scopes.bits());
                    statement.setLong(7, issuedAt.getEpochSecond());
                    statement.setLong(8, expiresAt.getEpochSecond());
                });
    }

    /**
     * The grant behind an access token digest, live or not, with its app's rate limits: one probe of the
     * digest index, or none when the answer is cached and nothing was committed since that could change it.
     * Every transaction of {@link dev.switchback.store.Writes} that changes access tokens or their app's
     * limits must declare the grant {@link dev.switchback.store.Stale}.
     */
    public Optional<AccessGrant> findAccessToken(String digest) {
        return tokenChecks.get(digest, () -> readAccessToken(digest));
    }

    private Optional<AccessGrant> readAccessToken(String digest) {
        return database.readOne("""
                        SELECT t.grant_id, t.app_id, t.athlete_id, t.scopes, t.expires_at,
                            a.overall_limit_15min, a.overall_limit_daily, a.read_limit_15min, a.read_limit_daily
                        FROM access_tokens t JOIN apps a ON a.id = t.app_id
                        WHERE t.digest = ?""",
                statement -> statement.setString(1, digest),
                row -> new AccessGrant(row.getLong(1), row.getLong(2), row.getLong(3), ScopeSet.fromBits(row.getInt(4)),
                        Instant.ofEpochSecond(row.getLong(5)),
                        new RateLimits(row.getInt(6), row.getInt(7), row.getInt(8), row.getInt(9))));
    }

    /** Deletes a grant with every code and token issued under it. */
    public boolean deleteGrant(Handle handle, long grantId) {
        return handle.createUpdate("DELETE FROM grants WHERE id = :grant").bind("grant", grantId).execute() == 1;
    }

    public boolean deleteGrant(long appId, long athleteId) {
        return jdbi.withHandle(handle -> handle.createUpdate(
                        "DELETE FROM grants WHERE app_id = :app AND athlete_id = :athlete")
                .bind("app", appId)
                .bind("athlete", athleteId)
                .execute()) == 1;
    }

    public List<AuthorizedApp> authorizedApps(long athleteId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT a.id, a.name, g.scopes, g.authorized_at
                        FROM grants g JOIN apps a ON a.id = g.app_id
                        WHERE g.athlete_id = :athlete ORDER BY a.name, a.id""")
                .bind("athlete", athleteId)
                .map((rs, ctx) -> new AuthorizedApp(rs.getLong("id"), rs.getString("name"),
                        ScopeSet.fromBits(rs.getInt("scopes")), Instant.ofEpochSecond(rs.getLong("authorized_at"))))
                .list());
    }

    /** A grant as a rotation left it. */
    public record GrantRow(long grantId, long athleteId, ScopeSet scopes, long generation) {
        /** From {@code RETURNING id, athlete_id, scopes, generation}, by position. */
        static GrantRow from(java.sql.ResultSet rs) throws java.sql.SQLException {
            return new GrantRow(rs.getLong(1), rs.getLong(2), ScopeSet.fromBits(rs.getInt(3)), rs.getLong(4));
        }
    }

    public record RedeemedCode(long grantId, long athleteId, ScopeSet scopes, Optional<String> codeChallenge) {}

    public record SpentCode(long grantId, boolean used) {}

    /** A rotated-away refresh token, with its successor and the grant's current refresh digest. */
    public record RetiredRefresh(long grantId, String successorDigest, Instant retiredAt, String currentDigest) {}
}
