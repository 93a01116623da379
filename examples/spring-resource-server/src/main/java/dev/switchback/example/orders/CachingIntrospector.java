package dev.switchback.example.orders;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2TokenIntrospectionClaimNames;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

/**
 * Reuses Switchback's answer about a token for a bounded time, so that not every request costs a round trip.
 *
 * <p>An active answer is kept for the bound or until the token's {@code exp}, whichever comes first; an inactive
 * one (unknown, expired, revoked) for the bound. So a token revoked at Switchback is refused here at most
 * {@code bound} later. A failure to ask (Switchback down, a 5xx) is never kept: the next request asks again.
 * Entries are keyed by the token's SHA-256, so no token is held in memory in the clear.
 */
public final class CachingIntrospector implements OpaqueTokenIntrospector {
    /** Enough for every token active at once on a small API; past it the least used answer goes first. */
    private static final long MAX_ENTRIES = 10_000;

    private final OpaqueTokenIntrospector switchback;
    private final Duration bound;
    private final Clock clock;
    private final Cache<String, Answer> answers;

    public CachingIntrospector(OpaqueTokenIntrospector switchback, Duration bound, Clock clock) {
        this.switchback = switchback;
        this.bound = bound;
        this.clock = clock;
        this.answers = Caffeine.newBuilder()
                .maximumSize(MAX_ENTRIES)
                .ticker(() -> epochNanos(clock.instant()))
                .expireAfter(Expiry.creating((String digest, Answer answer) -> answer.keepFor()))
                .build();
    }

    @Override
    public OAuth2AuthenticatedPrincipal introspect(String token) {
        return answers.get(sha256(token), digest -> ask(token)).principal();
    }

    private Answer ask(String token) {
        Instant now = clock.instant();
        try {
            OAuth2AuthenticatedPrincipal principal = switchback.introspect(token);
            return new Active(principal, min(bound, untilExpiry(principal, now)));
        } catch (BadOpaqueTokenException inactive) {
            return new Inactive(inactive, bound);
        }
    }

    /** The time left before the token's {@code exp}; the bound when the answer has none. */
    private Duration untilExpiry(OAuth2AuthenticatedPrincipal principal, Instant now) {
        Object exp = principal.getAttribute(OAuth2TokenIntrospectionClaimNames.EXP);
        if (exp instanceof Instant expiresAt) {
            Duration left = Duration.between(now, expiresAt);
            return left.isNegative() ? Duration.ZERO : left;
        }
        return bound;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static long epochNanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private static String sha256(String token) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** What Switchback said about a token, and how long that may be believed. */
    private sealed interface Answer permits Active, Inactive {
        OAuth2AuthenticatedPrincipal principal();

        Duration keepFor();
    }

    private record Active(OAuth2AuthenticatedPrincipal principal, Duration keepFor) implements Answer {}

    private record Inactive(BadOpaqueTokenException refusal, Duration keepFor) implements Answer {
        @Override
        public OAuth2AuthenticatedPrincipal principal() {
            throw refusal;
        }
    }
}
