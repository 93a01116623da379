package dev.switchback.resourceserver;

import dev.switchback.store.Database;
import dev.switchback.token.Secret;
import dev.switchback.token.TokenGenerator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Resource servers (contract#introspection): registered by the operator ({@code switchback resource-servers
 * create --name N}), each with an id and a secret shown once and stored as a digest.
 */
public final class ResourceServerService {
    private static final int MAX_NAME = 100;

    private final Database database;
    private final ResourceServerStore store;
    private final TokenGenerator tokens;
    private final Clock clock;

    public ResourceServerService(Database database, ResourceServerStore store, TokenGenerator tokens, Clock clock) {
        this.database = database;
        this.store = store;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** A resource server with its secret, which exists only in this object and is never stored. */
    public record Created(ResourceServer server, Secret secret) {}

    public Created create(String name) {
        String trimmed = name == null ? "" : name.trim();
        if (trimmed.isEmpty() || trimmed.length() > MAX_NAME) {
            throw new IllegalArgumentException("a resource server's name must have 1 to " + MAX_NAME + " characters");
        }
        Secret secret = tokens.next();
        ResourceServer server = database.write(tx -> store.insert(tx, trimmed, secret.digest(), clock.instant()));
        return new Created(server, secret);
    }

    public List<ResourceServer> list() {
        return database.read(store::list);
    }

    public void delete(ResourceServerId id) {
        database.write(tx -> {
            if (!store.delete(tx, id)) {
                throw new IllegalArgumentException("no resource server with id " + id);
            }
            return null;
        });
    }

    /** The resource server whose id and secret these are; empty when either is wrong (compared in constant time). */
    public Optional<ResourceServer> authenticate(ResourceServerId id, Optional<String> secret) {
        Optional<ResourceServer> server = database.read(tx -> store.find(tx, id));
        String presented = secret.map(value -> Secret.digestOf(value).hex()).orElse("");
        String expected = server.map(found -> found.secretDigest().hex()).orElse("-");
        boolean equal = MessageDigest.isEqual(
                presented.getBytes(StandardCharsets.US_ASCII), expected.getBytes(StandardCharsets.US_ASCII));
        return equal ? server : Optional.empty();
    }
}
