package dev.switchback.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.api.testing.TestTracks;
import dev.switchback.app.AppService;
import dev.switchback.athlete.Athlete;
import dev.switchback.client.model.Activity;
import dev.switchback.client.model.Club;
import dev.switchback.client.model.Lap;
import dev.switchback.client.model.Route;
import dev.switchback.client.model.Segment;
import dev.switchback.client.model.StreamKey;
import dev.switchback.client.model.StreamSet;
import dev.switchback.client.model.Upload;
import dev.switchback.server.DemoActivities;
import dev.switchback.server.DemoRoutesAndSegments;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * The typed calls against the real server, with the demo athlete's activities, routes, segments and clubs:
 * each answers the same values as the raw JSON of the same path, and its record drops no property the JSON
 * carries.
 */
@HttpTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TypedCallsTest {
    private static final String EVERY_SCOPE = "read,read_all,profile:read_all,activity:read_all,activity:write";
    /** Kept as raw JSON on purpose: a photo's URLs by size, null on every Switchback activity. */
    private static final Set<String> NOT_MODELLED = Set.of("photos.primary");

    private TestServer server;
    private Athlete marianne;
    private StravaClient client;
    private String token;

    @BeforeAll
    void start() {
        server = TestServer.start();
        marianne = server.createAthlete("marianne");
        AppService.CreatedApp app = server.createApp("Training Log", "example.com");
        DemoRoutesAndSegments.create(server.switchback(), marianne);
        DemoActivities.create(server.switchback(), marianne);
        client = StravaClient.builder()
                .baseUrl(server.baseUrl())
                .clientId(app.app().clientId().value())
                .clientSecret(app.secret().value())
                .timeout(Duration.ofSeconds(20))
                .build();
        token = Flows.tokens(server, app, "marianne", EVERY_SCOPE)
                .get("access_token")
                .asString();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private JsonNode raw(String path) {
        return client.get(token, path).body();
    }

    private static void assertNothingDropped(JsonNode json, Type type) {
        assertThat(ModelCoverage.dropped(json, type, NOT_MODELLED))
                .as("properties of the JSON that %s drops", type.getTypeName())
                .isEmpty();
    }

    @Test
    void athlete_answersTheDetailedAthlete_withTheRawValues_andDropsNothing() {
        JsonNode json = raw("/athlete");

        dev.switchback.client.model.Athlete athlete = client.athlete(token);

        assertThat(athlete.id()).isEqualTo(json.get("id").asLong());
        assertThat(athlete.resourceState()).isEqualTo(3);
        assertThat(athlete.username()).contains("marianne");
        assertThat(athlete.firstname()).contains(json.get("firstname").asString());
        assertThat(athlete.createdAt())
                .contains(Instant.parse(json.get("created_at").asString()));
        assertThat(athlete.measurementPreference()).contains("meters");
        assertThat(athlete.ftp()).isEmpty();
        assertNothingDropped(json, dev.switchback.client.model.Athlete.class);
    }

    @Test
    void activities_answersTheSummaries_inTheRawOrder_andDropsNothing() {
        JsonNode json = client.get(token, "/athlete/activities", java.util.Map.of("per_page", "50"))
                .body();

        List<Activity> activities = client.activities(token, 1, 50);

        assertThat(activities).hasSize(json.size()).isNotEmpty();
        for (int i = 0; i < json.size(); i++) {
            JsonNode item = json.get(i);
            Activity activity = activities.get(i);
            assertThat(activity.id()).isEqualTo(item.get("id").asLong());
            assertThat(activity.resourceState()).isEqualTo(2);
            assertThat(activity.name()).contains(item.get("name").asString());
            assertThat(activity.distance()).isEqualTo(item.get("distance").asDouble());
            assertThat(activity.startDate())
                    .contains(Instant.parse(item.get("start_date").asString()));
            assertThat(activity.sportType()).contains(item.get("sport_type").asString());
            assertThat(activity.isPrivate()).isEqualTo(item.get("private").asBoolean());
            assertThat(activity.laps()).isEmpty();
        }
        assertNothingDropped(json, Activity.class);
    }

    @Test
    void activity_answersTheDetailedActivity_lapsSplitsAndEfforts_andDropsNothing() {
        for (long id : activityIds()) {
            JsonNode json = raw("/activities/" + id);

            Activity activity = client.activity(token, id);

            assertThat(activity.resourceState()).isEqualTo(3);
            assertThat(activity.movingTime()).isEqualTo(json.get("moving_time").asInt());
            assertThat(activity.map().flatMap(m -> m.polyline()))
                    .contains(json.get("map").get("polyline").asString());
            assertThat(activity.laps()).hasSize(json.path("laps").size());
            assertThat(activity.segmentEfforts())
                    .hasSize(json.get("segment_efforts").size());
            assertThat(activity.bestEfforts()).hasSize(json.get("best_efforts").size());
            assertThat(activity.splitsMetric())
                    .hasSize(json.path("splits_metric").size());
            assertThat(activity.averageHeartrate().isPresent()).isEqualTo(json.has("average_heartrate"));
            assertNothingDropped(json, Activity.class);
        }
    }

    @Test
    void activity_ofARideOverASegment_carriesTheEffortsSegmentAndItsAchievements() {
        long id = activityIds().stream()
                .filter(a -> raw("/activities/" + a).get("segment_efforts").size() > 0)
                .findFirst()
                .orElseThrow();
        JsonNode effort = raw("/activities/" + id).get("segment_efforts").get(0);

        var typed = client.activity(token, id).segmentEfforts().get(0);

        assertThat(typed.id()).isEqualTo(effort.get("id").asLong());
        assertThat(typed.elapsedTime()).isEqualTo(effort.get("elapsed_time").asInt());
        assertThat(typed.segment().map(Segment::id))
                .contains(effort.get("segment").get("id").asLong());
        assertThat(typed.achievements()).hasSize(effort.get("achievements").size());
    }

    @Test
    void laps_answerTheRawLaps() {
        long id = activityIds().get(0);
        JsonNode json = raw("/activities/" + id + "/laps");

        List<Lap> laps = client.laps(token, id);

        assertThat(laps).hasSize(json.size()).isNotEmpty();
        assertThat(laps.get(0).id()).isEqualTo(json.get(0).get("id").asLong());
        assertThat(laps.get(0).activity().map(a -> a.id())).contains(id);
        assertThat(laps.get(0).startDate())
                .contains(Instant.parse(json.get(0).get("start_date").asString()));
        assertThat(laps.get(0).distance()).isEqualTo(json.get(0).get("distance").asDouble());
        assertNothingDropped(json, Lap.class);
    }

    @Test
    void streams_answerTheRawStreamsByType_pointForPoint() {
        long id = activityIds().get(0);
        JsonNode json = client.get(
                        token,
                        "/activities/" + id + "/streams",
                        java.util.Map.of("keys", "time,latlng,altitude,heartrate", "key_by_type", "true"))
                .body();

        StreamSet streams = client.streams(
                token, id, EnumSet.of(StreamKey.TIME, StreamKey.LATLNG, StreamKey.ALTITUDE, StreamKey.HEARTRATE));

        StreamSet.Stream<Integer> time = streams.time().orElseThrow();
        assertThat(time.data()).hasSize(json.get("time").get("data").size());
        assertThat(time.originalSize())
                .isEqualTo(json.get("time").get("original_size").asInt());
        assertThat(streams.distance()).isPresent();
        assertThat(streams.latlng().orElseThrow().data().get(0))
                .containsExactly(
                        json.get("latlng").get("data").get(0).get(0).asDouble(),
                        json.get("latlng").get("data").get(0).get(1).asDouble());
        assertThat(streams.watts()).isEmpty();
        assertNothingDropped(json, StreamSet.class);
    }

    @Test
    void route_answersTheRawRoute_withItsSegments_andDropsNothing() {
        JsonNode list = raw("/athletes/" + marianne.id().value() + "/routes");
        for (JsonNode item : list) {
            long id = item.get("id").asLong();
            JsonNode json = raw("/routes/" + id);

            Route route = client.route(token, id);

            assertThat(route.name()).contains(json.get("name").asString());
            assertThat(route.distance()).isEqualTo(json.get("distance").asDouble());
            assertThat(route.isPrivate()).isEqualTo(json.get("private").asBoolean());
            assertThat(route.athlete().map(a -> a.id())).contains(marianne.id().value());
            assertThat(route.segments()).hasSize(json.get("segments").size());
            assertNothingDropped(json, Route.class);
        }
        assertThat(list.size()).isPositive();
    }

    @Test
    void starredSegmentsAndSegment_answerTheRawSegments_withTheAthletesRecord_andDropNothing() {
        JsonNode starred = raw("/segments/starred");

        List<Segment> summaries = client.starredSegments(token, 1, 30);

        assertThat(summaries).hasSize(starred.size()).isNotEmpty();
        assertNothingDropped(starred, Segment.class);
        for (Segment summary : summaries) {
            JsonNode json = raw("/segments/" + summary.id());

            Segment segment = client.segment(token, summary.id());

            assertThat(summary.resourceState()).isEqualTo(2);
            assertThat(segment.resourceState()).isEqualTo(3);
            assertThat(segment.name()).contains(json.get("name").asString());
            assertThat(segment.averageGrade())
                    .isEqualTo(json.get("average_grade").asDouble());
            assertThat(segment.starred()).isTrue();
            assertThat(segment.effortCount()).hasValue(json.get("effort_count").asInt());
            assertThat(segment.athleteSegmentStats().map(Segment.Stats::effortCount))
                    .contains(json.get("athlete_segment_stats")
                            .get("effort_count")
                            .asInt());
            assertNothingDropped(json, Segment.class);
        }
    }

    @Test
    void clubsAndClub_answerTheRawClubs_andDropNothing() {
        JsonNode list = raw("/athlete/clubs");

        List<Club> clubs = client.clubs(token, 1, 30);

        assertThat(clubs).hasSize(list.size()).isNotEmpty();
        assertNothingDropped(list, Club.class);
        for (Club summary : clubs) {
            JsonNode json = raw("/clubs/" + summary.id());

            Club club = client.club(token, summary.id());

            assertThat(club.resourceState()).isEqualTo(3);
            assertThat(club.name()).contains(json.get("name").asString());
            assertThat(club.memberCount()).isEqualTo(json.get("member_count").asInt());
            assertThat(club.activityTypes()).hasSize(json.get("activity_types").size());
            assertThat(club.clubType()).contains(json.get("club_type").asString());
            assertNothingDropped(json, Club.class);
        }
    }

    @Test
    void upload_answersTheRawStatus_untilTheActivityIsReady() throws InterruptedException {
        long id = postUpload();
        JsonNode json = raw("/uploads/" + id);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (json.get("activity_id").isNull()
                && json.get("error").isNull()
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
            json = raw("/uploads/" + id);
        }

        Upload upload = client.upload(token, id);

        assertThat(upload.done()).isTrue();
        assertThat(upload.id()).isEqualTo(id);
        assertThat(upload.status()).contains(json.get("status").asString());
        assertThat(upload.activityId()).hasValue(json.get("activity_id").asLong());
        assertThat(upload.externalId()).contains(json.get("external_id").asString());
        assertNothingDropped(json, Upload.class);
    }

    private List<Long> activityIds() {
        JsonNode list = client.get(token, "/athlete/activities", java.util.Map.of("per_page", "50"))
                .body();
        List<Long> ids = new java.util.ArrayList<>();
        list.forEach(item -> ids.add(item.get("id").asLong()));
        return ids;
    }

    private long postUpload() {
        String boundary = "typed-calls-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"data_type\"\r\n\r\ngpx\r\n"
                        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"typed.gpx\""
                        + "\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(TestTracks.utf8(TestTracks.gpx(TestTracks.ride(Instant.parse("2026-01-05T08:00:00Z")))));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        Http.Response response = server.http()
                .postRaw(
                        "/api/v3/uploads",
                        "multipart/form-data; boundary=" + boundary,
                        body.toByteArray(),
                        "Authorization",
                        "Bearer " + token);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asLong();
    }
}
