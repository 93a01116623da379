package dev.switchback.webhook;

import dev.switchback.app.AppId;
import dev.switchback.athlete.AthleteId;
import dev.switchback.scope.Scope;
import dev.switchback.scope.ScopeSet;
import dev.switchback.store.Dialect;
import dev.switchback.store.Rows;
import dev.switchback.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The transactional outbox (contract#webhook-delivery): events are written by the transaction that makes the
 * change they tell of, one {@code INSERT ... SELECT} for every subscription concerned (none when no app is
 * subscribed), so a change that commits has its events and one that rolls back has none. The dispatcher takes
 * them from here, one subscription's events in the order of their ids.
 */
public final class Outbox {
    /** A grant that lets its app hear of activities: {@code activity:read} or {@code activity:read_all}. */
    private static final int ACTIVITY_READ =
            ScopeSet.of(Scope.ACTIVITY_READ, Scope.ACTIVITY_READ_ALL).bits();
    /** A grant that lets its app see Only Me activities and privacy changes. */
    private static final int ACTIVITY_READ_ALL =
            ScopeSet.of(Scope.ACTIVITY_READ_ALL).bits();

    private static final String COLUMNS = "id, subscription_id, object_type, object_id, aspect_type, updates, owner_id,"
            + " event_time, state, attempts, next_attempt_at, finished_at";
    private static final String DEAUTHORIZED = Json.object(Map.of("authorized", "false"));

    /** Told after a transaction that queued events commits: the local dispatcher's wake-up. */
    private volatile Runnable queued = () -> {};

    /**
     * {@code wake} runs after every commit that queued an event, so this node's dispatcher takes it at once rather
     * than at its next look at the outbox (other nodes find it when they look: {@code webhooks.poll}).
     */
    public void onQueued(Runnable wake) {
        this.queued = wake;
    }

    /**
     * The activity event, for every subscribed app whose grant from the owner lets it hear of it, each as its
     * audience sees it (contract#webhook-events); one statement, or none when no app would be told anything.
     */
    public void activity(Tx tx, ActivityEvent event, Instant now) {
        if (!event.tellsAnyone()) {
            return;
        }
        int rows = tx.sql("""
                        INSERT INTO webhook_events (subscription_id, object_type, object_id, aspect_type, updates,
                                                    owner_id, event_time, state, attempts, next_attempt_at)
                        SELECT s.id, 'activity', :object,
                               CASE WHEN (g.scopes & :all) <> 0 THEN :aspect_all ELSE :aspect_read END,
                               CASE WHEN (g.scopes & :all) <> 0 THEN :updates_all ELSE :updates_read END,
                               :owner, :now, 'pending', 0, :now
                        FROM grants g JOIN push_subscriptions s ON s.app_id = g.app_id
                        WHERE g.athlete_id = :owner AND (g.scopes & :read) <> 0
                          AND (CASE WHEN (g.scopes & :all) <> 0 THEN :aspect_all ELSE :aspect_read END) IS NOT NULL
                        ORDER BY s.id""")
                .bind("object", event.activityId())
                .bind("owner", event.ownerId())
                .bind("now", now)
                .bind("read", ACTIVITY_READ)
                .bind("all", ACTIVITY_READ_ALL)
                .bind("aspect_all", event.forReadAll().map(Aspect::aspectType).orElse(null))
                .bind(
                        "updates_all",
                        event.forReadAll().map(a -> Json.object(a.updates())).orElse(null))
                .bind("aspect_read", event.forRead().map(Aspect::aspectType).orElse(null))
                .bind(
                        "updates_read",
                        event.forRead().map(a -> Json.object(a.updates())).orElse(null))
                .update();
        queuedIf(tx, rows);
    }

    /**
     * The athlete revoked the app, by {@code /oauth/deauthorize} or on My Apps: {@code {"authorized":"false"}}
     * to the app's subscription, if it has one (contract#deauthorization-event). One statement.
     */
    public void deauthorized(Tx tx, AppId app, AthleteId athlete, Instant now) {
        int rows = tx.sql("""
                        INSERT INTO webhook_events (subscription_id, object_type, object_id, aspect_type, updates,
                                                    owner_id, event_time, state, attempts, next_attempt_at)
                        SELECT s.id, 'athlete', :athlete, 'update', :updates, :athlete, :now, 'pending', 0, :now
                        FROM push_subscriptions s WHERE s.app_id = :app""")
                .bind("app", app)
                .bind("athlete", athlete)
                .bind("updates", DEAUTHORIZED)
                .bind("now", now)
                .update();
        queuedIf(tx, rows);
    }

    /**
     * An event queued by hand, for the emulator (contract#emulator-webhooks): to {@code app}'s subscription,
     * without the change it tells of, behind that subscription's other events like any other. Answers it as
     * stored, or empty when the app has no subscription. One statement.
     */
    public Optional<WebhookEvent> queue(Tx tx, AppId app, Triggered event, Instant now) {
        Optional<WebhookEvent> queued = tx.sql("""
                        INSERT INTO webhook_events (subscription_id, object_type, object_id, aspect_type, updates,
                                                    owner_id, event_time, state, attempts, next_attempt_at)
                        SELECT s.id, :type, :object, :aspect, :updates, :owner, :now, 'pending', 0, :now
                        FROM push_subscriptions s WHERE s.app_id = :app
                        RETURNING\s""" + COLUMNS)
                .bind("app", app)
                .bind("type", event.objectType())
                .bind("object", event.objectId())
                .bind("aspect", event.aspectType())
                .bind("updates", Json.object(event.updates()))
                .bind("owner", event.ownerId())
                .bind("now", now)
                .one(Outbox::map);
        queuedIf(tx, queued.isPresent() ? 1 : 0);
        return queued;
    }

    /** An event as a test writes it: {@code updates}' values are strings, as Strava sends them. */
    public record Triggered(
            String objectType, long objectId, String aspectType, Map<String, String> updates, long ownerId) {
        /** How long the {@code updates} hash may be as JSON (its column's width). */
        public static final int MAX_UPDATES_LENGTH = 1024;

        public int updatesLength() {
            return Json.object(updates).length();
        }
    }

    /** An outbox event with its app, and whether a node holds its lease now (its POST may be under way). */
    public record Listed(WebhookEvent event, AppId app, boolean inFlight) {}

    /**
     * Up to {@code limit} events in {@code state}: pending ones in delivery order (oldest first), finished ones
     * newest first.
     */
    public List<Listed> inState(Tx tx, String state, Instant now, int limit) {
        String order = state.equals(WebhookEvent.PENDING) ? "e.id" : "e.id DESC";
        return tx.sql("SELECT " + COLUMNS.replaceAll("(^|, )", "$1e.") + """
                        , s.app_id, CASE WHEN e.lease_until > :now THEN 1 ELSE 0 END
                         FROM webhook_events e JOIN push_subscriptions s ON s.id = e.subscription_id
                        WHERE e.state = :state ORDER BY\s""" + order + " LIMIT :limit")
                .bind("state", state)
                .bind("now", now)
                .bind("limit", limit)
                .list(row -> new Listed(map(row), new AppId(row.getLong(13)), row.getInt(14) == 1));
    }

    /**
     * Deletes every pending event, so none is ever sent (contract#emulator-webhooks); answers how many, and how
     * many of them a node held. A POST under way then still ends, but its {@link #finish} finds no event and
     * records nothing: the event is neither retried nor recorded.
     */
    public Cleared clearPending(Tx tx, Instant now) {
        List<Boolean> held = tx.sql("DELETE FROM webhook_events WHERE state = 'pending' RETURNING lease_until")
                .list(row -> Rows.optionalLong(row, 1)
                        .filter(until -> until > now.getEpochSecond())
                        .isPresent());
        return new Cleared(held.size(), held.stream().filter(h -> h).count());
    }

    /** How many pending events {@link #clearPending} deleted, and how many of them were in flight. */
    public record Cleared(int cleared, long inFlight) {}

    /**
     * Whether any event is due and not leased: a read, so that a dispatcher with nothing to do commits
     * nothing (an idle node would otherwise write every poll).
     */
    public boolean anyDue(Tx tx, Instant now) {
        return tx.sql("""
                        SELECT 1 FROM webhook_events
                        WHERE state = 'pending' AND next_attempt_at <= :now
                          AND (lease_until IS NULL OR lease_until <= :now)
                        LIMIT 1""").bind("now", now).exists();
    }

    /**
     * The events pending, due now or waiting to retry, counted up to {@code cap} so the count stays bounded: an
     * index-only walk of the pending events' partial index, at most {@code cap} entries long.
     */
    public long pending(Tx tx, int cap) {
        return tx.sql("""
                        SELECT COUNT(*) FROM (
                            SELECT 1 FROM webhook_events WHERE state = 'pending' LIMIT :cap) p""").bind("cap", cap).number();
    }

    /** An event claimed for delivery: the event, where it goes, and the lease that lets its claimer finish it. */
    public record Claimed(WebhookEvent event, String callbackUrl, String leaseToken) {}

    /**
     * Leases up to {@code limit} events that are due, each the first pending event of its subscription, so one
     * subscription has at most one event in flight on all nodes together. On PostgreSQL the rows are locked with
     * {@code FOR UPDATE SKIP LOCKED}, so nodes claiming at once never take the same event; an event whose lease
     * ran out (its node died) is claimable again.
     *
     * <p>Each subscription's first pending event is one probe of the pending index, whatever the planner believes
     * of the table. The claim used to compare each pending event with the earlier ones of its subscription: on
     * PostgreSQL, with a backlog of 3,800 events and statistics not yet analysed (a new database's first minute),
     * that took 1.4 s a claim and deliveries fell to 28 a second; SQLite scanned the whole table in id order.
     */
    public List<Claimed> claim(Tx tx, Instant now, Instant leaseUntil, String token, int limit) {
        String lock = tx.dialect() == Dialect.POSTGRESQL ? " FOR UPDATE OF e SKIP LOCKED" : "";
        List<WebhookEvent> events = tx.sql("""
                        UPDATE webhook_events SET lease_until = :until, lease_token = :token
                        WHERE id IN (
                            SELECT e.id FROM webhook_events e
                            WHERE e.id IN (SELECT (SELECT f.id FROM webhook_events f
                                                   WHERE f.subscription_id = s.id AND f.state = 'pending'
                                                   ORDER BY f.id LIMIT 1)
                                           FROM push_subscriptions s)
                              AND e.state = 'pending' AND e.next_attempt_at <= :now
                              AND (e.lease_until IS NULL OR e.lease_until <= :now)
                            ORDER BY e.id LIMIT :limit""" + lock + ")\nRETURNING " + COLUMNS)
                .bind("until", leaseUntil)
                .bind("token", token)
                .bind("now", now)
                .bind("limit", limit)
                .list(Outbox::map);
        return events.stream()
                .sorted((a, b) -> Long.compare(a.id().value(), b.id().value()))
                .map(event -> new Claimed(event, callbackUrl(tx, event.subscriptionId()), token))
                .toList();
    }

    private static String callbackUrl(Tx tx, SubscriptionId subscription) {
        return tx.sql("SELECT callback_url FROM push_subscriptions WHERE id = :id")
                .bind("id", subscription)
                .one(row -> row.getString(1))
                .orElseThrow();
    }

    /**
     * Records an attempt of a claimed event and its new state, if the claim still holds the lease (a node
     * whose lease ran out records nothing: the event is another's now). Answers whether it did.
     */
    public boolean finish(Tx tx, Claimed claimed, Attempt attempt, String state, Instant nextAttemptAt) {
        boolean finished = !state.equals(WebhookEvent.PENDING);
        int changed = tx.sql("""
                        UPDATE webhook_events
                        SET state = :state, attempts = attempts + 1, next_attempt_at = :next,
                            lease_until = NULL, lease_token = NULL, finished_at = :finished
                        WHERE id = :id AND lease_token = :token""")
                .bind("state", state)
                .bind("next", nextAttemptAt)
                .bind("finished", finished ? attempt.at() : null)
                .bind("id", claimed.event().id())
                .bind("token", claimed.leaseToken())
                .update();
        if (changed == 0) {
            return false;
        }
        tx.sql("""
                        INSERT INTO webhook_attempts (event_id, attempted_at, status, latency_ms, error)
                        VALUES (:event, :at, :status, :latency, :error)""")
                .bind("event", claimed.event().id())
                .bind("at", attempt.at())
                .bind("status", attempt.status().orElse(null))
                .bind("latency", attempt.latencyMillis())
                .bind(
                        "error",
                        attempt.error()
                                .map(e -> e.length() > 255 ? e.substring(0, 255) : e)
                                .orElse(null))
                .update();
        return true;
    }

    /** Gives up every lease (SQLite at start: the one process that delivers died with them). */
    public int releaseLeases(Tx tx) {
        return tx.sql("""
                        UPDATE webhook_events SET lease_until = NULL, lease_token = NULL
                        WHERE state = 'pending' AND lease_token IS NOT NULL""").update();
    }

    /** Puts a delivered or failed event back in its subscription's queue, due now; false when there is none. */
    public boolean redeliver(Tx tx, EventId id, Instant now) {
        int rows = tx.sql("""
                        UPDATE webhook_events
                        SET state = 'pending', attempts = 0, next_attempt_at = :now, finished_at = NULL,
                            lease_until = NULL, lease_token = NULL
                        WHERE id = :id AND state <> 'pending'""").bind("id", id).bind("now", now).update();
        queuedIf(tx, rows);
        return rows == 1;
    }

    private void queuedIf(Tx tx, int rows) {
        if (rows > 0) {
            tx.afterCommit(queued);
        }
    }

    public Optional<WebhookEvent> find(Tx tx, EventId id) {
        return tx.sql("SELECT " + COLUMNS + " FROM webhook_events WHERE id = :id")
                .bind("id", id)
                .one(Outbox::map);
    }

    /** The latest {@code limit} events of every subscription, or of {@code app}'s, newest first. */
    public List<WebhookEvent> list(Tx tx, Optional<AppId> app, int limit) {
        return tx.sql("SELECT " + COLUMNS.replaceAll("(^|, )", "$1e.") + """
                         FROM webhook_events e JOIN push_subscriptions s ON s.id = e.subscription_id
                        WHERE (:app < 0 OR s.app_id = :app) ORDER BY e.id DESC LIMIT :limit""")
                .bind("app", app.map(AppId::value).orElse(-1L))
                .bind("limit", limit)
                .list(Outbox::map);
    }

    /** Every attempt of an event, in order. */
    public List<Attempt> attempts(Tx tx, EventId id) {
        return tx.sql("""
                        SELECT attempted_at, status, latency_ms, error FROM webhook_attempts
                        WHERE event_id = :event ORDER BY id""").bind("event", id).list(row -> attempt(row, 1));
    }

    /**
     * The attempts of every event of every subscription, or of {@code app}'s, from {@code oldest} on, by event and
     * in order: with {@link #list}'s oldest event, in the same read, the attempts of the events it listed.
     */
    public Map<EventId, List<Attempt>> attemptsSince(Tx tx, Optional<AppId> app, EventId oldest) {
        List<Map.Entry<EventId, Attempt>> rows = tx.sql("""
                        SELECT a.event_id, a.attempted_at, a.status, a.latency_ms, a.error
                        FROM webhook_attempts a
                        JOIN webhook_events e ON e.id = a.event_id
                        JOIN push_subscriptions s ON s.id = e.subscription_id
                        WHERE a.event_id >= :oldest AND (:app < 0 OR s.app_id = :app)
                        ORDER BY a.event_id, a.id""")
                .bind("oldest", oldest)
                .bind("app", app.map(AppId::value).orElse(-1L))
                .list(row -> Map.entry(new EventId(row.getLong(1)), attempt(row, 2)));
        Map<EventId, List<Attempt>> attempts = new HashMap<>();
        for (Map.Entry<EventId, Attempt> row : rows) {
            attempts.computeIfAbsent(row.getKey(), event -> new ArrayList<>()).add(row.getValue());
        }
        return attempts;
    }

    private static Attempt attempt(ResultSet row, int first) throws SQLException {
        return new Attempt(
                Rows.instant(row, first),
                Rows.optionalInt(row, first + 1),
                row.getLong(first + 2),
                Optional.ofNullable(row.getString(first + 3)));
    }

    /** One delivery attempt: when, the status the callback answered (none if it did not), how long, and why not. */
    public record Attempt(Instant at, Optional<Integer> status, long latencyMillis, Optional<String> error) {}

    private static WebhookEvent map(ResultSet row) throws SQLException {
        return new WebhookEvent(
                new EventId(row.getLong(1)),
                new SubscriptionId(row.getLong(2)),
                row.getString(3),
                row.getLong(4),
                row.getString(5),
                row.getString(6),
                row.getLong(7),
                Rows.instant(row, 8),
                row.getString(9),
                row.getInt(10),
                Rows.instant(row, 11),
                Rows.optionalLong(row, 12).map(Instant::ofEpochSecond));
    }
}
