package dev.switchback.server.emulator;

import dev.switchback.Switchback;
import dev.switchback.app.AppId;
import dev.switchback.app.ClientId;
import dev.switchback.fault.FaultError;
import dev.switchback.fault.FaultException;
import dev.switchback.oauth.AccessGrant;
import dev.switchback.oauth.ClientCredentials;
import dev.switchback.server.http.Credentials;
import dev.switchback.server.http.FaultMapper;
import dev.switchback.server.http.Guard;
import dev.switchback.server.http.HttpParams;
import dev.switchback.store.DataReset;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.UUID;

/**
 * The emulator's state and the two handlers it adds to every request (contract#emulator): injected faults,
 * run after the guard so that a request Strava would count is counted, and the request journal, written as each
 * request is answered. {@link EmulatorEndpoint} is its control API.
 */
public final class Emulator {
    /** Where the control API lives; no request there is journalled or faulted. */
    public static final String PREFIX = "/_switchback/";

    private static final String INJECTED = "switchback.injected";

    private final EmulatorClock clock;
    private final InjectedFaults faults = new InjectedFaults();
    private final RequestJournal journal = new RequestJournal();
    private final EmulatorTokens tokens;
    private final EmulatorWebhooks webhooks;
    private final Switchback switchback;
    private final Optional<Seed> seed;
    private final Runnable forgetUsage;

    /**
     * @param forgetUsage forgets the rate-limit usage counted in this process, on a reset
     */
    public Emulator(EmulatorClock clock, Switchback switchback, Optional<Seed> seed, Runnable forgetUsage) {
        this.clock = clock;
        this.switchback = switchback;
        this.seed = seed;
        this.forgetUsage = forgetUsage;
        this.tokens = new EmulatorTokens(switchback);
        this.webhooks = new EmulatorWebhooks(switchback);
    }

    /** The seed of this server, if it has one. */
    public Optional<Seed> seed() {
        return seed;
    }

    /**
     * Returns the server to its seed (an empty database without one), disarms every fault, empties the journal
     * and forgets rate-limit usage (contract#emulator-seed). The clock stays: time never moves back.
     */
    public synchronized void reset() {
        faults.clear();
        if (seed.isPresent()) {
            seed.get().resetInto(switchback);
        } else {
            switchback.database().write(tx -> {
                DataReset.emptyAll(tx);
                return null;
            });
        }
        forgetUsage.run();
        journal.clear();
    }

    public EmulatorClock clock() {
        return clock;
    }

    public InjectedFaults faults() {
        return faults;
    }

    public RequestJournal journal() {
        return journal;
    }

    public EmulatorTokens tokens() {
        return tokens;
    }

    public EmulatorWebhooks webhooks() {
        return webhooks;
    }

    /**
     * A {@code beforeMatched} handler, registered after the guard's: the first fault matching the request delays
     * it, then answers its status with Strava's body and headers for it (contract#emulator-faults).
     */
    public void injectFault(Context ctx) throws InterruptedException {
        if (ctx.path().startsWith(PREFIX)) {
            return;
        }
        Optional<InjectedFaults.Fault> fault = faults.take(ctx.method().name(), ctx.path());
        if (fault.isEmpty()) {
            return;
        }
        if (fault.get().delayMs() > 0) {
            Thread.sleep(fault.get().delayMs());
        }
        if (fault.get().status() != 0) {
            ctx.attribute(INJECTED, Boolean.TRUE);
            throw answer(ctx, fault.get().status());
        }
    }

    /** Strava's answer for {@code status}, with its headers set on {@code ctx}. */
    private static FaultException answer(Context ctx, int status) {
        return switch (status) {
            case 429 ->
                FaultException.of(
                        429, "Rate Limit Exceeded", new FaultError("Application", "overall rate limit", "exceeded"));
            case 503 -> {
                ctx.header("Retry-After", "1");
                yield FaultException.of(503, "Service Unavailable", new FaultError("Server", "", "unavailable"));
            }
            default -> {
                ctx.header("X-Request-Id", UUID.randomUUID().toString());
                yield FaultException.of(500, "Internal Server Error", new FaultError("Server", "", "internal"));
            }
        };
    }

    /** An {@code after} handler: journals the answered request, without a token, code or secret. */
    public void record(Context ctx) {
        if (ctx.path().startsWith(PREFIX)) {
            return;
        }
        Optional<AccessGrant> grant = Guard.authenticated(ctx);
        boolean tokenRequest = ctx.path().endsWith("/oauth/token");
        Optional<HttpParams> params = tokenRequest ? params(ctx) : Optional.empty();
        Optional<Long> clientId =
                grant.map(g -> g.appId().value()).or(() -> tokenRequest ? clientIdSent(ctx, params) : Optional.empty());
        journal.add(new RequestJournal.Entry(
                0,
                clock.instant(),
                ctx.method().name(),
                ctx.path(),
                ctx.statusCode(),
                clientId,
                grant.map(g -> g.athleteId().value()),
                params.flatMap(p -> param(p, "grant_type")),
                tokenRequest ? Optional.of(outcome(ctx)) : Optional.empty(),
                ctx.attribute(INJECTED) != null));
    }

    /** The {@code client_id} a token request sent, as a parameter or in its Basic credentials. */
    private static Optional<Long> clientIdSent(Context ctx, Optional<HttpParams> params) {
        Optional<String> sent = params.flatMap(p -> param(p, "client_id"));
        if (sent.isEmpty()) {
            try {
                sent = Credentials.basic(ctx).map(ClientCredentials::clientId);
            } catch (FaultException unreadable) {
                return Optional.empty();
            }
        }
        return sent.flatMap(ClientId::parse).map(AppId::value);
    }

    private static String outcome(Context ctx) {
        if (ctx.statusCode() == 200) {
            return "issued";
        }
        return FaultMapper.faultOf(ctx)
                .flatMap(FaultException::oauthError)
                .orElse(ctx.attribute(INJECTED) != null ? "injected_fault" : "refused");
    }

    /** The token request's parameters, if its body was read and is readable (a refused body is not read again). */
    private static Optional<HttpParams> params(Context ctx) {
        if (ctx.statusCode() == 408 || ctx.statusCode() == 413) {
            return Optional.empty();
        }
        try {
            return Optional.of(HttpParams.queryAndBody(ctx));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private static Optional<String> param(HttpParams params, String name) {
        try {
            return params.get(name, "Request");
        } catch (FaultException malformed) {
            return Optional.empty();
        }
    }
}
