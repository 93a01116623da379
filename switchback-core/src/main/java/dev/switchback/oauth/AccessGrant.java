package dev.switchback.oauth;

import dev.switchback.ratelimit.RateLimits;
import dev.switchback.scope.ScopeSet;
import java.time.Instant;

/**
 * What a live access token lets its bearer do: act for one athlete, through one app, within its scopes,
 * and under the app's rate limits.
 */
public record AccessGrant(long grantId, long appId, long athleteId, ScopeSet scopes, Instant expiresAt, RateLimits appLimits) {}
