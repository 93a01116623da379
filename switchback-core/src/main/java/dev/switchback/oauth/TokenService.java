package dev.switchback.oauth;

import dev.switchback.app.App;
import dev.switchback.app.AppCredentials;
import dev.switchback.app.AppId;
import dev.switchback.app.AppStore;
import dev.switchback.athlete.Athlete;
import dev.switchback.athlete.AthleteId;
import dev.switchback.athlete.AthleteStore;
import dev.switchback.fault.FaultException;
import dev.switchback.scope.ScopeSet;
import dev.switchback.store.Database;
import dev.switchback.store.Tx;
import dev.switchback.telemetry.SecurityLog;
import dev.switchback.telemetry.TokenMetrics;
import dev.switchback.token.PageSeal;
import dev.switchback.token.Secret;
import dev.switchback.token.TokenDigest;
import dev.switchback.token.TokenGenerator;
import dev.switchback.webhook.Outbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code /oauth/token}, {@code /oauth/deauthorize} and the bearer check. Each grant is one
 * transaction; every refresh rotates the refresh token with a compare-and-set, so of N concurrent
 * refreshes with one token exactly one succeeds.
 */
public final class TokenService {
    /** The page mints new owner tokens rather than show an access token with less than this left. */
    public static final Duration OWNER_TOKEN_MIN_LEFT = Duration.ofMinutes(5);

    private final AppStore apps;
    private final AppCredentials credentials;
    private final AthleteStore athletes;
    private final GrantStore grants;
    private final Database database;
    private final TokenGenerator tokens;
    private final OAuthPolicy policy;
    private final Outbox outbox;
    private final Clock clock;
    private final TokenMetrics metrics;

    public TokenService(
            AppStore apps,
            AthleteStore athletes,
            GrantStore grants,
            Database database,
            TokenGenerator tokens,
            OAuthPolicy policy,
            Outbox outbox,
            Clock clock,
            TokenMetrics metrics) {
        this.metrics = metrics;
        this.apps = apps;
        this.credentials = new AppCredentials(apps);
        this.athletes = athletes;
        this.grants = grants;
        this.database = database;
        this.tokens = tokens;
        this.policy = policy;
        this.outbox = outbox;
        this.clock = clock;
    }

    public IssuedTokens exchange(TokenRequest request) {
        Tally tally = new Tally();
        try {
            App app = authenticate(request);
            if (request instanceof TokenRequest.AuthorizationCodeGrant grant) {
                return redeemCode(app, grant, tally);
            }
            return refresh(app, (TokenRequest.RefreshTokenGrant) request, tally);
        } catch (FaultException e) {
            tally.refusedUnlessDecided();
            throw e;
        } finally {
            metrics.grant(
                    request instanceof TokenRequest.AuthorizationCodeGrant
                            ? TokenMetrics.GrantType.AUTHORIZATION_CODE
                            : TokenMetrics.GrantType.REFRESH_TOKEN,
                    tally.outcome);
        }
    }

    /** What one request came to, for the metrics: an error unless something decided otherwise. */
    private static final class Tally {
        TokenMetrics.Outcome outcome = TokenMetrics.Outcome.ERROR;
        boolean decided;

        void decided(TokenMetrics.Outcome outcome) {
            this.outcome = outcome;
            decided = true;
        }

        void refusedUnlessDecided() {
            if (!decided) {
                outcome = TokenMetrics.Outcome.INVALID;
            }
        }
    }

    private App authenticate(TokenRequest request) {
        return authenticateClient(request.clientId(), request.clientSecret());
    }

    /** The app whose {@code client_id} and secret these are; {@code invalid_client} otherwise. */
    public App authenticateClient(String clientId, Optional<String> clientSecret) {
        return credentials.authenticate(clientId, clientSecret);
    }

    // --- authorization_code (RFC 6749 §4.1.3) -------------------------------------------------

