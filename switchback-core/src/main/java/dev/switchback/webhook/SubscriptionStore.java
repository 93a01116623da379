package dev.switchback.webhook;

import dev.switchback.app.AppId;
import dev.switchback.store.Rows;
import dev.switchback.store.Tx;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code push_subscriptions} table: at most one row per app (a unique index). */
public final class SubscriptionStore {
    private static final String COLUMNS = "id, app_id, callback_url, created_at, updated_at";

    /** Inserts the app's subscription; empty when it already has one (the unique index said no). */
    public Optional<Subscription> insert(Tx tx, AppId app, URI callbackUrl, String verifyToken, Instant now) {
        return tx.sql("""
                        INSERT INTO push_subscriptions (app_id, callback_url, verify_token, created_at, updated_at)
                        VALUES (:app, :url, :token, :now, :now)
                        ON CONFLICT (app_id) DO NOTHING
                        RETURNING\s""" + COLUMNS)
                .bind("app", app)
                .bind("url", callbackUrl.toString())
                .bind("token", verifyToken)
                .bind("now", now)
                .one(SubscriptionStore::map);
    }

    public Optional<Subscription> findByApp(Tx tx, AppId app) {
        return tx.sql("SELECT " + COLUMNS + " FROM push_subscriptions WHERE app_id = :app")
                .bind("app", app)
                .one(SubscriptionStore::map);
    }

    /** Every subscription, or the one of {@code app}; by id. */
    public List<Subscription> list(Tx tx, Optional<AppId> app) {
        return tx.sql("SELECT " + COLUMNS + " FROM push_subscriptions WHERE (:app < 0 OR app_id = :app) ORDER BY id")
                .bind("app", app.map(AppId::value).orElse(-1L))
                .list(SubscriptionStore::map);
    }

    /** Deletes the subscription if it is the app's; its undelivered events go with it. */
    public boolean delete(Tx tx, AppId app, SubscriptionId id) {
        return tx.sql("DELETE FROM push_subscriptions WHERE id = :id AND app_id = :app")
                        .bind("id", id)
                        .bind("app", app)
                        .update()
                == 1;
    }

    static Subscription map(ResultSet row) throws SQLException {
        return new Subscription(
                new SubscriptionId(row.getLong(1)),
                new AppId(row.getLong(2)),
                URI.create(row.getString(3)),
                Rows.instant(row, 4),
                Rows.instant(row, 5));
    }
}
