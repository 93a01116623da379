package dev.switchback.app;

import dev.switchback.athlete.AthleteId;
import dev.switchback.ratelimit.RateLimits;
import dev.switchback.store.Database;
import dev.switchback.store.Dialect;
import dev.switchback.store.ReadCache;
import dev.switchback.store.Rows;
import dev.switchback.store.Tx;
import dev.switchback.token.TokenDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Client applications in the database; every method but {@link #find(AppId)} runs in the caller's transaction. */
public final class AppStore {
    private static final String COLUMNS = """
            id, name, secret_digest, callback_domain, owner_id, athlete_capacity,
            overall_limit_15min, overall_limit_daily, read_limit_15min, read_limit_daily, created_at""";

    /** Far more apps than one server sees at once; a full cache starts again empty. */
    private static final int APPS_KEPT = 4096;

    private final Database database;
    private final ReadCache<AppId, App> cached;

    public AppStore(Database database) {
        this.database = database;
        this.cached = database.readCache(APPS_KEPT, app -> ReadCache.NO_TAG, "apps");
    }

    public App insert(Tx tx, NewApp app, Instant now) {
        AppId id = new AppId(tx.sql("""
                        INSERT INTO apps (name, secret_digest, callback_domain, owner_id, athlete_capacity, created_at, updated_at)
                        VALUES (:name, :secret, :domain, :owner, :capacity, :now, :now)
                        RETURNING id""")
                .bind("name", app.name())
                .bind("secret", app.secretDigest().hex())
                .bind("domain", app.callbackDomain().host())
                .bind("owner", app.owner().orElse(null))
                .bind("capacity", app.athleteCapacity())
                .bind("now", now)
                .number());
        return find(tx, id).orElseThrow();
    }

    /**
     * Inserts an app under the id given. On PostgreSQL the identity then continues after the largest id, so an
     * app created later without one never collides with it (SQLite's AUTOINCREMENT does so by itself).
     */
    public App insertWithId(Tx tx, AppId id, NewApp app, Instant now) {
        tx.sql("""
                        INSERT INTO apps (id, name, secret_digest, callback_domain, owner_id, athlete_capacity, created_at, updated_at)
                        VALUES (:id, :name, :secret, :domain, :owner, :capacity, :now, :now)""")
                .bind("id", id)
                .bind("name", app.name())
                .bind("secret", app.secretDigest().hex())
                .bind("domain", app.callbackDomain().host())
                .bind("owner", app.owner().orElse(null))
                .bind("capacity", app.athleteCapacity())
                .bind("now", now)
                .update();
        if (tx.dialect() == Dialect.POSTGRESQL) {
            tx.sql("SELECT setval(pg_get_serial_sequence('apps', 'id'), (SELECT MAX(id) FROM apps))")
                    .number();
        }
        return find(tx, id).orElseThrow();
    }

    /**
     * The app of every token request, in a transaction of its own, or none when the row is cached and nothing
     * was committed since that could change it (any write to {@code apps} empties the cache, see
     * {@link dev.switchback.store.Tx}).
     */
    public Optional<App> find(AppId id) {
        return cached.get(id, () -> database.read(tx -> find(tx, id)));
    }

    public Optional<App> find(Tx tx, AppId id) {
        return tx.sql("SELECT " + COLUMNS + " FROM apps WHERE id = :id")
                .bind("id", id)
                .one(AppStore::map);
    }

    public List<App> list(Tx tx) {
        return tx.sql("SELECT " + COLUMNS + " FROM apps ORDER BY id").list(AppStore::map);
    }

    public boolean updateSecret(Tx tx, AppId id, TokenDigest secretDigest, Instant now) {
        return tx.sql("UPDATE apps SET secret_digest = :secret, updated_at = :now WHERE id = :id")
                        .bind("secret", secretDigest.hex())
                        .bind("now", now)
                        .bind("id", id)
                        .update()
                == 1;
    }

    public boolean updateRateLimits(Tx tx, AppId id, RateLimits limits, Instant now) {
        return tx.sql("""
                        UPDATE apps SET overall_limit_15min = :o15, overall_limit_daily = :oDay,
                            read_limit_15min = :r15, read_limit_daily = :rDay, updated_at = :now
                        WHERE id = :id""")
                        .bind("o15", limits.overall15Min())
                        .bind("oDay", limits.overallDaily())
                        .bind("r15", limits.read15Min())
                        .bind("rDay", limits.readDaily())
                        .bind("now", now)
                        .bind("id", id)
                        .update()
                == 1;
    }

    /** The app's registered redirect URIs, in the order they were given (contract#registered-redirect-uris). */
    public List<String> redirectUris(Tx tx, AppId id) {
        return tx.sql("SELECT uri FROM app_redirect_uris WHERE app_id = :id ORDER BY seq")
                .bind("id", id)
                .list(row -> row.getString(1));
    }

    /** Replaces the app's registered redirect URIs with {@code uris}, already checked, in that order. */
    public void replaceRedirectUris(Tx tx, AppId id, List<String> uris) {
        tx.sql("DELETE FROM app_redirect_uris WHERE app_id = :id")
                .bind("id", id)
                .update();
        for (int seq = 0; seq < uris.size(); seq++) {
            tx.sql("INSERT INTO app_redirect_uris (app_id, seq, uri) VALUES (:id, :seq, :uri)")
                    .bind("id", id)
                    .bind("seq", seq)
                    .bind("uri", uris.get(seq))
                    .update();
        }
    }

    /** The apps {@code owner} owns, oldest first. */
    public List<App> ownedBy(Tx tx, AthleteId owner) {
        return tx.sql("SELECT " + COLUMNS + " FROM apps WHERE owner_id = :owner ORDER BY id")
                .bind("owner", owner)
                .list(AppStore::map);
    }

    /** What the developer page keeps of an app beyond {@link App}; empty for an unknown app. */
    public Optional<PageRecord> pageRecord(Tx tx, AppId id) {
        return tx.sql("""
                        SELECT category, website, description, icon, sealed_secret, owner_tokens
                        FROM apps WHERE id = :id""")
                .bind("id", id)
                .one(row -> new PageRecord(
                        new Details(
                                row.getString(1),
                                row.getString(2),
                                row.getString(3),
                                Optional.ofNullable(row.getString(4)).flatMap(AppIcon::fromDataUrl)),
                        Optional.ofNullable(row.getString(5)),
                        Optional.ofNullable(row.getString(6))));
    }

    /** Sets the page's fields and the name and callback domain; the icon only when {@code icon} is present. */
    public boolean updateProfile(Tx tx, AppId id, AppProfile profile, Optional<AppIcon> icon, Instant now) {
        return tx.sql("""
                        UPDATE apps SET name = :name, category = :category, website = :website,
                            description = :description, callback_domain = :domain,
                            icon = COALESCE(:icon, icon), updated_at = :now
                        WHERE id = :id""")
                        .bind("name", profile.name())
                        .bind("category", profile.category())
                        .bind("website", profile.website())
                        .bind("description", profile.description())
                        .bind("domain", profile.callbackDomain().host())
                        .bind("icon", icon.map(AppIcon::dataUrl).orElse(null))
                        .bind("now", now)
                        .bind("id", id)
                        .update()
                == 1;
    }

    /** Keeps the secret sealed for the page to show, or forgets it ({@code null}: the page cannot show it). */
    public void updateSealedSecret(Tx tx, AppId id, String sealed) {
        tx.sql("UPDATE apps SET sealed_secret = :sealed WHERE id = :id")
                .bind("sealed", sealed)
                .bind("id", id)
                .update();
    }

    /** Keeps the owner's page tokens sealed ({@code null} forgets them). */
    public void updateOwnerTokens(Tx tx, AppId id, String sealed) {
        tx.sql("UPDATE apps SET owner_tokens = :sealed WHERE id = :id")
                .bind("sealed", sealed)
                .bind("id", id)
                .update();
    }

    /** Deletes an app; its grants, codes and tokens go with it. */
    public boolean delete(Tx tx, AppId id) {
        return tx.sql("DELETE FROM apps WHERE id = :id").bind("id", id).update() == 1;
    }

    public boolean isEmpty(Tx tx) {
        return !tx.sql("SELECT id FROM apps LIMIT 1").exists();
    }

    /** An app from a row of {@link #COLUMNS}, read by position. */
    static App map(ResultSet rs) throws SQLException {
        return new App(
                new AppId(rs.getLong(1)),
                rs.getString(2),
                new TokenDigest(rs.getString(3)),
                new CallbackDomain(rs.getString(4)),
                Rows.optionalLong(rs, 5).map(AthleteId::new),
                rs.getInt(6),
                new RateLimits(rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getInt(10)),
                Rows.instant(rs, 11));
    }

    /** An app to insert. */
    public record NewApp(
            String name,
            TokenDigest secretDigest,
            CallbackDomain callbackDomain,
            Optional<AthleteId> owner,
            int athleteCapacity) {}

    /** The page's fields of an app. */
    public record Details(String category, String website, String description, Optional<AppIcon> icon) {}

    /** The page's fields, and what it keeps sealed to show again (contract#developer-page-secrets). */
    public record PageRecord(Details details, Optional<String> sealedSecret, Optional<String> sealedOwnerTokens) {}
}
