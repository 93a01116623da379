package dev.switchback.server.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppId;
import dev.switchback.athlete.AthleteId;
import dev.switchback.server.testing.Receiver;
import dev.switchback.server.testing.TestServer;
import dev.switchback.store.Database;
import dev.switchback.store.testing.TestDatabase;
import dev.switchback.testing.ScaleTest;
import dev.switchback.webhook.Outbox;
import dev.switchback.webhook.SubscriptionStore;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three nodes on one PostgreSQL database deliver the outbox together (contract#webhook-delivery): each event
 * reaches its receiver exactly once, and each subscription's events arrive in the order they were committed,
 * while events are still being written.
 */
@ScaleTest
class WebhookNodesTest {
    private static final int NODES = 3;
    private static final int SUBSCRIPTIONS = 5;
    private static final int EVENTS = 1000;
    private static final Pattern OWNER = Pattern.compile("\"owner_id\":(\\d+)");

    private TestDatabase database;
    private final List<TestServer> nodes = new ArrayList<>();
    private final Receiver receiver = Receiver.start();

    @BeforeEach
    void start() {
        database = TestDatabase.postgres();
        for (int i = 0; i < NODES; i++) {
            nodes.add(TestServer.start(Map.of("database.url", database.url(), "webhooks.workers", "4")));
        }
    }

    @AfterEach
    void stop() {
        nodes.forEach(TestServer::close);
        receiver.close();
        database.close();
    }

    @Test
    void thousandEvents_overThreeNodes_areEachDeliveredOnce_inCommitOrderPerSubscription() {
        Database db = nodes.get(0).switchback().database();
        List<AppId> apps = new ArrayList<>();
        for (int s = 0; s < SUBSCRIPTIONS; s++) {
            AppId app = nodes.get(0).createApp("App " + s, "localhost").app().clientId();
            String url = receiver.url("/" + s);
            db.write(tx -> new SubscriptionStore().insert(tx, app, URI.create(url), "v", TestServer.START));
            apps.add(app);
        }
        Outbox outbox = new Outbox();
        for (int batch = 0; batch < EVENTS / 10; batch++) {
            int first = batch * 10;
            db.write(tx -> {
                for (int i = first; i < first + 10; i++) {
                    outbox.deauthorized(
                            tx, apps.get(i % SUBSCRIPTIONS), new AthleteId(1_000_000 + i), TestServer.START);
                }
                return null;
            });
        }

        List<Long> all = new ArrayList<>();
        for (int s = 0; s < SUBSCRIPTIONS; s++) {
            List<Long> owners = owners(receiver.awaitEvents("/" + s, EVENTS / SUBSCRIPTIONS));
            assertThat(owners).as("subscription %d, in commit order", s).isSorted();
            all.addAll(owners);
        }
        // The receiver has them all; each node records its last outcomes a moment later.
        long delivered = 0;
        long deadline = System.nanoTime() + Receiver.PATIENCE.toNanos();
        while (delivered < EVENTS && System.nanoTime() < deadline) {
            delivered = db.read(tx -> tx.sql("SELECT COUNT(*) FROM webhook_events WHERE state = 'delivered'")
                    .number());
        }

        assertThat(delivered).isEqualTo(EVENTS);
        Set<Long> distinct = new HashSet<>(all);
        assertThat(distinct).hasSize(EVENTS);
        for (int s = 0; s < SUBSCRIPTIONS; s++) {
            assertThat(receiver.events("/" + s))
                    .as("posts to subscription %d", s)
                    .hasSize(EVENTS / SUBSCRIPTIONS);
        }
    }

    private static List<Long> owners(List<String> bodies) {
        List<Long> owners = new ArrayList<>();
        for (String body : bodies) {
            Matcher m = OWNER.matcher(body);
            assertThat(m.find()).as(body).isTrue();
            owners.add(Long.parseLong(m.group(1)));
        }
        return owners;
    }
}