    private IssuedTokens redeemCode(App app, TokenRequest.AuthorizationCodeGrant request, Tally tally) {
        Secret code = request.code()
                .map(value -> Secret.parse(value).orElseThrow(TokenService::invalidCode))
                .orElseThrow(() -> FaultException.invalid("AuthorizationCode", "code")
                        .withOAuthError("invalid_grant", "code is missing"));
        Instant now = clock.instant();
        Secret access = tokens.next();
        Secret refresh = tokens.next();
        CodeOutcome outcome = database.write(
                tx -> {
                    Optional<GrantStore.RedeemedCode> redeemed =
                            grants.redeemCode(tx, code.digest(), app.clientId(), now);
                    if (redeemed.isEmpty()) {
                        return spentCode(tx, code, app);
                    }
                    checkVerifier(redeemed.get().codeChallenge(), request.codeVerifier());
                    GrantStore.GrantRow grant = grants.replaceRefresh(
                                    tx, redeemed.get().grantId(), refresh.digest(), now)
                            .orElseThrow(TokenService::invalidCode);
                    mint(tx, access, app, grant, redeemed.get().scopes().intersect(grant.scopes()), now);
                    return new CodeOutcome.Issued(
                            grant.grantId(),
                            athletes.find(tx, grant.athleteId()).orElseThrow());
                },
                (tx, done) -> exchanged(tx, done, refresh));
        if (outcome instanceof CodeOutcome.Issued issued) {
            tally.decided(TokenMetrics.Outcome.ISSUED);
            return issued(access, refresh, now.plus(OAuthPolicy.ACCESS_TOKEN_TTL), now, Optional.of(issued.athlete()));
        }
        if (outcome instanceof CodeOutcome.Spent spent) {
            tally.decided(spent.used() ? TokenMetrics.Outcome.REPLAYED : TokenMetrics.Outcome.EXPIRED);
            if (spent.used()) {
                SecurityLog.codeReplayed(app.clientId(), spent.revoked());
            }
            throw FaultException.badRequest("AuthorizationCode", "", "expired")
                    .withOAuthError(
                            "invalid_grant",
                            "code is no longer valid: it has expired, was already used, or its authorization was revoked");
        }
        throw invalidCode();
    }

    /**
     * Whether a code exchange whose commit's answer was lost committed (contract#code-exchange): the grant holds
     * the refresh token it minted. A refusal needs no reading back: the code is refused either way.
     */
    private boolean exchanged(Tx tx, CodeOutcome outcome, Secret refresh) {
        return !(outcome instanceof CodeOutcome.Issued issued)
                || grants.holdsRefresh(tx, issued.grantId(), refresh.digest());
    }

    /**
     * A code that matched nothing live: unknown, or spent (expired, used, or its grant deleted since: one answer,
     * contract#code-lifetime). A used one, in hardened, revokes the grant it came from if that still exists.
     */
    private CodeOutcome spentCode(Tx tx, Secret code, App app) {
        Optional<GrantStore.SpentCode> spent = grants.findSpentCode(tx, code.digest(), app.clientId());
        if (spent.isEmpty()) {
            return new CodeOutcome.Unknown();
        }
        Optional<GrantId> revoked = Optional.empty();
        if (spent.get().used() && policy.codeReuseRevokesTokens()) {
            spent.get().grantId().ifPresent(grant -> grants.deleteGrant(tx, grant));
            revoked = spent.get().grantId();
        }
        return new CodeOutcome.Spent(spent.get().used(), revoked);
    }

    /** RFC 7636 §4.6: a challenge needs the matching verifier; a verifier without a challenge is refused. */
    private static void checkVerifier(Optional<String> challenge, Optional<String> verifier) {
        if (challenge.isPresent() && verifier.isEmpty()) {
            throw invalidVerifier("code_verifier is missing: the code was issued with a code_challenge");
        }
        if (challenge.isPresent() && !Pkce.matches(verifier.get(), challenge.get())) {
            throw invalidVerifier("code_verifier does not match the code_challenge");
        }
        if (challenge.isEmpty() && verifier.isPresent()) {
            throw invalidVerifier("code_verifier was sent for a code issued without a code_challenge");
        }
    }

    private static FaultException invalidVerifier(String description) {
        return FaultException.invalid("AuthorizationCode", "code_verifier")
                .withOAuthError("invalid_grant", description);
    }

    private static FaultException invalidCode() {
        return FaultException.invalid("AuthorizationCode", "code")
                .withOAuthError("invalid_grant", "code is unknown or was issued to another application");
    }

