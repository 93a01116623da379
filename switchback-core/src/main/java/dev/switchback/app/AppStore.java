package dev.switchback.app;

import dev.switchback.ratelimit.RateLimits;
import dev.switchback.store.Database;
import dev.switchback.store.ReadCache;
import dev.switchback.store.Stale;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Client applications in the database. */
public final class AppStore {
    private static final String COLUMNS = """
            id, name, secret_digest, callback_domain, owner_id, athlete_capacity,
            overall_limit_15min, overall_limit_daily, read_limit_15min, read_limit_daily, created_at""";

    /** Far more apps than one server sees at once; a full cache starts again empty. */
    private static final int APPS_KEPT = 4096;

    private final Database database;
    private final Jdbi jdbi;
    private final ReadCache<Long, App> cached;

    public AppStore(Database database) {
        this.database = database;
        this.jdbi = database.jdbi();
        this.cached = database.readCache(APPS_KEPT, app -> Stale.APPS);
    }

    public App insert(String name, String secretDigest, CallbackDomain domain, Optional<Long> ownerId, int capacity, Instant now) {
        return jdbi.inTransaction(handle -> {
            long id = handle.createQuery("""
                            INSERT INTO apps (name, secret_digest, callback_domain, owner_id, athlete_capacity, created_at, updated_at)
                            VALUES (:name, :secret, :domain, :owner, :capacity, :now, :now)
                            RETURNING id""")
                    .bind("name", name)
                    .bind("secret", secretDigest)
                    .bind("domain", domain.host())
                    .bind("owner", ownerId.orElse(null))
                    .bind("capacity", capacity)
                    .bind("now", now.getEpochSecond())
                    .mapTo(Long.class)
                    .one();
            return find(handle, id).orElseThrow();
        });
    }

    /**
     * The app of every token request: a hot-path read (see {@link Database#readOne}), or none when the row
     * is cached and nothing was committed since that could change it. Apps change outside the group-commit
     * writer (which empties the cache), or in its work that declares the tag {@link Stale#APPS}.
     */
    public Optional<App> find(long clientId) {
        return cached.get(clientId, () -> database.readOne("SELECT " + COLUMNS + " FROM apps WHERE id = ?",
                statement -> statement.setLong(1, clientId), AppStore::map));
    }

    public Optional<App> find(Handle handle, long clientId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM apps WHERE id = :id")
                .bind("id", clientId)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    public List<App> list() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM apps ORDER BY id")
                .map((rs, ctx) -> map(rs))
                .list());
    }

    public boolean updateSecret(long clientId, String secretDigest, Instant now) {
        return jdbi.withHandle(handle -> handle.createUpdate(
                        "UPDATE apps SET secret_digest = :secret, updated_at = :now WHERE id = :id")
                .bind("secret", secretDigest)
                .bind("now", now.getEpochSecond())
                .bind("id", clientId)
                .execute()) == 1;
    }

    public boolean updateRateLimits(long clientId, RateLimits limits, Instant now) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE apps SET overall_limit_15min = :o15, overall_limit_daily = :oDay,
                            read_limit_15min = :r15, read_limit_daily = :rDay, updated_at = :now
                        WHERE id = :id""")
                .bind("o15", limits.overall15Min())
                .bind("oDay", limits.overallDaily())
                .bind("r15", limits.read15Min())
                .bind("rDay", limits.readDaily())
                .bind("now", now.getEpochSecond())
                .bind("id", clientId)
                .execute()) == 1;
    }

    /** Deletes an app; its grants, codes and tokens go with it. */
    public boolean delete(long clientId) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM apps WHERE id = :id")
                .bind("id", clientId)
                .execute()) == 1;
    }

    public boolean isEmpty() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM apps").mapTo(Long.class).one() == 0);
    }

    /** An app from a row of {@link #COLUMNS}, read by position. */
    static App map(ResultSet rs) throws SQLException {
        long owner = rs.getLong(5);
        Optional<Long> ownerId = rs.wasNull() ? Optional.empty() : Optional.of(owner);
        return new App(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                new CallbackDomain(rs.getString(4)),
                ownerId,
                rs.getInt(6),
                new RateLimits(rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getInt(10)),
                Instant.ofEpochSecond(rs.getLong(11)));
    }
}
