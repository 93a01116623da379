package dev.switchback.oauth;

import dev.switchback.scope.ScopeSet;
import java.time.Instant;

/** One line of an athlete's "My Apps" page. */
public record AuthorizedApp(long clientId, String name, ScopeSet scopes, Instant authorizedAt) {}
