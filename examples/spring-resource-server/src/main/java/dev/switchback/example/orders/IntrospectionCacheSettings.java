package dev.switchback.example.orders;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the Orders API may reuse Switchback's answer about a token.
 *
 * @param bound the longest an answer is reused ({@code orders.introspection-cache.bound}, default 30 s): a token
 *     revoked at Switchback is still accepted here for at most this long, and an active answer is never kept past
 *     the token's own {@code exp}
 */
@ConfigurationProperties("orders.introspection-cache")
public record IntrospectionCacheSettings(
        @DefaultValue("30s") Duration bound) {

    public IntrospectionCacheSettings {
        if (bound.isNegative() || bound.isZero()) {
            throw new IllegalArgumentException("orders.introspection-cache.bound must be positive (got " + bound + ")");
        }
    }
}
