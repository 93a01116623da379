package dev.switchback.app;

import java.sql.ResultSet;
import java.sql.SQLException;
import dev.switchback.ratelimit.RateLimits;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Client applications in the database. */
public final class AppStore {
    private static final String COLUMNS = """
            id, name, secret_digest, callback_domain, owner_id, athlete_capacity,
            overall_limit_15min, overall_limit_daily, read_limit_15min, read_limit_daily, created_at""";

    private final Jdbi jdbi;

    public AppStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public App insert(String name, String secretDigest, CallbackDomain domain, Optional<Long> ownerId, int capacity, Instant now) {
        return jdbi.inTransaction(handle -> {
            long id = handle.createUpdate("""
                            INSERT INTO apps (name, secret_digest, callback_domain, owner_id, athlete_capacity, created_at, updated_at)
                            VALUES (:name, :secret, :domain, :owner, :capacity, :now, :now)""")
                    .bind("name", name)
                    .bind("secret", secretDigest)
                    .bind("domain", domain.host())
                    .bind("owner", ownerId.orElse(null))
                    .bind("capacity", capacity)
                    .bind("now", now.getEpochSecond())
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one();
            return find(handle, id).orElseThrow();
        });
    }

    public Optional<App> find(long clientId) {
        return jdbi.withHandle(handle -> find(handle, clientId));
    }

    public Optional<App> find(Handle handle, long clientId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM apps WHERE id = :id")
                .bind("id", clientId)
                .map(AppStore::map)
                .findOne();
    }

    public List<App> list() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM apps ORDER BY id")
                .map(AppStore::map)
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

    static App map(ResultSet rs, StatementContext ctx) throws SQLException {
        long owner = rs.getLong("owner_id");
        Optional<Long> ownerId = rs.wasNull() ? Optional.empty() : Optional.of(owner);
        return new App(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getString("secret_digest"),
                new CallbackDomain(rs.getString("callback_domain")),
                ownerId,
                rs.getInt("athlete_capacity"),
                rateLimits(rs),
                Instant.ofEpochSecond(rs.getLong("created_at")));
    }

    /** The four limit columns, as read by every query that joins {@code apps}. */
    public static RateLimits rateLimits(ResultSet rs) throws SQLException {
        return new RateLimits(rs.getInt("overall_limit_15min"), rs.getInt("overall_limit_daily"),
                rs.getInt("read_limit_15min"), rs.getInt("read_limit_daily"));
    }
}
