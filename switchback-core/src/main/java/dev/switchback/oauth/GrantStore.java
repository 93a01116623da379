package dev.switchback.oauth;

import dev.switchback.app.AppIcon;
import dev.switchback.app.AppId;
import dev.switchback.athlete.AthleteId;
import dev.switchback.ratelimit.RateLimits;
import dev.switchback.scope.ScopeSet;
import dev.switchback.store.Database;
import dev.switchback.store.Dialect;
import dev.switchback.store.ReadCache;
import dev.switchback.store.Rows;
import dev.switchback.store.Tx;
import dev.switchback.token.TokenDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Grants, authorization codes and tokens. Every token lookup is one equality probe on a unique digest
 * index. Every method but the bearer check runs in the caller's transaction; a write to a grant or its
 * tokens names the grant as {@code :grant}, or declares it with {@link Tx#changedGrant} when the row told
 * it, so the token-check cache evicts exactly that grant (see {@link Tx}).
 */
public final class GrantStore {
    /** Enough for the live tokens of a busy process (about 300 bytes each); a full cache starts again empty. */
    private static final int TOKEN_CHECKS_KEPT = 16_384;

    private final Database database;
    private final ReadCache<TokenDigest, AccessGrant> tokenChecks;

    public GrantStore(Database database) {
        this.database = database;
        this.tokenChecks =
                database.readCache(TOKEN_CHECKS_KEPT, grant -> grant.grantId().value(), "access_tokens", "apps");
    }

    /** Bearer checks answered from the token-check cache so far (a metric). */
    public long tokenCheckHits() {
        return tokenChecks.hits();
    }

    /** The scopes an athlete granted an app, if the athlete has a grant for it. */
    public Optional<ScopeSet> grantedScopes(Tx tx, AppId app, AthleteId athlete) {
        return tx.sql("SELECT scopes FROM grants WHERE app_id = :app AND athlete_id = :athlete")
                .bind("app", app)
                .bind("athlete", athlete)
                .one(row -> ScopeSet.fromBits(row.getInt(1)));
    }

    /**
     * Serializes the capacity checks of two athletes authorizing the same app at once: on PostgreSQL by
     * locking the app's row for the rest of the transaction; SQLite already runs one write transaction at
     * a time (each begins IMMEDIATE).
     */
    public void lockApp(Tx tx, AppId app) {
        if (tx.dialect() == Dialect.POSTGRESQL) {
            tx.sql("SELECT id FROM apps WHERE id = :app FOR UPDATE")
                    .bind("app", app)
                    .exists();
        }
    }

    /** How many athletes other than {@code athlete} and the owner have a grant for the app. */
    public long otherAthletes(Tx tx, AppId app, AthleteId athlete, Optional<AthleteId> owner) {
        return tx.sql("""
                        SELECT COUNT(*) FROM grants
                        WHERE app_id = :app AND athlete_id <> :athlete AND athlete_id <> :owner""")
                .bind("app", app)
                .bind("athlete", athlete)
                .bind("owner", owner.map(AthleteId::value).orElse(-1L))
                .number();
    }

    /** The athlete's grant for the app, if any. */
    public Optional<GrantId> findGrant(Tx tx, AppId app, AthleteId athlete) {
        return tx.sql("SELECT id FROM grants WHERE app_id = :app AND athlete_id = :athlete")
                .bind("app", app)
                .bind("athlete", athlete)
                .one(row -> new GrantId(row.getLong(1)));
    }

    /** How many athletes have a grant for the app, its owner included. */
    public long connectedAthletes(Tx tx, AppId app) {
        return tx.sql("SELECT COUNT(*) FROM grants WHERE app_id = :app")
                .bind("app", app)
                .number();
    }

    /** Whether an access token with this digest exists and has not expired at {@code now}. */
    public boolean accessTokenLive(Tx tx, TokenDigest digest, Instant now) {
        return tx.sql("SELECT grant_id FROM access_tokens WHERE digest = :digest AND expires_at > :now")
                .bind("digest", digest.hex())
                .bind("now", now)
                .exists();
    }

    public boolean hasGrant(Tx tx, AppId app, AthleteId athlete) {
        return tx.sql("SELECT id FROM grants WHERE app_id = :app AND athlete_id = :athlete")
                .bind("app", app)
                .bind("athlete", athlete)
                .exists();
    }

    /**
     * Creates the athlete's grant for the app, or replaces its scopes (a new authorization replaces the
     * old one, contract#grant-replaces-scopes). Access tokens that carry a scope no longer granted are revoked.
     */
    public GrantId putGrant(Tx tx, AppId app, AthleteId athlete, ScopeSet scopes, Instant now) {
        GrantId grant = new GrantId(tx.sql("""
                        INSERT INTO grants (app_id, athlete_id, scopes, authorized_at)
                        VALUES (:app, :athlete, :scopes, :now)
                        ON CONFLICT (app_id, athlete_id) DO UPDATE SET scopes = excluded.scopes, authorized_at = excluded.authorized_at
                        RETURNING id""")
                .bind("app", app)
                .bind("athlete", athlete)
                .bind("scopes", scopes.bits())
                .bind("now", now)
                .number());
        tx.changedGrant(grant);
        tx.sql("DELETE FROM access_tokens WHERE grant_id = :grant AND (scopes & :revoked) <> 0")
                .bind("grant", grant)
                .bind("revoked", ~scopes.bits())
                .update();
        return grant;
    }

    public void insertCode(Tx tx, NewCode code) {
        tx.sql("""
                        INSERT INTO authorization_codes
                            (digest, grant_id, app_id, athlete_id, scopes, code_challenge, issued_at, expires_at)
                        VALUES (:digest, :grant, :app, :athlete, :scopes, :challenge, :now, :expires)""")
                .bind("digest", code.digest().hex())
                .bind("grant", code.grant())
                .bind("app", code.app())
                .bind("athlete", code.athlete())
                .bind("scopes", code.scopes().bits())
                .bind("challenge", code.codeChallenge().orElse(null))
                .bind("now", code.issuedAt())
                .bind("expires", code.expiresAt())
                .update();
    }

    /**
     * Marks a live, unused code of this app as used; empty if there is none (unknown, used, expired, or detached
     * from its grant because the grant was deleted).
     */
    public Optional<RedeemedCode> redeemCode(Tx tx, TokenDigest digest, AppId app, Instant now) {
        return tx.sql("""
                        UPDATE authorization_codes SET used_at = :now
                        WHERE digest = :digest AND app_id = :app AND used_at IS NULL AND expires_at > :now
                            AND grant_id IS NOT NULL
                        RETURNING grant_id, athlete_id, scopes, code_challenge""")
                .bind("now", now)
                .bind("digest", digest.hex())
                .bind("app", app)
                .one(row -> new RedeemedCode(
                        new GrantId(row.getLong(1)),
                        new AthleteId(row.getLong(2)),
                        ScopeSet.fromBits(row.getInt(3)),
                        Optional.ofNullable(row.getString(4))));
    }

    /**
     * A code of this app that exists but can no longer be redeemed: its grant, unless the grant was deleted since
     * (a code outlives its grant, contract#code-lifetime), and whether it was used.
     */
    public Optional<SpentCode> findSpentCode(Tx tx, TokenDigest digest, AppId app) {
        return tx.sql("SELECT grant_id, used_at FROM authorization_codes WHERE digest = :digest AND app_id = :app")
                .bind("digest", digest.hex())
                .bind("app", app)
                .one(row -> new SpentCode(
                        Rows.optionalLong(row, 1).map(GrantId::new),
                        Rows.optionalLong(row, 2).isPresent()));
    }

    /**
     * Rotates a refresh token: a compare-and-set of the grant's one live refresh digest. Of two
     * concurrent calls with the same token, exactly one matches; the row lock also serializes the
     * rotation with a deauthorization that deletes the grant.
     */
    public Optional<GrantRow> rotateRefresh(Tx tx, TokenDigest old, TokenDigest next, AppId app, Instant now) {
        Optional<GrantRow> rotated = tx.sql("""
                        UPDATE grants SET refresh_digest = :next, generation = generation + 1, refreshed_at = :now
                        WHERE refresh_digest = :old AND app_id = :app
                        RETURNING id, athlete_id, scopes, generation""")
                .bind("next", next.hex())
                .bind("now", now)
                .bind("old", old.hex())
                .bind("app", app)
                .one(GrantRow::from);
        rotated.ifPresent(grant -> tx.changedGrant(grant.grantId()));
        return rotated;
    }

    /** Gives a grant a new refresh token after a code exchange; the previous one, if any, dies. */
    public Optional<GrantRow> replaceRefresh(Tx tx, GrantId grant, TokenDigest next, Instant now) {
        return tx.sql("""
                        UPDATE grants SET refresh_digest = :next, generation = generation + 1, refreshed_at = :now
                        WHERE id = :grant
                        RETURNING id, athlete_id, scopes, generation""")
                .bind("next", next.hex())
                .bind("now", now)
                .bind("grant", grant)
                .one(GrantRow::from);
    }

    /**
     * Records that {@code digest} was rotated away in favour of {@code successor}, with the answer that rotation
     * gave, sealed under the token rotated away (see {@link SealedAnswer}).
     */
    public void retire(Tx tx, TokenDigest digest, GrantId grant, TokenDigest successor, String answer, Instant now) {
        tx.sql("""
                        INSERT INTO retired_refresh_tokens (digest, grant_id, successor_digest, answer, retired_at)
                        VALUES (:digest, :grant, :successor, :answer, :now)
                        ON CONFLICT (digest) DO UPDATE SET
                            successor_digest = excluded.successor_digest, answer = excluded.answer""")
                .bind("digest", digest.hex())
                .bind("grant", grant)
                .bind("successor", successor.hex())
                .bind("answer", answer)
                .bind("now", now)
                .update();
    }

    /** Whether {@code digest} was rotated away in favour of {@code successor}: that rotation committed. */
    public boolean wasRotated(Tx tx, TokenDigest digest, TokenDigest successor) {
        return tx.sql(
                        "SELECT grant_id FROM retired_refresh_tokens WHERE digest = :digest AND successor_digest = :successor")
                .bind("digest", digest.hex())
                .bind("successor", successor.hex())
                .exists();
    }

    /** Whether the grant's live refresh token is {@code refresh}: the code exchange that minted it committed. */
    public boolean holdsRefresh(Tx tx, GrantId grant, TokenDigest refresh) {
        return tx.sql("SELECT id FROM grants WHERE id = :grant AND refresh_digest = :refresh")
                .bind("grant", grant)
                .bind("refresh", refresh.hex())
                .exists();
    }

    public Optional<RetiredRefresh> findRetired(Tx tx, TokenDigest digest, AppId app) {
        return tx.sql("""
                        SELECT r.grant_id, r.successor_digest, r.retired_at, g.refresh_digest, r.answer
                        FROM retired_refresh_tokens r JOIN grants g ON g.id = r.grant_id
                        WHERE r.digest = :digest AND g.app_id = :app""")
                .bind("digest", digest.hex())
                .bind("app", app)
                .one(row -> new RetiredRefresh(
                        new GrantId(row.getLong(1)),
                        new TokenDigest(row.getString(2)),
                        Rows.instant(row, 3),
                        Optional.ofNullable(row.getString(4)).map(TokenDigest::new),
                        Optional.ofNullable(row.getString(5))));
    }

    /** Stores an access token in its slot, replacing the token that held the slot before. */
    public void putAccessToken(Tx tx, NewAccessToken token) {
        tx.sql("""
                        INSERT INTO access_tokens (grant_id, slot, digest, app_id, athlete_id, scopes, issued_at, expires_at)
                        VALUES (:grant, :slot, :digest, :app, :athlete, :scopes, :issued, :expires)
                        ON CONFLICT (grant_id, slot) DO UPDATE SET
                            digest = excluded.digest, scopes = excluded.scopes,
                            issued_at = excluded.issued_at, expires_at = excluded.expires_at""")
                .bind("grant", token.grant())
                .bind("slot", token.slot())
                .bind("digest", token.digest().hex())
                .bind("app", token.app())
                .bind("athlete", token.athlete())
                .bind("scopes", token.scopes().bits())
                .bind("issued", token.issuedAt())
                .bind("expires", token.expiresAt())
                .update();
    }

    /**
     * The grant behind an access token digest, live or not, with its app's rate limits: one probe of the
     * digest index, or none when the answer is cached and nothing was committed since that could change it.
     */
    public Optional<AccessGrant> findAccessToken(TokenDigest digest) {
        return tokenChecks.get(
                digest,
                () -> database.read(tx -> tx.sql("""
                        SELECT t.grant_id, t.app_id, t.athlete_id, t.scopes, t.expires_at,
                            a.overall_limit_15min, a.overall_limit_daily, a.read_limit_15min, a.read_limit_daily
                        FROM access_tokens t JOIN apps a ON a.id = t.app_id
                        WHERE t.digest = :digest""")
                        .bind("digest", digest.hex())
                        .one(row -> new AccessGrant(
                                new GrantId(row.getLong(1)),
                                new AppId(row.getLong(2)),
                                new AthleteId(row.getLong(3)),
                                ScopeSet.fromBits(row.getInt(4)),
                                Rows.instant(row, 5),
                                new RateLimits(row.getInt(6), row.getInt(7), row.getInt(8), row.getInt(9))))));
    }

    /** Whose an access token is: its grant and app, expired or not. */
    public Optional<TokenOwner> accessTokenOwner(Tx tx, TokenDigest digest) {
        return tx.sql("SELECT grant_id, app_id FROM access_tokens WHERE digest = :digest")
                .bind("digest", digest.hex())
                .one(row -> new TokenOwner(new GrantId(row.getLong(1)), new AppId(row.getLong(2))));
    }

    /** Whose a current refresh token is: its grant and app. */
    public Optional<TokenOwner> refreshTokenOwner(Tx tx, TokenDigest digest) {
        return tx.sql("SELECT id, app_id FROM grants WHERE refresh_digest = :digest")
                .bind("digest", digest.hex())
                .one(row -> new TokenOwner(new GrantId(row.getLong(1)), new AppId(row.getLong(2))));
    }

    /** The grant and app a token belongs to. */
    public record TokenOwner(GrantId grantId, AppId appId) {}

    /** Deletes one access token of {@code grant} (RFC 7009 revocation of an access token). */
    public boolean deleteAccessToken(Tx tx, GrantId grant, TokenDigest digest) {
        return tx.sql("DELETE FROM access_tokens WHERE grant_id = :grant AND digest = :digest")
                        .bind("grant", grant)
                        .bind("digest", digest.hex())
                        .update()
                == 1;
    }

    /** An access token as introspection tells of it, expired or not (the caller compares with the clock). */
    public Optional<Introspection> introspect(Tx tx, TokenDigest digest) {
        return tx.sql("""
                        SELECT app_id, athlete_id, scopes, issued_at, expires_at
                        FROM access_tokens WHERE digest = :digest""")
                .bind("digest", digest.hex())
                .one(row -> new Introspection(
                        new AppId(row.getLong(1)),
                        new AthleteId(row.getLong(2)),
                        ScopeSet.fromBits(row.getInt(3)),
                        Rows.instant(row, 4),
                        Rows.instant(row, 5)));
    }

    /** Deletes a grant with every token issued under it; its codes stay, detached, so a replay still answers expired. */
    public boolean deleteGrant(Tx tx, GrantId grant) {
        return tx.sql("DELETE FROM grants WHERE id = :grant")
                        .bind("grant", grant)
                        .update()
                == 1;
    }

    /** Deletes the athlete's grant for the app, if there is one, with every token issued under it; its codes stay, detached. */
    public Optional<GrantId> deleteGrant(Tx tx, AppId app, AthleteId athlete) {
        Optional<GrantId> deleted = tx.sql(
                        "DELETE FROM grants WHERE app_id = :app AND athlete_id = :athlete RETURNING id")
                .bind("app", app)
                .bind("athlete", athlete)
                .one(row -> new GrantId(row.getLong(1)));
        deleted.ifPresent(tx::changedGrant);
        return deleted;
    }

    public List<AuthorizedApp> authorizedApps(Tx tx, AthleteId athlete) {
        return tx.sql("""
                        SELECT a.id, a.name, a.website, a.icon, g.scopes, g.authorized_at
                        FROM grants g JOIN apps a ON a.id = g.app_id
                        WHERE g.athlete_id = :athlete ORDER BY a.name, a.id""")
                .bind("athlete", athlete)
                .list(row -> new AuthorizedApp(
                        new AppId(row.getLong(1)),
                        row.getString(2),
                        row.getString(3),
                        Optional.ofNullable(row.getString(4)).flatMap(AppIcon::fromDataUrl),
                        ScopeSet.fromBits(row.getInt(5)),
                        Rows.instant(row, 6)));
    }

    /** A grant as a rotation left it. */
    public record GrantRow(GrantId grantId, AthleteId athleteId, ScopeSet scopes, long generation) {
        /** From {@code RETURNING id, athlete_id, scopes, generation}, by position. */
        static GrantRow from(ResultSet row) throws SQLException {
            return new GrantRow(
                    new GrantId(row.getLong(1)),
                    new AthleteId(row.getLong(2)),
                    ScopeSet.fromBits(row.getInt(3)),
                    row.getLong(4));
        }
    }

    /** A code to store: the digest of its value, and the grant, app, athlete and scopes it stands for. */
    public record NewCode(
            TokenDigest digest,
            GrantId grant,
            AppId app,
            AthleteId athlete,
            ScopeSet scopes,
            Optional<String> codeChallenge,
            Instant issuedAt,
            Instant expiresAt) {}

    /** An access token to store in its slot of the grant. */
    public record NewAccessToken(
            TokenDigest digest,
            GrantId grant,
            int slot,
            AppId app,
            AthleteId athlete,
            ScopeSet scopes,
            Instant issuedAt,
            Instant expiresAt) {}

    public record RedeemedCode(GrantId grantId, AthleteId athleteId, ScopeSet scopes, Optional<String> codeChallenge) {}

    public record SpentCode(Optional<GrantId> grantId, boolean used) {}

    /**
     * A rotated-away refresh token, with its successor, the grant's current refresh digest (none after a
     * replay), and the answer its rotation gave, sealed (none for tokens retired before answers were kept).
     */
    public record RetiredRefresh(
            GrantId grantId,
            TokenDigest successorDigest,
            Instant retiredAt,
            Optional<TokenDigest> currentDigest,
            Optional<String> answer) {
        /** Whether the successor is still the grant's live refresh token: nobody has refreshed with it. */
        public boolean successorUnused() {
            return currentDigest.equals(Optional.of(successorDigest));
        }
    }
}
