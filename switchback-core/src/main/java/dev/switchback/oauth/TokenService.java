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
import dev.switchback.token.Secret;
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

    public TokenService(
            AppStore apps,
            AthleteStore athletes,
            GrantStore grants,
            Database database,
            TokenGenerator tokens,
            OAuthPolicy policy,
            Clock clock) {
        this.apps = apps;
        this.athletes = athletes;
        this.grants = grants;
        this.database = database;
        this.tokens = tokens;
        this.policy = policy;
        this.clock = clock;
    }

    public IssuedTokens exchange(TokenRequest request) {
        App app = authenticate(request);
        if (request instanceof TokenRequest.AuthorizationCodeGrant grant) {
            return redeemCode(app, grant);
        }
        return refresh(app, (TokenRequest.RefreshTokenGrant) request);
    }

    private App authenticate(TokenRequest request) {
        App app = ClientId.parse(request.clientId())
                .flatMap(apps::find)
                .orElseThrow(
                        () -> FaultException.invalid("Application", "client_id").withOAuthError("invalid_client"));
        String presented = request.clientSecret()
                .map(secret -> Secret.digestOf(secret).hex())
                .orElse("");
        if (!MessageDigest.isEqual(
                presented.getBytes(StandardCharsets.US_ASCII),
                app.secretDigest().hex().getBytes(StandardCharsets.US_ASCII))) {
            throw FaultException.invalid("Application", "client_secret").withOAuthError("invalid_client");
        }
        return app;
    }

    // --- authorization_code (RFC 6749 §4.1.3) -------------------------------------------------

    private IssuedTokens redeemCode(App app, TokenRequest.AuthorizationCodeGrant request) {
        Secret code = request.code().flatMap(Secret::parse).orElseThrow(TokenService::invalidCode);
        Instant now = clock.instant();
        Secret access = tokens.next();
        Secret refresh = tokens.next();
        CodeOutcome outcome = database.write(tx -> {
            Optional<GrantStore.RedeemedCode> redeemed = grants.redeemCode(tx, code.digest(), app.clientId(), now);
            if (redeemed.isEmpty()) {
                return spentCode(tx, code, app);
            }
            checkVerifier(redeemed.get().codeChallenge(), request.codeVerifier());
            GrantStore.GrantRow grant = grants.replaceRefresh(tx, redeemed.get().grantId(), refresh.digest(), now)
                    .orElseThrow(TokenService::invalidCode);
            mint(tx, access, app, grant, redeemed.get().scopes().intersect(grant.scopes()), now);
            return new CodeOutcome.Issued(athletes.find(tx, grant.athleteId()).orElseThrow());
        });
        if (outcome instanceof CodeOutcome.Issued issued) {
            return issued(access, refresh, now, Optional.of(issued.athlete()));
        }
        if (outcome instanceof CodeOutcome.Spent) {
            throw FaultException.badRequest("AuthorizationCode", "", "expired").withOAuthError("invalid_grant");
        }
        throw invalidCode();
    }

    /** A code that matched nothing live: expired or used (and, hardened, the tokens from it revoked), or unknown. */
    private CodeOutcome spentCode(Tx tx, Secret code, App app) {
        Optional<GrantStore.SpentCode> spent = grants.findSpentCode(tx, code.digest(), app.clientId());
        if (spent.isEmpty()) {
            return new CodeOutcome.Unknown();
        }
        if (spent.get().used() && policy.codeReuseRevokesTokens()) {
            grants.deleteGrant(tx, spent.get().grantId());
        }
        return new CodeOutcome.Spent();
    }

    /** RFC 7636 §4.6: a challenge needs the matching verifier; a verifier without a challenge is refused. */
    private static void checkVerifier(Optional<String> challenge, Optional<String> verifier) {
        boolean ok = challenge.isPresent()
                ? verifier.isPresent() && Pkce.matches(verifier.get(), challenge.get())
                : verifier.isEmpty();
        if (!ok) {
            throw FaultException.invalid("AuthorizationCode", "code_verifier").withOAuthError("invalid_grant");
        }
    }

    private static FaultException invalidCode() {
        return FaultException.invalid("AuthorizationCode", "code").withOAuthError("invalid_grant");
    }

    private sealed interface CodeOutcome {
        record Issued(Athlete athlete) implements CodeOutcome {}

        record Spent() implements CodeOutcome {}

        record Unknown() implements CodeOutcome {}
    }

    // --- refresh_token (RFC 6749 §6) ----------------------------------------------------------

    private IssuedTokens refresh(App app, TokenRequest.RefreshTokenGrant request) {
        Secret presented = request.refreshToken().flatMap(Secret::parse).orElseThrow(TokenService::invalidRefresh);
        Instant now = clock.instant();
        Secret access = tokens.next();
        Secret refresh = tokens.next();
        boolean issued = database.write(tx -> {
            Optional<GrantStore.GrantRow> rotated =
                    grants.rotateRefresh(tx, presented.digest(), refresh.digest(), app.clientId(), now);
            if (rotated.isPresent()) {
                grants.retire(tx, presented.digest(), rotated.get().grantId(), refresh.digest(), now);
                mint(tx, access, app, rotated.get(), rotated.get().scopes(), now);
                return true;
            }
            return retryOrReject(tx, app, presented, refresh, access, now);
        });
        if (!issued) {
            throw invalidRefresh();
        }
        return issued(access, refresh, now, Optional.empty());
    }

    /**
     * A refresh token that is no longer current. Inside the retry window, while its successor was never
     * used, the client gets a fresh pair and the successor dies (contract#refresh-retry-window). Otherwise it is refused, and
     * when replay revokes the grant (hardened), the grant is deleted.
     */
    private boolean retryOrReject(Tx tx, App app, Secret presented, Secret refresh, Secret access, Instant now) {
        Optional<GrantStore.RetiredRefresh> retired = grants.findRetired(tx, presented.digest(), app.clientId());
        if (retired.isEmpty()) {
            return false;
        }
        GrantStore.RetiredRefresh old = retired.get();
        boolean inWindow = !old.retiredAt().plus(policy.refreshRetryWindow()).isBefore(now)
                && !policy.refreshRetryWindow().isZero();
        if (inWindow && old.currentDigest().equals(Optional.of(old.successorDigest()))) {
            Optional<GrantStore.GrantRow> replaced =
                    grants.replaceUnusedSuccessor(tx, old.grantId(), old.successorDigest(), refresh.digest(), now);
            if (replaced.isPresent()) {
                grants.retire(tx, presented.digest(), old.grantId(), refresh.digest(), now);
                mint(tx, access, app, replaced.get(), replaced.get().scopes(), now);
                return true;
            }
        }
        if (policy.refreshReuseRevokesGrant()) {
            grants.deleteGrant(tx, old.grantId());
        }
        return false;
    }

    private static FaultException invalidRefresh() {
        return FaultException.invalid("RefreshToken", "refresh_token").withOAuthError("invalid_grant");
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

    private static IssuedTokens issued(Secret access, Secret refresh, Instant now, Optional<Athlete> athlete) {
        Instant expiresAt = now.plus(OAuthPolicy.ACCESS_TOKEN_TTL);
        return new IssuedTokens(access, refresh, expiresAt, OAuthPolicy.ACCESS_TOKEN_TTL.toSeconds(), athlete);
    }

    // --- bearer check and deauthorize ----------------------------------------------------------

    /**
     * The grant behind a bearer token (contract#bearer-errors): no token or not 40 hex is {@code Application//invalid};
     * well-formed but unknown, expired or revoked is {@code Athlete/access_token/invalid}.
     */
    public AccessGrant authenticate(Optional<String> bearer) {
        Secret token = bearer.flatMap(Secret::parse)
                .orElseThrow(() -> FaultException.authorization("Application", "", "invalid"));
        return grants.findAccessToken(token.digest())
                .filter(grant -> grant.expiresAt().isAfter(clock.instant()))
                .orElseThrow(() -> FaultException.authorization("Athlete", "access_token", "invalid"));
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