    private sealed interface CodeOutcome {
        record Issued(GrantId grantId, Athlete athlete) implements CodeOutcome {}

        record Spent(boolean used, Optional<GrantId> revoked) implements CodeOutcome {}

        record Unknown() implements CodeOutcome {}
    }

    // --- without a browser (the emulator's tokens) ------------------------------------------------

    /**
     * What an approval followed by a code exchange does, in one transaction and without a code: the grant is
     * recorded as consent records it (the same capacity rule, scopes replaced), its refresh token and an access
     * token living {@code accessTtl} (at most {@link OAuthPolicy#ACCESS_TOKEN_TTL}) are minted, stored as digests
     * and revocable like any other, and the answer is the code exchange's, with the athlete
     * (contract#emulator-tokens).
     *
     * @throws FaultException 404 for an unknown app or athlete
     * @throws AthleteCapacityExceededException if the app is full and this athlete is not yet connected
     */
    public IssuedTokens grantWithoutBrowser(AppId appId, AthleteId athleteId, ScopeSet scopes, Duration accessTtl) {
        if (accessTtl.isNegative() || accessTtl.isZero() || accessTtl.compareTo(OAuthPolicy.ACCESS_TOKEN_TTL) > 0) {
            throw new IllegalArgumentException("accessTtl must be within (0, 6h], got " + accessTtl);
        }
        App app = apps.find(appId).orElseThrow(() -> FaultException.notFound("Application", "client_id"));
        Instant now = clock.instant();
        Instant expiresAt = now.plus(accessTtl);
        Secret access = tokens.next();
        Secret refresh = tokens.next();
        Athlete athlete = database.write(tx -> {
            Athlete found =
                    athletes.find(tx, athleteId).orElseThrow(() -> FaultException.notFound("Athlete", "athlete"));
            GrantId grant = Consent.record(grants, tx, app, athleteId, scopes, now);
            GrantStore.GrantRow row = grants.replaceRefresh(tx, grant, refresh.digest(), now)
                    .orElseThrow(() -> new IllegalStateException("grant " + grant + " vanished in its transaction"));
            mint(tx, access, app, row, scopes, now, expiresAt);
            return found;
        });
        return issued(access, refresh, expiresAt, now, Optional.of(athlete));
    }

    // --- refresh_token (RFC 6749 §6) ----------------------------------------------------------

    /**
     * Rotates the refresh token (contract#token-rotation). The answer is sealed under the token presented and
     * kept with it, so that a retry inside the window gets the same answer (contract#refresh-retry-window); the
     * tokens are minted and sealed before the transaction, which holds the write lock.
     */
    private IssuedTokens refresh(App app, TokenRequest.RefreshTokenGrant request, Tally tally) {
        Secret presented = request.refreshToken()
                .map(value -> Secret.parse(value).orElseThrow(TokenService::invalidRefresh))
                .orElseThrow(() -> FaultException.invalid("RefreshToken", "refresh_token")
                        .withOAuthError("invalid_grant", "refresh_token is missing"));
        Instant now = clock.instant();
        SealedAnswer.Answer fresh =
                new SealedAnswer.Answer(tokens.next(), tokens.next(), now.plus(OAuthPolicy.ACCESS_TOKEN_TTL));
        String sealed = SealedAnswer.seal(presented, fresh);
        RefreshOutcome outcome = database.write(
                tx -> {
                    Optional<GrantStore.GrantRow> rotated = grants.rotateRefresh(
                            tx, presented.digest(), fresh.refresh().digest(), app.clientId(), now);
                    if (rotated.isPresent()) {
                        grants.retire(
                                tx,
                                presented.digest(),
                                rotated.get().grantId(),
                                fresh.refresh().digest(),
                                sealed,
                                now);
                        mint(
                                tx,
                                fresh.access(),
                                app,
                                rotated.get(),
                                rotated.get().scopes(),
                                now);
                        return new RefreshOutcome.Rotated();
                    }
                    return retryOrReject(tx, app, presented, now);
                },
                (tx, done) -> rotated(tx, done, presented, fresh));
        SealedAnswer.Answer answer;
        if (outcome instanceof RefreshOutcome.Rotated) {
            tally.decided(TokenMetrics.Outcome.ISSUED);
            answer = fresh;
        } else if (outcome instanceof RefreshOutcome.Repeated repeated) {
            tally.decided(TokenMetrics.Outcome.RETRY_WINDOW);
            answer = SealedAnswer.open(presented, repeated.sealed()).orElseThrow(TokenService::invalidRefresh);
        } else {
            if (outcome instanceof RefreshOutcome.Replayed replayed) {
                tally.decided(replayed.lostRace() ? TokenMetrics.Outcome.LOST_RACE : TokenMetrics.Outcome.REPLAYED);
                SecurityLog.refreshTokenReplayed(app.clientId(), replayed.grantId(), replayed.revoked());
            }
            throw invalidRefresh();
        }
        return issued(answer.access(), answer.refresh(), answer.expiresAt(), now, Optional.empty());
    }

