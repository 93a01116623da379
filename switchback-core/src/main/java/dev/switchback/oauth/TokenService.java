package dev.switchback.oauth;

import dev.switchback.app.App;
import dev.switchback.app.AppStore;
import dev.switchback.app.ClientId;
import dev.switchback.athlete.Athlete;
import dev.switchback.athlete.AthleteStore;
import dev.switchback.fault.FaultException;
import dev.switchback.scope.ScopeSet;
import dev.switchback.store.Database;
import dev.switchback.store.Tx;
import dev.switchback.telemetry.SecurityLog;
import dev.switchback.telemetry.TokenMetrics;
import dev.switchback.token.Secret;
import dev.switchback.token.TokenDigest;
import dev.switchback.token.TokenGenerator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code /oauth/token}, {@code /oauth/deauthorize} and the bearer check. Each grant is one
 * transaction; every refresh rotates the refresh token with a compare-and-set, so of N concurrent
 * refreshes with one token exactly one succeeds.
 */
public final class TokenService {
    private final AppStore apps;
    private final AthleteStore athletes;
    private final GrantStore grants;
    private final Database database;
    private final TokenGenerator tokens;
    private final OAuthPolicy policy;
    private final Clock clock;
    private final TokenMetrics metrics;

    public TokenService(
            AppStore apps,
            AthleteStore athletes,
            GrantStore grants,
            Database database,
            TokenGenerator tokens,
            OAuthPolicy policy,
            Clock clock,
            TokenMetrics metrics) {
        this.metrics = metrics;
        this.apps = apps;
        this.athletes = athletes;
        this.grants = grants;
        this.database = database;
        this.tokens = tokens;
        this.policy = policy;
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
        App app = ClientId.parse(clientId)
                .flatMap(apps::find)
                .orElseThrow(() -> FaultException.invalid("Application", "client_id")
                        .withOAuthError("invalid_client", "client_id is not a known application"));
        String presented =
                clientSecret.map(secret -> Secret.digestOf(secret).hex()).orElse("");
        if (!MessageDigest.isEqual(
                presented.getBytes(StandardCharsets.US_ASCII),
                app.secretDigest().hex().getBytes(StandardCharsets.US_ASCII))) {
            throw FaultException.invalid("Application", "client_secret")
                    .withOAuthError(
                            "invalid_client",
                            clientSecret.isEmpty()
                                    ? "client_secret is missing"
                                    : "client_secret is not the secret of this client_id");
        }
        return app;
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
        boolean inWindow = !policy.refreshRetryWindow().isZero()
                && !old.retiredAt().plus(policy.refreshRetryWindow()).isBefore(now);
        if (inWindow && old.successorUnused() && old.answer().isPresent()) {
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
                        now.plus(OAuthPolicy.ACCESS_TOKEN_TTL)));
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
     * RFC 7009 revocation (contract#revocation): the app's own access token dies alone; its refresh token takes
     * the whole grant with it, as deauthorize does. A token that is unknown, expired or malformed is no error
     * (§2.2); one issued to another app is refused with {@code unauthorized_client} and left alone.
     */
    public void revoke(TokenQuery query) {
        App app = authenticateClient(query.clientId(), query.clientSecret());
        Optional<Secret> token = Secret.parse(query.token());
        if (token.isEmpty()) {
            return;
        }
        TokenDigest digest = token.get().digest();
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
            return false;
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
     * refresh holding it, so nothing minted in a race survives.
     */
    public void deauthorize(AccessGrant grant) {
        database.write(tx -> grants.deleteGrant(tx, grant.grantId()));
    }
}
