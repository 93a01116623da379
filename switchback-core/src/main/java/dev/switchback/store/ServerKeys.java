package dev.switchback.store;

import dev.switchback.token.TokenGenerator;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/** Keys generated once and shared by every node through the database, such as the session-signing key. */
public final class ServerKeys {
    private final Jdbi jdbi;
    private final TokenGenerator generator;
    private final Clock clock;

    public ServerKeys(Jdbi jdbi, TokenGenerator generator, Clock clock) {
        this.jdbi = jdbi;
        this.generator = generator;
        this.clock = clock;
    }

    /** The key named {@code name}; the first node to ask creates it, and all others read the same one. */
    public String getOrCreate(String name) {
        String candidate = generator.next().value() + generator.next().value();
        return jdbi.inTransaction(handle -> {
            handle.createUpdate("""
                            INSERT INTO server_keys (name, key_value, created_at) VALUES (:name, :value, :now)
                            ON CONFLICT (name) DO NOTHING""")
                    .bind("name", name)
                    .bind("value", candidate)
                    .bind("now", clock.instant().getEpochSecond())
                    .execute();
            return handle.createQuery("SELECT key_value FROM server_keys WHERE name = :name")
                    .bind("name", name)
                    .mapTo(String.class)
                    .one();
        });
    }
}
