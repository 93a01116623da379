package dev.switchback.oauth;

import dev.switchback.app.App;
import dev.switchback.scope.ScopeSet;
import java.util.Optional;

/** A validated {@code /oauth/authorize} request: every field checked, the redirect URI trusted. */
public record AuthorizeRequest(
        App app,
        RedirectUri redirectUri,
        ScopeSet scopes,
        Optional<String> state,
        ApprovalPrompt approvalPrompt,
        Optional<String> codeChallenge) {}
