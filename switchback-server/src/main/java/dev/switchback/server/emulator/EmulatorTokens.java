package dev.switchback.server.emulator;

import dev.switchback.Switchback;
import dev.switchback.app.AppId;
import dev.switchback.app.ClientId;
import dev.switchback.athlete.Athlete;
import dev.switchback.athlete.AthleteId;
import dev.switchback.fault.FaultError;
import dev.switchback.fault.FaultException;
import dev.switchback.oauth.AthleteCapacityExceededException;
import dev.switchback.oauth.IssuedTokens;
import dev.switchback.oauth.OAuthPolicy;
import dev.switchback.scope.ScopeSet;
import dev.switchback.server.oauth.TokenEndpoint;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Tokens without a browser (contract#emulator-tokens): the athlete (a username or an id), the app, the scopes and
 * an optional shorter access-token lifetime, as {@code POST /_switchback/tokens} and {@code switchback tokens issue}
 * take them; the grant is recorded as consent records it and the answer is the code exchange's body.
 */
public final class EmulatorTokens {
    private final Switchback switchback;

    public EmulatorTokens(Switchback switchback) {
        this.switchback = switchback;
    }

    /** What to issue, as the caller wrote it; every field is checked by {@link #issue}. */
    public record Request(String athlete, String clientId, Optional<String> scope, Optional<Duration> expiresIn) {}

    /** Issues the tokens and answers the code exchange's body, in Strava's field order. */
    public Map<String, Object> issue(Request request) {
        AppId app = ClientId.parse(request.clientId())
                .orElseThrow(() -> FaultException.invalid("Tokens", "client_id", "client_id is not a client id"));
        ScopeSet scopes = scopes(request.scope());
        Duration ttl = request.expiresIn().orElse(OAuthPolicy.ACCESS_TOKEN_TTL);
        if (ttl.toSeconds() < 1 || ttl.compareTo(OAuthPolicy.ACCESS_TOKEN_TTL) > 0) {
            throw FaultException.invalid("Tokens", "expires_in", "expires_in must be within 1..21600 seconds");
        }
        Athlete athlete = athlete(request.athlete());
        try {
            IssuedTokens issued = switchback.tokens().grantWithoutBrowser(app, athlete.id(), scopes, ttl);
            return TokenEndpoint.body(issued);
        } catch (AthleteCapacityExceededException e) {
            throw FaultException.of(403, "Forbidden", new FaultError("Application", "athlete_capacity", "exceeded"));
        }
    }

    private static ScopeSet scopes(Optional<String> scope) {
        try {
            return ScopeSet.parseRequested(scope.orElse(null));
        } catch (FaultException e) {
            throw FaultException.invalid("Tokens", "scope", "scope names an unknown scope");
        }
    }

    /** By username, or by id when it is all digits and no athlete has it as a username. */
    private Athlete athlete(String athlete) {
        Optional<Athlete> byName = switchback.athletes().findByUsername(athlete);
        if (byName.isPresent()) {
            return byName.get();
        }
        if (athlete.matches("[0-9]{1,18}")) {
            Optional<Athlete> byId = switchback.athletes().find(new AthleteId(Long.parseLong(athlete)));
            if (byId.isPresent()) {
                return byId.get();
            }
        }
        throw FaultException.notFound("Athlete", "athlete");
    }
}
