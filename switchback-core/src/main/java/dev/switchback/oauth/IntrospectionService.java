package dev.switchback.oauth;

import dev.switchback.fault.FaultException;
import dev.switchback.resourceserver.ResourceServerId;
import dev.switchback.resourceserver.ResourceServerService;
import java.util.Optional;

/**
 * RFC 7662 introspection (contract#introspection): a resource server (a {@code client_id} of the form
 * {@code rs-N}) may ask about any access token; an app only about its own. Either authenticates first; then a
 * token it may not see is as inactive as an unknown one.
 */
public final class IntrospectionService {
    private final TokenService tokens;
    private final ResourceServerService resourceServers;

    public IntrospectionService(TokenService tokens, ResourceServerService resourceServers) {
        this.tokens = tokens;
        this.resourceServers = resourceServers;
    }

    public Optional<Introspection> introspect(TokenQuery query) {
        Optional<ResourceServerId> server = ResourceServerId.parse(query.clientId());
        if (server.isPresent()) {
            resourceServers
                    .authenticate(server.get(), query.clientSecret())
                    .orElseThrow(() -> FaultException.invalid("Application", "client_secret")
                            .withOAuthError("invalid_client", "unknown resource server or wrong client_secret"));
            return tokens.introspect(query.token());
        }
        return tokens.introspectOwn(tokens.authenticateClient(query.clientId(), query.clientSecret()), query.token());
    }
}
