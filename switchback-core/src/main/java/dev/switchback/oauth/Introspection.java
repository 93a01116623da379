package dev.switchback.oauth;

import dev.switchback.app.AppId;
import dev.switchback.athlete.AthleteId;
import dev.switchback.scope.ScopeSet;
import java.time.Instant;

/** A live access token, as introspection tells of it (RFC 7662 §2.2); an inactive token is just "not found". */
public record Introspection(AppId app, AthleteId athlete, ScopeSet scopes, Instant issuedAt, Instant expiresAt) {}