    /**
     * Whether a refresh whose commit's answer was lost rotated the token (contract#refresh-retry-window). Any
     * other outcome wrote nothing the answer depends on: a repeat reads only, and a refusal is one either way.
     */
    private boolean rotated(Tx tx, RefreshOutcome outcome, Secret presented, SealedAnswer.Answer fresh) {
        return !(outcome instanceof RefreshOutcome.Rotated)
                || grants.wasRotated(tx, presented.digest(), fresh.refresh().digest());
    }

    /**
     * A refresh token that is no longer current (contract#refresh-retry-window). Inside the retry window, while
     * its successor was never used, the client gets the answer its rotation gave, again: the same tokens, nothing
     * written, not a replay in any profile. Otherwise it is refused, and when replay revokes the grant
     * (hardened), the grant is deleted.
     */
    private RefreshOutcome retryOrReject(Tx tx, App app, Secret presented, Instant now) {
        Optional<GrantStore.RetiredRefresh> retired = grants.findRetired(tx, presented.digest(), app.clientId());
        if (retired.isEmpty()) {
            return new RefreshOutcome.Rejected();
        }
        GrantStore.RetiredRefresh old = retired.get();
        if (answersRetry(old, now)) {
            return new RefreshOutcome.Repeated(old.answer().get());
        }
        if (policy.refreshReuseRevokesGrant()) {
            grants.deleteGrant(tx, old.grantId());
        }
        // Rotated by a concurrent request this very second, with no retry window to answer it: for the metrics, a
        // lost race rather than a replay; the rule (and the revocation in hardened) is the same.
        boolean lostRace = old.successorUnused() && old.retiredAt().getEpochSecond() == now.getEpochSecond();
        return new RefreshOutcome.Replayed(old.grantId(), policy.refreshReuseRevokesGrant(), lostRace);
    }

    /**
     * Whether a rotated-away refresh token still works (contract#refresh-retry-window): inside the window, while its
     * successor was never used, presenting it gets its rotation's answer again. The one rule for the token
     * endpoint and for revocation, which takes the grant when such a token is revoked.
     */
    private boolean answersRetry(GrantStore.RetiredRefresh old, Instant now) {
        boolean inWindow = !policy.refreshRetryWindow().isZero()
                && !old.retiredAt().plus(policy.refreshRetryWindow()).isBefore(now);
        return inWindow && old.successorUnused() && old.answer().isPresent();
    }

    private static FaultException invalidRefresh() {
        return FaultException.invalid("RefreshToken", "refresh_token")
                .withOAuthError("invalid_grant", "refresh_token is unknown, revoked or superseded");
    }

    /** What a refresh transaction did: rotated the token, found the answer to give again, or refused. */
    private sealed interface RefreshOutcome {
        record Rotated() implements RefreshOutcome {}

        record Repeated(String sealed) implements RefreshOutcome {}

        record Rejected() implements RefreshOutcome {}

        record Replayed(GrantId grantId, boolean revoked, boolean lostRace) implements RefreshOutcome {}
    }

    private void mint(Tx tx, Secret access, App app, GrantStore.GrantRow grant, ScopeSet scopes, Instant now) {
        mint(tx, access, app, grant, scopes, now, now.plus(OAuthPolicy.ACCESS_TOKEN_TTL));
    }

