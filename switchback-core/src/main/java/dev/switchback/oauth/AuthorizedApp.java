package dev.switchback.oauth;

import dev.switchback.app.AppId;
import dev.switchback.scope.ScopeSet;
import java.time.Instant;

/** One line of an athlete's "My Apps" page. */
public record AuthorizedApp(AppId clientId, String name, ScopeSet scopes, Instant authorizedAt) {}
