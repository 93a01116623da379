package dev.switchback.store;

import dev.switchback.token.TokenGenerator;
import java.time.Clock;
import java.util.Optional;

/**
 * Values generated once and shared by every node through the database: today only the prefix of the Redis
 * rate-limit counters, which keeps two deployments sharing one Redis apart. Nothing secret may live here, since
 * a copy of the database must open nothing (contract#token-digests): the prefix signs and grants nothing, and
 * whoever can reach the Redis server reads it there anyway. Sessions are kept on the server (contract#login),
 * not signed with a key.
 */
public final class ServerKeys {
    private final Database database;
    private final TokenGenerator generator;
    private final Clock clock;

    public ServerKeys(Database database, TokenGenerator generator, Clock clock) {
        this.database = database;
        this.generator = generator;
        this.clock = clock;
    }

    /** The key named {@code name}; the first node to ask creates it, and all others read the same one. */
    public String getOrCreate(String name) {
        return find(name).orElseGet(() -> create(name));
    }

    private Optional<String> find(String name) {
        return database.read(tx -> find(tx, name));
    }

    private static Optional<String> find(Tx tx, String name) {
        return tx.sql("SELECT key_value FROM server_keys WHERE name = :name")
                .bind("name", name)
                .one(row -> row.getString(1));
    }

    private String create(String name) {
        String candidate = generator.next().value() + generator.next().value();
        return database.write(tx -> {
            tx.sql("""
                            INSERT INTO server_keys (name, key_value, created_at) VALUES (:name, :value, :now)
                            ON CONFLICT (name) DO NOTHING""")
                    .bind("name", name)
                    .bind("value", candidate)
                    .bind("now", clock.instant())
                    .update();
            return find(tx, name).orElseThrow();
        });
    }
}