    private void mint(
            Tx tx, Secret access, App app, GrantStore.GrantRow grant, ScopeSet scopes, Instant now, Instant expiresAt) {
        int slot = (int) Math.floorMod(grant.generation(), (long) policy.accessTokenSlots());
        grants.putAccessToken(
                tx,
                new GrantStore.NewAccessToken(
                        access.digest(),
                        grant.grantId(),
                        slot,
                        app.clientId(),
                        grant.athleteId(),
                        scopes,
                        now,
                        expiresAt));
    }

    // --- the developer page's own tokens (contract#developer-page-tokens) ------------------------

    /**
     * "Your Access Token" and "Your Refresh Token" of the app's owner: the ones the page minted before, while they
     * still work (the access token has {@link #OWNER_TOKEN_MIN_LEFT} left, the refresh token is still the grant's),
     * else new ones. New ones belong to the owner's grant (created with {@code read} if there is none; an existing
     * grant keeps its scopes and gets a new refresh token, the previous one dies); the access token carries
     * {@code read} only. They are kept sealed under {@code seal}, which the database does not hold.
     *
     * @throws IllegalArgumentException if the app has no owner
     */
    public IssuedTokens ownerTokens(App app, PageSeal seal) {
        AthleteId owner = app.ownerId().orElseThrow(() -> new IllegalArgumentException("app " + app + " has no owner"));
        Instant now = clock.instant();
        Optional<IssuedTokens> kept = database.read(tx -> apps.pageRecord(tx, app.clientId())
                .flatMap(AppStore.PageRecord::sealedOwnerTokens)
                .flatMap(seal::open)
                .flatMap(TokenService::parseOwnerTokens)
                .filter(tokens -> tokens.expiresAt().isAfter(now.plus(OWNER_TOKEN_MIN_LEFT)))
                .filter(tokens ->
                        grants.accessTokenLive(tx, tokens.accessToken().digest(), now))
                .filter(tokens -> grants.findGrant(tx, app.clientId(), owner)
                        .filter(grant -> grants.holdsRefresh(
                                tx, grant, tokens.refreshToken().digest()))
                        .isPresent()));
        if (kept.isPresent()) {
            return issued(
                    kept.get().accessToken(),
                    kept.get().refreshToken(),
                    kept.get().expiresAt(),
                    now,
                    Optional.empty());
        }
        Secret access = tokens.next();
        Secret refresh = tokens.next();
        Instant expiresAt = now.plus(OAuthPolicy.ACCESS_TOKEN_TTL);
        String sealed = seal.seal(access.value() + " " + refresh.value() + " " + expiresAt.getEpochSecond());
        database.write(tx -> {
            GrantId grantId = grants.findGrant(tx, app.clientId(), owner)
                    .orElseGet(() -> grants.putGrant(tx, app.clientId(), owner, ScopeSet.READ_ONLY, now));
            GrantStore.GrantRow grant =
                    grants.replaceRefresh(tx, grantId, refresh.digest(), now).orElseThrow();
            mint(tx, access, app, grant, ScopeSet.READ_ONLY, now);
            apps.updateOwnerTokens(tx, app.clientId(), sealed);
            return grant;
        });
        return issued(access, refresh, expiresAt, now, Optional.empty());
    }

    /** How many athletes have a grant for the app, its owner included (the page's "connected athletes"). */
    public long connectedAthletes(AppId app) {
        return database.read(tx -> grants.connectedAthletes(tx, app));
    }

