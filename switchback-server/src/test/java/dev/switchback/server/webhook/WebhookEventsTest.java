package dev.switchback.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.api.activity.Activity;
import dev.switchback.api.activity.ActivityId;
import dev.switchback.api.activity.DuplicateActivityException;
import dev.switchback.api.activity.TrackImport;
import dev.switchback.api.activity.Visibility;
import dev.switchback.api.testing.TestTracks;
import dev.switchback.api.track.DataType;
import dev.switchback.app.AppService;
import dev.switchback.athlete.Athlete;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.Receiver;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The events subscribed apps receive, as Strava sends them (contract#webhook-events,
 * contract#deauthorization-event), posted to a real receiver: activity create, update and delete, each
 * visibility rule, and the deauthorization, from every place that causes them.
 */
@HttpTest
class WebhookEventsTest {
    private static final long TIME = TestServer.START.getEpochSecond();

    private TestServer server;
    private Receiver receiver;
    private Athlete marianne;

    @BeforeEach
    void start() {
        server = TestServer.start();
        receiver = Receiver.start();
        marianne = server.createAthlete("marianne");
    }

    @AfterEach
    void stop() {
        receiver.close();
        server.close();
    }

    /** An app subscribed at {@code /name}, authorized by Marianne with {@code scope}; its access token. */
    private Subscribed subscribedApp(String name, String scope) {
        AppService.CreatedApp app = server.createApp(name, "localhost");
        long subscription = Flows.subscribe(server, app, receiver.url("/" + name));
        String bearer = "Bearer "
                + Flows.tokens(server, app, "marianne", scope)
                        .get("access_token")
                        .asString();
        return new Subscribed("/" + name, subscription, bearer);
    }

    private record Subscribed(String path, long subscriptionId, String bearer) {}

    private String event(Subscribed app, String aspect, String objectType, long objectId, String updates) {
        return "{\"aspect_type\":\"" + aspect + "\",\"event_time\":" + TIME + ",\"object_id\":" + objectId
                + ",\"object_type\":\"" + objectType + "\",\"owner_id\":"
                + marianne.id().value()
                + ",\"subscription_id\":" + app.subscriptionId() + ",\"updates\":" + updates + "}";
    }

    private Activity ride(Visibility visibility) {
        return server.switchback()
                .activities()
                .importTrack(marianne.id(), TestTracks.ride(TestServer.START), TrackImport.of(visibility));
    }

    private long manualRun(Subscribed app) {
        Http.Response created = server.http()
                .postForm(
                        "/api/v3/activities",
                        Http.form(
                                "name", "Treadmill",
                                "sport_type", "Run",
                                "start_date_local", "2026-02-28 19:04:26 +0100",
                                "elapsed_time", "1234",
                                "distance", "1000"),
                        "Authorization",
                        app.bearer());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    @Test
    void manualActivity_updateAndDelete_sendCreateUpdateAndDelete_inOrder() {
        Subscribed app = subscribedApp("log", "activity:read,activity:write");

        long id = manualRun(app);
        Http.Response updated = server.http()
                .send(
                        "PUT",
                        "/api/v3/activities/" + id,
                        "application/x-www-form-urlencoded",
                        "name=Messy&sport_type=Ride&description=x".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        "Authorization",
                        app.bearer());
        Http.Response deleted =
                server.http().send("DELETE", "/api/v3/activities/" + id, null, null, "Authorization", app.bearer());

        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertThat(receiver.awaitEvents(app.path(), 3))
                .containsExactly(
                        event(app, "create", "activity", id, "{}"),
                        event(app, "update", "activity", id, "{\"title\":\"Messy\",\"type\":\"Ride\"}"),
                        event(app, "delete", "activity", id, "{}"));
        assertThat(server.http()
                        .get("/api/v3/activities/" + id, "Authorization", app.bearer())
                        .status())
                .isEqualTo(404);
    }

    @Test
    void anUpdateThatChangesNoTitleTypeOrPrivacy_sendsNothing() {
        Subscribed app = subscribedApp("log", "activity:read,activity:write");
        long id = manualRun(app);

        server.http()
                .send(
                        "PUT",
                        "/api/v3/activities/" + id,
                        "application/x-www-form-urlencoded",
                        "description=only+words".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        "Authorization",
                        app.bearer());
        long second = manualRun(app);

        assertThat(receiver.awaitEvents(app.path(), 2))
                .containsExactly(
                        event(app, "create", "activity", id, "{}"), event(app, "create", "activity", second, "{}"));
    }

    @Test
    void importedFile_sendsCreate_andADuplicateThatRollsBack_sendsNothing() throws Exception {
        Subscribed app = subscribedApp("log", "activity:read");
        byte[] file = resource("/tracks/annecy-run.gpx");

        Activity first = server.switchback()
                .uploads()
                .importFile(marianne.id(), file, DataType.GPX, TrackImport.of(Visibility.EVERYONE));
        assertThatThrownBy(() -> server.switchback()
                        .uploads()
                        .importFile(marianne.id(), file, DataType.GPX, TrackImport.of(Visibility.EVERYONE)))
                .isInstanceOf(DuplicateActivityException.class);
        Activity marker = ride(Visibility.EVERYONE);

        assertThat(receiver.awaitEvents(app.path(), 2))
                .containsExactly(
                        event(app, "create", "activity", first.id().value(), "{}"),
                        event(app, "create", "activity", marker.id().value(), "{}"));
    }

    @Test
    void onlyMeMoves_areDeleteAndCreateWithoutReadAll_andPrivacyUpdatesWithIt() {
        Subscribed read = subscribedApp("read", "activity:read");
        Subscribed all = subscribedApp("all", "activity:read_all");
        Activity ride = ride(Visibility.EVERYONE);
        ActivityId id = ride.id();

        server.switchback().activities().changeVisibility(marianne.id(), id, Visibility.ONLY_ME);
        server.switchback().activities().changeVisibility(marianne.id(), id, Visibility.EVERYONE);

        assertThat(receiver.awaitEvents(read.path(), 3))
                .containsExactly(
                        event(read, "create", "activity", id.value(), "{}"),
                        event(read, "delete", "activity", id.value(), "{}"),
                        event(read, "create", "activity", id.value(), "{}"));
        assertThat(receiver.awaitEvents(all.path(), 3))
                .containsExactly(
                        event(all, "create", "activity", id.value(), "{}"),
                        event(all, "update", "activity", id.value(), "{\"private\":\"true\"}"),
                        event(all, "update", "activity", id.value(), "{\"private\":\"false\"}"));
    }

    @Test
    void onlyMeActivities_areToldOnlyToAppsWithReadAll() {
        Subscribed read = subscribedApp("read", "activity:read");
        Subscribed all = subscribedApp("all", "activity:read_all");

        Activity hidden = ride(Visibility.ONLY_ME);
        server.switchback().activities().delete(dev.switchback.api.Viewer.owner(marianne.id()), hidden.id());
        Activity marker = ride(Visibility.FOLLOWERS_ONLY);

        assertThat(receiver.awaitEvents(all.path(), 3))
                .containsExactly(
                        event(all, "create", "activity", hidden.id().value(), "{}"),
                        event(all, "delete", "activity", hidden.id().value(), "{}"),
                        event(all, "create", "activity", marker.id().value(), "{}"));
        assertThat(receiver.awaitEvents(read.path(), 1))
                .containsExactly(event(read, "create", "activity", marker.id().value(), "{}"));
    }

    @Test
    void appsWithoutActivityRead_hearOfNoActivity_butOfTheirDeauthorization() {
        Subscribed profile = subscribedApp("profile", "read,profile:read_all");

        ride(Visibility.EVERYONE);
        Http.Response deauthorized = server.http().postEmpty("/oauth/deauthorize", "Authorization", profile.bearer());

        assertThat(deauthorized.status()).isEqualTo(200);
        List<String> events = receiver.awaitEvents(profile.path(), 1);
        assertThat(events)
                .containsExactly(
                        event(profile, "update", "athlete", marianne.id().value(), "{\"authorized\":\"false\"}"));
    }

    @Test
    void revokeOnMyApps_sendsTheDeauthorization_onlyToThatApp() {
        Subscribed revoked = subscribedApp("revoked", "read");
        Subscribed kept = subscribedApp("kept", "activity:read");
        dev.switchback.app.AppId revokedApp = server.switchback()
                .subscriptions()
                .all(java.util.Optional.empty())
                .get(0)
                .appId();

        assertThat(server.switchback().authorization().revoke(marianne.id(), revokedApp))
                .isTrue();
        Activity marker = ride(Visibility.EVERYONE);

        assertThat(receiver.awaitEvents(revoked.path(), 1))
                .containsExactly(
                        event(revoked, "update", "athlete", marianne.id().value(), "{\"authorized\":\"false\"}"));
        assertThat(receiver.awaitEvents(kept.path(), 1))
                .containsExactly(event(kept, "create", "activity", marker.id().value(), "{}"));
    }

    private static byte[] resource(String path) {
        try (InputStream in = WebhookEventsTest.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
