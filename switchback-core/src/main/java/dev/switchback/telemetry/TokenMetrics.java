package dev.switchback.telemetry;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the token endpoint decided, counted by grant type and outcome ({@code switchback.token.grants}), and the
 * bearer checks by outcome ({@code switchback.bearer.checks}) (contract#metrics). The counters are made once, and
 * count a cell per thread ({@link ThreadCounts}): every token request and bearer request counts one.
 */
public final class TokenMetrics {
    /** The grant types of the token endpoint. */
    public enum GrantType {
        AUTHORIZATION_CODE,
        REFRESH_TOKEN
    }

    /** What became of one token request. */
    public enum Outcome {
        /** Tokens issued. */
        ISSUED,
        /** Refused: unknown client, wrong secret, a malformed or unknown code or token, a wrong verifier. */
        INVALID,
        /** A code past its ten minutes (or whose grant was revoked). */
        EXPIRED,
        /** A used code, or a superseded refresh token outside the retry window. */
        REPLAYED,
        /** A refresh token rotated by a concurrent request the same second, with no retry window to answer it. */
        LOST_RACE,
        /** A superseded refresh token inside the retry window: the same answer again. */
        RETRY_WINDOW,
        /** The database was unavailable, or something unexpected. */
        ERROR
    }

    private final Map<GrantType, Map<Outcome, ThreadCounts>> grants = new EnumMap<>(GrantType.class);
    private final ThreadCounts validBearer = new ThreadCounts();
    private final ThreadCounts invalidBearer = new ThreadCounts();

    public TokenMetrics(MeterRegistry meters) {
        for (GrantType type : GrantType.values()) {
            Map<Outcome, ThreadCounts> byOutcome = new EnumMap<>(Outcome.class);
            for (Outcome outcome : Outcome.values()) {
                ThreadCounts counts = new ThreadCounts();
                FunctionCounter.builder("switchback.token.grants", counts, ThreadCounts::sum)
                        .description("token endpoint requests by grant type and outcome")
                        .tag("grant_type", type.name().toLowerCase(java.util.Locale.ROOT))
                        .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                        .register(meters);
                byOutcome.put(outcome, counts);
            }
            grants.put(type, byOutcome);
        }
        bearer(meters, "valid", validBearer);
        bearer(meters, "invalid", invalidBearer);
    }

    private static void bearer(MeterRegistry meters, String outcome, ThreadCounts counts) {
        FunctionCounter.builder("switchback.bearer.checks", counts, ThreadCounts::sum)
                .description("bearer token checks by outcome")
                .tag("outcome", outcome)
                .register(meters);
    }

    public void grant(GrantType type, Outcome outcome) {
        grants.get(type).get(outcome).increment();
    }

    public void bearer(boolean valid) {
        (valid ? validBearer : invalidBearer).increment();
    }
}