    /** {@code "<access> <refresh> <expires epoch>"}, as {@link #ownerTokens} seals them. */
    private static Optional<IssuedTokens> parseOwnerTokens(String plain) {
        String[] parts = plain.split(" ");
        if (parts.length != 3) {
            return Optional.empty();
        }
        Optional<Secret> access = Secret.parse(parts[0]);
        Optional<Secret> refresh = Secret.parse(parts[1]);
        if (access.isEmpty() || refresh.isEmpty()) {
            return Optional.empty();
        }
        try {
            Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(parts[2]));
            return Optional.of(new IssuedTokens(access.get(), refresh.get(), expiresAt, 0, Optional.empty()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The answer: {@code expires_in} counts down to {@code expiresAt} (less than 21600 when an answer is repeated). */
    private static IssuedTokens issued(
            Secret access, Secret refresh, Instant expiresAt, Instant now, Optional<Athlete> athlete) {
        long expiresIn = Math.max(0, expiresAt.getEpochSecond() - now.getEpochSecond());
        return new IssuedTokens(access, refresh, expiresAt, expiresIn, athlete);
    }

    // --- bearer check and deauthorize ----------------------------------------------------------

    /**
     * The grant behind a bearer token (contract#bearer-errors): no token or not 40 hex is {@code Application//invalid};
     * well-formed but unknown, expired or revoked is {@code Athlete/access_token/invalid}.
     */
    public AccessGrant authenticate(Optional<String> bearer) {
        Optional<Secret> parsed = bearer.flatMap(Secret::parse);
        if (parsed.isEmpty()) {
            metrics.bearer(false);
        }
        Secret token = parsed.orElseThrow(() -> FaultException.authorization("Application", "", "invalid"));
        Optional<AccessGrant> grant = grants.findAccessToken(token.digest())
                .filter(found -> found.expiresAt().isAfter(clock.instant()));
        metrics.bearer(grant.isPresent());
        return grant.orElseThrow(() -> FaultException.authorization("Athlete", "access_token", "invalid"));
    }

    /**
     * RFC 7009 revocation (contract#revocation): the app's own access token dies alone; a refresh token the token
     * endpoint would still accept (the grant's current one, or the one it replaced while the retry window still
     * answers it) takes the whole grant with it, as deauthorize does. A token that is unknown, expired, superseded
     * for good or malformed is no error (§2.2); one issued to another app is refused with
     * {@code unauthorized_client} and left alone.
     */
    public void revoke(TokenQuery query) {
        App app = authenticateClient(query.clientId(), query.clientSecret());
        Optional<Secret> token = Secret.parse(query.token());
        if (token.isEmpty()) {
            return;
        }
        TokenDigest digest = token.get().digest();
        Instant now = clock.instant();
        database.write(tx -> {
            Optional<GrantStore.TokenOwner> access = grants.accessTokenOwner(tx, digest);
            if (access.isPresent()) {
                ownedBy(access.get(), app);
                return grants.deleteAccessToken(tx, access.get().grantId(), digest);
            }
            Optional<GrantStore.TokenOwner> refresh = grants.refreshTokenOwner(tx, digest);
            if (refresh.isPresent()) {
                ownedBy(refresh.get(), app);
                return grants.deleteGrant(tx, refresh.get().grantId());
            }
            // RFC 7009 §2.1: a refresh token the retry window still answers is as good as the current one.
            return grants.findRetired(tx, digest, app.clientId())
                    .filter(retired -> answersRetry(retired, now))
                    .map(retired -> grants.deleteGrant(tx, retired.grantId()))
                    .orElse(false);
        });
    }

    private static void ownedBy(GrantStore.TokenOwner owner, App app) {
        if (!owner.appId().equals(app.clientId())) {
            throw FaultException.invalid("Token", "token")
                    .withOAuthError("unauthorized_client", "the token was issued to another client");
        }
    }

    /**
     * RFC 7662 introspection by an app (contract#introspection): its own live access token; anything else
     * (another app's, expired, revoked, unknown, a refresh token) is inactive.
     */
    public Optional<Introspection> introspectOwn(App app, String presented) {
        return introspect(presented).filter(found -> found.app().equals(app.clientId()));
    }

    /** A live access token, whoever it belongs to: what a resource server may ask. */
    public Optional<Introspection> introspect(String presented) {
        Optional<Secret> token = Secret.parse(presented);
        if (token.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return database.read(tx -> grants.introspect(tx, token.get().digest()))
                .filter(found -> found.expiresAt().isAfter(now));
    }

    /**
     * Revokes every access and refresh token of the athlete for the app (contract#deauthorize, contract#revocation-race), given the grant a
     * live access token {@linkplain #authenticate authenticated}. Deleting the grant row waits for any
     * refresh holding it, so nothing minted in a race survives. The app's subscription, if any, hears of it in
     * the same transaction (contract#deauthorization-event).
     */
    public void deauthorize(AccessGrant grant) {
        Instant now = clock.instant();
        database.write(tx -> {
            boolean deleted = grants.deleteGrant(tx, grant.grantId());
            if (deleted) {
                outbox.deauthorized(tx, grant.appId(), grant.athleteId(), now);
            }
            return deleted;
        });
    }
}
