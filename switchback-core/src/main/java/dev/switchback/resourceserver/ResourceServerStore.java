package dev.switchback.resourceserver;

import dev.switchback.store.Rows;
import dev.switchback.store.Tx;
import dev.switchback.token.TokenDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code resource_servers} table. */
public final class ResourceServerStore {
    private static final String COLUMNS = "id, name, secret_digest, created_at";

    public ResourceServer insert(Tx tx, String name, TokenDigest secretDigest, Instant now) {
        ResourceServerId id = new ResourceServerId(tx.sql("""
                        INSERT INTO resource_servers (name, secret_digest, created_at)
                        VALUES (:name, :secret, :now)
                        RETURNING id""")
                .bind("name", name)
                .bind("secret", secretDigest.hex())
                .bind("now", now)
                .number());
        return find(tx, id).orElseThrow();
    }

    public Optional<ResourceServer> find(Tx tx, ResourceServerId id) {
        return tx.sql("SELECT " + COLUMNS + " FROM resource_servers WHERE id = :id")
                .bind("id", id)
                .one(ResourceServerStore::map);
    }

    public List<ResourceServer> list(Tx tx) {
        return tx.sql("SELECT " + COLUMNS + " FROM resource_servers ORDER BY id")
                .list(ResourceServerStore::map);
    }

    public boolean delete(Tx tx, ResourceServerId id) {
        return tx.sql("DELETE FROM resource_servers WHERE id = :id")
                        .bind("id", id)
                        .update()
                == 1;
    }

    private static ResourceServer map(ResultSet row) throws SQLException {
        return new ResourceServer(
                new ResourceServerId(row.getLong(1)),
                row.getString(2),
                new TokenDigest(row.getString(3)),
                Rows.instant(row, 4));
    }
}
