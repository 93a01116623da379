package dev.switchback.oauth;

import dev.switchback.app.AppIcon;
import dev.switchback.app.AppId;
import dev.switchback.scope.ScopeSet;
import java.time.Instant;
import java.util.Optional;

/** One line of an athlete's "My Apps" page: the app, its website and icon, what it may do and since when. */
public record AuthorizedApp(
        AppId clientId, String name, String website, Optional<AppIcon> icon, ScopeSet scopes, Instant authorizedAt) {}
