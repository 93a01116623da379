package dev.switchback.server.api;

import static dev.switchback.server.testing.Faults.fault;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.api.activity.ActivityId;
import dev.switchback.server.testing.Faults;
import dev.switchback.server.testing.Http;
import dev.switchback.testing.HttpTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The activity endpoints over HTTP (contract#scope-matrix, contract#summary-activity, contract#detailed-activity, contract#updatable-activity): lists and paging, the detailed activity,
 * manual activities, updates, laps and streams, with Strava's shapes and error bodies. Tests that write
 * make activities of their own, so they share one server.
 */
@HttpTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ActivitiesApiTest {
    private static final String READ = "read,activity:read";
    private static final String READ_ALL = "read,activity:read_all";
    private static final String WRITE = "read,activity:write";
    private static final String WRITE_ALL = "read,activity:read_all,activity:write";
    private static final String NOT_FOUND = fault("Record Not Found", "Activity", "id", "invalid");
    static final List<String> SUMMARY_KEYS = List.of(
            "resource_state",
            "athlete",
            "name",
            "distance",
            "moving_time",
            "elapsed_time",
            "total_elevation_gain",
            "type",
            "sport_type",
            "workout_type",
            "id",
            "start_date",
            "start_date_local",
            "timezone",
            "utc_offset",
            "location_city",
            "location_state",
            "location_country",
            "achievement_count",
            "kudos_count",
            "comment_count",
            "athlete_count",
            "photo_count",
            "map",
            "trainer",
            "commute",
            "manual",
            "private",
            "visibility",
            "flagged",
            "gear_id",
            "start_latlng",
            "end_latlng",
            "average_speed",
            "max_speed",
            "average_cadence",
            "has_heartrate",
            "average_heartrate",
            "max_heartrate",
            "heartrate_opt_out",
            "display_hide_heartrate_option",
            "elev_high",
            "elev_low",
            "upload_id",
            "external_id",
            "from_accepted_tag",
            "pr_count",
            "total_photo_count",
            "has_kudoed",
            "device_name");

    private ApiFixture fixture;

    @BeforeAll
    void start() {
        fixture = new ApiFixture();
    }

    @AfterAll
    void stop() {
        fixture.close();
    }

    private static List<ActivityId> ids(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<ActivityId> ids = new ArrayList<>();
        response.json().forEach(item -> ids.add(new ActivityId(item.get("id").asLong())));
        return ids;
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.propertyNames().forEach(keys::add);
        return keys;
    }

    // --- GET /athlete/activities ------------------------------------------------------------------

    @Test
    void aLargeJsonResponse_isGzippedForAClientThatAcceptsIt_andPlainForOneThatDoesNot() throws Exception {
        HttpResponse<byte[]> gzipped = rawGet("/api/v3/athlete/activities", "gzip");
        HttpResponse<byte[]> plain = rawGet("/api/v3/athlete/activities", null);

        assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gzipped.headers().firstValue("Content-Type"))
                .get()
                .asString()
                .startsWith("application/json");
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(plain.body().length).isGreaterThan(1500);
        assertThat(gunzip(gzipped.body())).isEqualTo(new String(plain.body(), StandardCharsets.UTF_8));
    }

    @Test
    void aResponseLongerThanTheCopyBuffer_arrivesWhole_gzippedAndPlain() throws Exception {
        HttpResponse<byte[]> gzipped = rawGet("/api/v3/athlete/activities", "gzip");
        HttpResponse<byte[]> plain = rawGet("/api/v3/athlete/activities", null);

        assertThat(plain.body().length).isGreaterThan(4096); // Javalin copies a body 4 KiB at a time
        assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        String body = new String(plain.body(), StandardCharsets.UTF_8);
        assertThat(gunzip(gzipped.body())).isEqualTo(body);
        assertThat(new JsonMapper().readTree(body).size())
                .isEqualTo(
                        ids(fixture.get("/api/v3/athlete/activities", READ_ALL)).size());
    }

    @Test
    void aSmallJsonResponse_isSentPlain_evenToAClientThatAcceptsGzip() throws Exception {
        HttpResponse<byte[]> response = rawGet("/api/v3/athlete", "gzip");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
    }

    private HttpResponse<byte[]> rawGet(String path, String acceptEncoding) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fixture.server.baseUrl() + path))
                .header("Authorization", fixture.bearer(READ_ALL));
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String gunzip(byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void list_withActivityRead_returnsOwnEveryoneAndFollowersActivities_newestFirst() {
        assertThat(ids(fixture.get("/api/v3/athlete/activities", READ)))
                .startsWith(fixture.followers.id(), fixture.everyone.id())
                .doesNotContain(fixture.onlyMe.id(), fixture.paulines.id());
    }

    @Test
    void list_withActivityReadAll_includesOnlyMeActivities() {
        assertThat(ids(fixture.get("/api/v3/athlete/activities", READ_ALL)))
                .containsSubsequence(fixture.onlyMe.id(), fixture.followers.id(), fixture.everyone.id())
                .doesNotContain(fixture.paulines.id());
    }

    @Test
    void list_withoutActivityRead_is401ActivityReadPermissionMissing() {
        for (String scope : List.of("read", WRITE, "read,read_all,profile:read_all")) {
            Http.Response response = fixture.get("/api/v3/athlete/activities", scope);

            assertThat(response.status()).as(scope).isEqualTo(401);
            assertThat(response.body())
                    .isEqualTo(fault("Authorization Error", "AccessToken", "activity:read_permission", "missing"));
        }
    }

    @Test
    void list_itemsAreSummaryActivities_withStravasKeysInOrder() {
        JsonNode item = fixture.get(
                        "/api/v3/athlete/activities?before="
                                + ApiFixture.DAY.plusSeconds(1).getEpochSecond(),
                        READ_ALL)
                .json()
                .get(0);

        assertThat(keys(item)).containsExactlyElementsOf(SUMMARY_KEYS);
        assertThat(item.get("resource_state").asInt()).isEqualTo(2);
        assertThat(item.get("id").asLong()).isEqualTo(fixture.everyone.id().value());
        assertThat(item.get("athlete").toString())
                .isEqualTo("{\"id\":" + fixture.marianne.id().value() + ",\"resource_state\":1}");
        assertThat(item.get("type").asString()).isEqualTo("Ride");
        assertThat(item.get("visibility").asString()).isEqualTo("everyone");
        assertThat(item.get("private").asBoolean()).isFalse();
        assertThat(item.get("start_date").asString()).isEqualTo("2026-02-26T10:00:00Z");
        // contract#activity-time-zone: 45 N 6 E is in Savoie, France (it read "(GMT+00:00) Z" by longitude)
        assertThat(item.get("start_date_local").asString()).isEqualTo("2026-02-26T11:00:00Z");
        assertThat(item.get("timezone").asString()).isEqualTo("(GMT+01:00) Europe/Paris");
        assertThat(item.get("utc_offset").asDouble()).isEqualTo(3600.0);
        assertThat(item.get("map").toString())
                .startsWith("{\"id\":\"a" + fixture.everyone.id() + "\",\"summary_polyline\":\"")
                .endsWith("\"resource_state\":2}");
        assertThat(item.get("distance").asDouble()).isBetween(2700.0, 2750.0);
        assertThat(item.get("total_elevation_gain").asDouble()).isEqualTo(30.0);
    }

    @Test
    void list_pagesWithPageAndPerPage() {
        List<ActivityId> all = ids(fixture.get("/api/v3/athlete/activities?per_page=200", READ_ALL));

        assertThat(ids(fixture.get("/api/v3/athlete/activities?per_page=1&page=2", READ_ALL)))
                .containsExactly(all.get(1));
        assertThat(ids(fixture.get("/api/v3/athlete/activities?per_page=2&page=1", READ_ALL)))
                .containsExactly(all.get(0), all.get(1));
        assertThat(ids(fixture.get("/api/v3/athlete/activities?page=99", READ_ALL)))
                .isEmpty();
    }

    @Test
    void list_beforeAndAfter_boundTheStartTime_andAfterAloneListsOldestFirst() {
        long day = ApiFixture.DAY.getEpochSecond();

        assertThat(ids(fixture.get("/api/v3/athlete/activities?before=" + (day + 1), READ_ALL)))
                .contains(fixture.everyone.id())
                .doesNotContain(fixture.followers.id(), fixture.onlyMe.id());
        assertThat(ids(fixture.get(
                        "/api/v3/athlete/activities?after=" + (day - 1) + "&before=" + (day + 24 * 3600), READ_ALL)))
                .containsExactly(fixture.followers.id(), fixture.everyone.id());
        assertThat(ids(fixture.get("/api/v3/athlete/activities?after=" + (day - 1), READ_ALL)))
                .startsWith(fixture.everyone.id(), fixture.followers.id(), fixture.onlyMe.id());
    }

    @Test
    void list_perPageOrPageOutOfRange_orNotNumbers_is400() {
        for (String query : List.of(
                "per_page=0",
                "per_page=201",
                "per_page=abc",
                "page=0",
                "page=-1",
                "before=yesterday",
                "after=1e400",
                "per_page=1&per_page=2")) {
            Http.Response response = fixture.get("/api/v3/athlete/activities?" + query, READ);

            Faults.assertStravaShaped4xx(response);
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.json().at("/errors/0/resource").asString()).isEqualTo("Activity");
        }
        assertThat(fixture.get("/api/v3/athlete/activities?per_page=200", READ).status())
                .isEqualTo(200);
    }

    // --- GET /activities/{id} ---------------------------------------------------------------------

    @Test
    void get_ownActivity_isADetailedActivity_withPolylineLapsAndSplits() {
        JsonNode activity = fixture.get(
                        "/api/v3/activities/" + fixture.followers.id() + "?include_all_efforts=true", READ)
                .json();

        assertThat(keys(activity)).startsWith(SUMMARY_KEYS.subList(0, 23).toArray(String[]::new));
        assertThat(keys(activity))
                .containsSubsequence(
                        "has_kudoed",
                        "device_name",
                        "description",
                        "calories",
                        "segment_efforts",
                        "splits_metric",
                        "splits_standard",
                        "laps",
                        "best_efforts",
                        "photos",
                        "stats_visibility",
                        "hide_from_home",
                        "available_zones");
        assertThat(activity.get("resource_state").asInt()).isEqualTo(3);
        assertThat(activity.get("visibility").asString()).isEqualTo("followers_only");
        assertThat(keys(activity.get("map"))).containsExactly("id", "polyline", "resource_state", "summary_polyline");
        assertThat(activity.at("/map/polyline").asString())
                .hasSizeGreaterThan(
                        activity.at("/map/summary_polyline").asString().length());
        assertThat(activity.get("laps")).hasSize(1);
        assertThat(activity.get("splits_metric")).hasSize(3);
        assertThat(activity.at("/splits_metric/0/distance").asDouble()).isBetween(1000.0, 1010.0);
        assertThat(activity.get("splits_standard")).hasSize(2);
        assertThat(activity.get("device_name").asString()).isEqualTo("Switchback test device");
        assertThat(activity.get("upload_id").isNull()).isTrue();
    }

    @Test
    void get_onlyMeActivity_isNotFoundWithActivityRead_andFoundWithActivityReadAll() {
        String path = "/api/v3/activities/" + fixture.onlyMe.id();

        Http.Response hidden = fixture.get(path, READ);
        Http.Response shown = fixture.get(path, READ_ALL);

        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.body()).isEqualTo(NOT_FOUND);
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.json().get("private").asBoolean()).isTrue();
        assertThat(shown.json().get("visibility").asString()).isEqualTo("only_me");
    }

    @Test
    void get_anotherAthletesActivity_unknownOrNonNumericIds_areRecordNotFound() {
        for (String id :
                List.of(fixture.paulines.id().toString(), "999999", "abc", "1.5", "-1", "99999999999999999999")) {
            Http.Response response = fixture.get("/api/v3/activities/" + id, READ_ALL);

            assertThat(response.status()).as(id).isEqualTo(404);
            assertThat(response.body()).isEqualTo(NOT_FOUND);
        }
    }

    @Test
    void get_withoutActivityRead_is401() {
        Http.Response response = fixture.get("/api/v3/activities/" + fixture.everyone.id(), WRITE);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body())
                .isEqualTo(fault("Authorization Error", "AccessToken", "activity:read_permission", "missing"));
    }

    // --- POST /activities -------------------------------------------------------------------------

    @Test
    void create_manualActivityFromAForm_is201DetailedActivityWithManualTrue() {
        Http.Response response = fixture.postForm(
                "/api/v3/activities",
                WRITE,
                Http.form(
                        "name",
                        "Treadmill",
                        "sport_type",
                        "Run",
                        "start_date_local",
                        "2025-10-18 19:04:26 -0400",
                        "elapsed_time",
                        "1234",
                        "distance",
                        "1000",
                        "description",
                        "Easy",
                        "trainer",
                        "1",
                        "commute",
                        "false",
                        "photo_ids",
                        ""));

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        JsonNode activity = response.json();
        assertThat(activity.get("resource_state").asInt()).isEqualTo(3);
        assertThat(activity.get("manual").asBoolean()).isTrue();
        assertThat(activity.get("trainer").asBoolean()).isTrue();
        assertThat(activity.get("start_date").asString()).isEqualTo("2025-10-18T23:04:26Z");
        assertThat(activity.get("start_date_local").asString()).isEqualTo("2025-10-18T19:04:26Z");
        assertThat(activity.get("utc_offset").asDouble()).isEqualTo(-14400.0);
        assertThat(activity.get("average_speed").asDouble()).isEqualTo(0.81);
        assertThat(activity.get("description").asString()).isEqualTo("Easy");
        assertThat(activity.get("start_latlng")).isEmpty();
        assertThat(activity.get("map").toString())
                .isEqualTo("{\"id\":\"a" + activity.get("id").asLong()
                        + "\",\"polyline\":\"\",\"resource_state\":3,\"summary_polyline\":\"\"}");
        assertThat(activity.has("upload_id_str")).isFalse();
        assertThat(activity.has("laps")).isFalse();
        assertThat(activity.get("upload_id").isNull()).isTrue();
    }

    @Test
    void create_fromJson_withTheDeprecatedType_works() {
        Http.Response response = fixture.server
                .http()
                .postJson(
                        "/api/v3/activities",
                        "{\"name\":\"Swim\",\"type\":\"Swim\",\"start_date_local\":\"2026-02-01T07:00:00Z\",\"elapsed_time\":1800}",
                        "Authorization",
                        fixture.bearer(WRITE));

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.json().get("sport_type").asString()).isEqualTo("Swim");
        assertThat(response.json().get("visibility").asString()).isEqualTo("everyone");
    }

    @Test
    void create_withAMissingOrBadRequiredField_is400NamingIt() {
        List<String[]> cases = List.of(
                new String[] {
                    "name", "sport_type", "Run", "start_date_local", "2026-02-01T07:00:00Z", "elapsed_time", "60"
                },
                new String[] {
                    "sport_type", "name", "x", "start_date_local", "2026-02-01T07:00:00Z", "elapsed_time", "60"
                },
                new String[] {
                    "sport_type",
                    "name",
                    "x",
                    "sport_type",
                    "Running",
                    "start_date_local",
                    "2026-02-01T07:00:00Z",
                    "elapsed_time",
                    "60"
                },
                new String[] {
                    "type",
                    "name",
                    "x",
                    "type",
                    "MountainBikeRide",
                    "start_date_local",
                    "2026-02-01T07:00:00Z",
                    "elapsed_time",
                    "60"
                },
                new String[] {
                    "start_date_local",
                    "name",
                    "x",
                    "sport_type",
                    "Run",
                    "start_date_local",
                    "yesterday",
                    "elapsed_time",
                    "60"
                },
                new String[] {
                    "start_date_local",
                    "name",
                    "x",
                    "sport_type",
                    "Run",
                    "start_date_local",
                    "2026-02-30T07:00:00Z",
                    "elapsed_time",
                    "60"
                },
                new String[] {
                    "elapsed_time", "name", "x", "sport_type", "Run", "start_date_local", "2026-02-01T07:00:00Z"
                },
                new String[] {
                    "elapsed_time",
                    "name",
                    "x",
                    "sport_type",
                    "Run",
                    "start_date_local",
                    "2026-02-01T07:00:00Z",
                    "elapsed_time",
                    "-5"
                },
                new String[] {
                    "distance",
                    "name",
                    "x",
                    "sport_type",
                    "Run",
                    "start_date_local",
                    "2026-02-01T07:00:00Z",
                    "elapsed_time",
                    "60",
                    "distance",
                    "far"
                },
                new String[] {
                    "trainer",
                    "name",
                    "x",
                    "sport_type",
                    "Run",
                    "start_date_local",
                    "2026-02-01T07:00:00Z",
                    "elapsed_time",
                    "60",
                    "trainer",
                    "maybe"
                });
        long before = count();
        for (String[] c : cases) {
            String[] form = java.util.Arrays.copyOfRange(c, 1, c.length);
            Http.Response response = fixture.postForm("/api/v3/activities", WRITE, Http.form(form));

            assertThat(response.status()).as(String.join(" ", c)).isEqualTo(400);
            assertThat(response.body()).isEqualTo(fault("Bad Request", "Activity", c[0], "invalid"));
        }
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void create_withMalformedJson_is400_andMakesNothing() {
        long before = count();

        Http.Response response = fixture.server
                .http()
                .postJson("/api/v3/activities", "{\"name\":\"x\",", "Authorization", fixture.bearer(WRITE));

        Faults.assertStravaShaped4xx(response);
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void create_withoutActivityWrite_is401ActivityWritePermissionMissing() {
        Http.Response response = fixture.postForm(
                "/api/v3/activities",
                READ_ALL,
                Http.form(
                        "name",
                        "x",
                        "sport_type",
                        "Run",
                        "start_date_local",
                        "2026-02-01T07:00:00Z",
                        "elapsed_time",
                        "60"));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body())
                .isEqualTo(fault("Authorization Error", "AccessToken", "activity:write_permission", "missing"));
    }

    private long count() {
        return dev.switchback.server.testing.Tables.count(fixture.server, "activities");
    }

    // --- PUT /activities/{id} ---------------------------------------------------------------------

    @Test
    void update_withJson_changesWhatItNames_andTypeIsIgnoredBesideSportType() {
        ActivityId id = fixture.ride(
                        fixture.marianne,
                        ApiFixture.DAY.minusSeconds(86_400 * 10),
                        dev.switchback.api.activity.Visibility.EVERYONE)
                .id();

        Http.Response response = fixture.putJson(
                "/api/v3/activities/" + id,
                WRITE,
                "{\"name\":\"Col du Galibier\",\"sport_type\":\"GravelRide\",\"type\":\"Run\",\"commute\":true,"
                        + "\"hide_from_home\":true,\"description\":\"Windy\",\"gear_id\":\"none\"}");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode activity = response.json();
        assertThat(activity.get("name").asString()).isEqualTo("Col du Galibier");
        assertThat(activity.get("sport_type").asString()).isEqualTo("GravelRide");
        assertThat(activity.get("type").asString()).isEqualTo("Ride");
        assertThat(activity.get("commute").asBoolean()).isTrue();
        assertThat(activity.get("trainer").asBoolean()).isFalse();
        assertThat(activity.get("hide_from_home").asBoolean()).isTrue();
        assertThat(activity.get("description").asString()).isEqualTo("Windy");
        assertThat(fixture.get("/api/v3/activities/" + id, READ)
                        .json()
                        .get("name")
                        .asString())
                .isEqualTo("Col du Galibier");
    }

    @Test
    void update_withAForm_asStravasRubyClientSendsIt() {
        ActivityId id = fixture.ride(
                        fixture.marianne,
                        ApiFixture.DAY.minusSeconds(86_400 * 11),
                        dev.switchback.api.activity.Visibility.EVERYONE)
                .id();

        Http.Response response = fixture.putForm(
                "/api/v3/activities/" + id,
                WRITE,
                Http.form("description", "Tempo", "name", "Tuesday", "trainer", "1"));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("name").asString()).isEqualTo("Tuesday");
        assertThat(response.json().get("trainer").asBoolean()).isTrue();
    }

    @Test
    void update_onlyMeActivity_needsActivityReadAll() {
        String path = "/api/v3/activities/" + fixture.onlyMe.id();

        Http.Response hidden = fixture.putJson(path, WRITE, "{\"description\":\"secret\"}");
        Http.Response updated = fixture.putJson(path, WRITE_ALL, "{\"description\":\"secret\"}");

        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.body()).isEqualTo(NOT_FOUND);
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("description").asString()).isEqualTo("secret");
    }

    @Test
    void update_refusals_withoutWriteScope_anotherAthletes_badValues() {
        String own = "/api/v3/activities/" + fixture.everyone.id();

        Http.Response noScope = fixture.putJson(own, READ_ALL, "{\"name\":\"x\"}");
        Http.Response foreign =
                fixture.putJson("/api/v3/activities/" + fixture.paulines.id(), WRITE_ALL, "{\"name\":\"x\"}");
        Http.Response badSport = fixture.putJson(own, WRITE, "{\"sport_type\":\"Unicycle\"}");
        Http.Response badGear = fixture.putJson(own, WRITE, "{\"gear_id\":\"b12345\"}");
        Http.Response blankName = fixture.putJson(own, WRITE, "{\"name\":\"  \"}");
        Http.Response notAnObject = fixture.putJson(own, WRITE, "[1,2]");

        assertThat(noScope.body())
                .isEqualTo(fault("Authorization Error", "AccessToken", "activity:write_permission", "missing"));
        assertThat(foreign.body()).isEqualTo(NOT_FOUND);
        assertThat(badSport.body()).isEqualTo(fault("Bad Request", "Activity", "sport_type", "invalid"));
        assertThat(badGear.body()).isEqualTo(fault("Bad Request", "Activity", "gear_id", "invalid"));
        assertThat(blankName.body()).isEqualTo(fault("Bad Request", "Activity", "name", "invalid"));
        Faults.assertStravaShaped4xx(notAnObject);
        assertThat(fixture.get(own, READ).json().get("name").asString())
                .isEqualTo(fixture.everyone.details().name());
    }

    // --- laps and streams -------------------------------------------------------------------------

    @Test
    void laps_areStravasLaps() {
        Http.Response response = fixture.get("/api/v3/activities/" + fixture.followers.id() + "/laps", READ);

        assertThat(response.status()).isEqualTo(200);
        JsonNode lap = response.json().get(0);
        assertThat(keys(lap))
                .containsExactly(
                        "id",
                        "resource_state",
                        "name",
                        "activity",
                        "athlete",
                        "elapsed_time",
                        "moving_time",
                        "start_date",
                        "start_date_local",
                        "distance",
                        "start_index",
                        "end_index",
                        "total_elevation_gain",
                        "average_speed",
                        "max_speed",
                        "average_cadence",
                        "average_heartrate",
                        "max_heartrate",
                        "lap_index",
                        "split");
        assertThat(lap.get("name").asString()).isEqualTo("Lap 1");
        assertThat(lap.get("elapsed_time").asInt()).isEqualTo(600);
        assertThat(lap.get("end_index").asInt()).isEqualTo(600);
        assertThat(lap.at("/activity/id").asLong())
                .isEqualTo(fixture.followers.id().value());
        assertThat(fixture.get("/api/v3/activities/" + fixture.onlyMe.id() + "/laps", READ)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void streams_keyedByType_areAnObjectOfStreamsWithoutType() {
        JsonNode streams = fixture.get(
                        "/api/v3/activities/" + fixture.followers.id()
                                + "/streams?keys=latlng,time,altitude&key_by_type=true",
                        READ_ALL)
                .json();

        assertThat(keys(streams)).containsExactly("time", "latlng", "distance", "altitude");
        assertThat(keys(streams.get("latlng"))).containsExactly("data", "series_type", "original_size", "resolution");
        assertThat(streams.at("/latlng/data/0").toString()).isEqualTo("[45.0,6.0]");
        assertThat(streams.at("/time/data")).hasSize(601);
        assertThat(streams.at("/time/data/600").asInt()).isEqualTo(600);
        assertThat(streams.at("/distance/series_type").asString()).isEqualTo("distance");
        assertThat(streams.at("/distance/original_size").asInt()).isEqualTo(601);
        assertThat(streams.at("/distance/resolution").asString()).isEqualTo("high");
        assertThat(streams.at("/altitude/data/600").asDouble()).isEqualTo(230.0);
    }

    @Test
    void streams_notKeyedByType_areAListWithType_andDistanceComesEvenUnasked() {
        JsonNode streams = fixture.get(
                        "/api/v3/activities/" + fixture.followers.id() + "/streams?keys=heartrate,cadence,watts", READ)
                .json();

        assertThat(streams.isArray()).isTrue();
        assertThat(streams)
                .extracting(s -> s.get("type").asString())
                .containsExactly("distance", "heartrate", "cadence");
        assertThat(keys(streams.get(0))).containsExactly("type", "data", "series_type", "original_size", "resolution");
        assertThat(streams.get(1).at("/data/5").asInt()).isEqualTo(140);
    }

    @Test
    void streams_byThePathForm_andOfAManualActivity_andOfAHiddenOne() {
        long manual = fixture.postForm(
                        "/api/v3/activities",
                        WRITE,
                        Http.form(
                                "name",
                                "Gym",
                                "sport_type",
                                "WeightTraining",
                                "start_date_local",
                                "2026-02-01T07:00:00Z",
                                "elapsed_time",
                                "600"))
                .json()
                .get("id")
                .asLong();

        JsonNode byPath = fixture.get("/api/v3/activities/" + fixture.followers.id() + "/streams/time,latlng", READ)
                .json();
        Http.Response ofManual =
                fixture.get("/api/v3/activities/" + manual + "/streams?keys=time&key_by_type=true", READ);
        Http.Response hidden = fixture.get("/api/v3/activities/" + fixture.onlyMe.id() + "/streams?keys=time", READ);

        assertThat(byPath).extracting(s -> s.get("type").asString()).containsExactly("time", "latlng", "distance");
        assertThat(ofManual.body()).isEqualTo("{}");
        assertThat(hidden.body()).isEqualTo(NOT_FOUND);
    }

    // --- rate limits ------------------------------------------------------------------------------

    @Test
    void everyActivityEndpoint_carriesTheRateLimitHeaders_andManualCreationIsOutsideTheReadBucket() {
        Http.Response list = fixture.get("/api/v3/athlete/activities", WRITE_ALL);
        Http.Response created = fixture.postForm(
                "/api/v3/activities",
                WRITE_ALL,
                Http.form(
                        "name",
                        "x",
                        "sport_type",
                        "Run",
                        "start_date_local",
                        "2026-02-01T07:00:00Z",
                        "elapsed_time",
                        "60"));
        Http.Response refused = fixture.get("/api/v3/activities/abc", WRITE_ALL);

        for (Http.Response response : List.of(list, created, refused)) {
            assertThat(response.header("X-RateLimit-Limit")).isPresent();
            assertThat(response.header("X-ReadRateLimit-Usage")).isPresent();
        }
        String readAfterList = list.header("X-ReadRateLimit-Usage").orElseThrow();
        String readAfterCreate = created.header("X-ReadRateLimit-Usage").orElseThrow();
        assertThat(readAfterCreate).isEqualTo(readAfterList);
        assertThat(created.header("X-RateLimit-Usage")).isNotEqualTo(list.header("X-RateLimit-Usage"));
    }
}
