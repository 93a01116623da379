package dev.switchback.oauth;

import dev.switchback.app.AppStore;
import dev.switchback.scope.ScopeSet;
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
    private final Jdbi jdbi;

    public GrantStore(Jdbi jdbi) {
        this.jdbi = jdbi;
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
     * authorizing at once are serialized (SQLite serializes all writers anyway).
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
        return handle.createQuery("""
                        UPDATE authorization_codes SET used_at = :now
                        WHERE digest = :digest AND app_id = :app AND used_at IS NULL AND expires_at > :now
                        RETURNING grant_id, athlete_id, scopes, code_challenge""")
                .bind("digest", digest)
                .bind("app", appId)
                .bind("now", now.getEpochSecond())
                .map((rs, ctx) -> new RedeemedCode(rs.getLong("grant_id"), rs.getLong("athlete_id"),
                        ScopeSet.fromBits(rs.getInt("scopes")), Optional.ofNullable(rs.getString("code_challenge"))))
                .findOne();
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
        return handle.createQuery("""
                        UPDATE grants SET refresh_digest = :new, generation = generation + 1, refreshed_at = :now
                        WHERE refresh_digest = :old AND app_id = :app
                        RETURNING id, athlete_id, scopes, generation""")
                .bind("new", newDigest)
                .bind("old", oldDigest)
                .bind("app", appId)
                .bind("now", now.getEpochSecond())
                .map((rs, ctx) -> GrantRow.from(rs))
                .findOne();
    }

    /** Gives a grant a new refresh token after a code exchange; the previous one, if any, dies. */
    public Optional<GrantRow> replaceRefresh(Handle handle, long grantId, String newDigest, Instant now) {
        return handle.createQuery("""
                        UPDATE grants SET refresh_digest = :new, generation = generation + 1, refreshed_at = :now
                        WHERE id = :grant
                        RETURNING id, athlete_id, scopes, generation""")
                .bind("new", newDigest)
                .bind("grant", grantId)
                .bind("now", now.getEpochSecond())
                .map((rs, ctx) -> GrantRow.from(rs))
                .findOne();
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
        handle.createUpdate("""
                        INSERT INTO retired_refresh_tokens (digest, grant_id, successor_digest, retired_at)
                        VALUES (:digest, :grant, :successor, :now)
                        ON CONFLICT (digest) DO UPDATE SET successor_digest = excluded.successor_digest""")
                .bind("digest", digest)
                .bind("grant", grantId)
                .bind("successor", successorDigest)
                .bind("now", now.getEpochSecond())
                .execute();
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
        handle.createUpdate("""
                        INSERT INTO access_tokens (grant_id, slot, digest, app_id, athlete_id, scopes, issued_at, expires_at)
                        VALUES (:grant, :slot, :digest, :app, :athlete, :scopes, :issued, :expires)
                        ON CONFLICT (grant_id, slot) DO UPDATE SET
                            digest = excluded.digest, scopes = excluded.scopes,
                            issued_at = excluded.issued_at, expires_at = excluded.expires_at""")
                .bind("grant", grantId)
                .bind("slot", slot)
                .bind("digest", digest)
                .bind("app", appId)
                .bind("athlete", athleteId)
                .bind("scopes", scopes.bits())
                .bind("issued", issuedAt.getEpochSecond())
                .bind("expires", expiresAt.getEpochSecond())
                .execute();
    }

    /** The grant behind an access token digest, live or not, with its app's rate limits: one probe of the digest index. */
    public Optional<AccessGrant> findAccessToken(String digest) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT t.grant_id, t.app_id, t.athlete_id, t.scopes, t.expires_at,
                            a.overall_limit_15min, a.overall_limit_daily, a.read_limit_15min, a.read_limit_daily
                        FROM access_tokens t JOIN apps a ON a.id = t.app_id
                        WHERE t.digest = :digest""")
                .bind("digest", digest)
                .map((rs, ctx) -> new AccessGrant(rs.getLong("grant_id"), rs.getLong("app_id"), rs.getLong("athlete_id"),
                        ScopeSet.fromBits(rs.getInt("scopes")), Instant.ofEpochSecond(rs.getLong("expires_at")),
                        AppStore.rateLimits(rs)))
                .findOne());
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
        static GrantRow from(java.sql.ResultSet rs) throws java.sql.SQLException {
            return new GrantRow(rs.getLong("id"), rs.getLong("athlete_id"), ScopeSet.fromBits(rs.getInt("scopes")),
                    rs.getLong("generation"));
        }
    }

    public record RedeemedCode(long grantId, long athleteId, ScopeSet scopes, Optional<String> codeChallenge) {}

    public record SpentCode(long grantId, boolean used) {}

    /** A rotated-away refresh token, with its successor and the grant's current refresh digest. */
    public record RetiredRefresh(long grantId, String successorDigest, Instant retiredAt, String currentDigest) {}
}
