package dev.switchback.oauth;

import dev.switchback.app.AppId;
import dev.switchback.athlete.AthleteId;
import dev.switchback.ratelimit.RateLimits;
import dev.switchback.scope.ScopeSet;
import java.time.Instant;

/**
 * What a live access token lets its bearer do: act for one athlete, through one app, within its scopes,
 * and under the app's rate limits.
 */
public record AccessGrant(
        GrantId grantId, AppId appId, AthleteId athleteId, ScopeSet scopes, Instant expiresAt, RateLimits appLimits) {}
