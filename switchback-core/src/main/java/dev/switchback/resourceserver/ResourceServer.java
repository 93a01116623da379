package dev.switchback.resourceserver;

import dev.switchback.token.TokenDigest;
import java.time.Instant;

/** An API that introspects tokens (contract#introspection): its id, name and the digest of its secret. */
public record ResourceServer(ResourceServerId id, String name, TokenDigest secretDigest, Instant createdAt) {}
