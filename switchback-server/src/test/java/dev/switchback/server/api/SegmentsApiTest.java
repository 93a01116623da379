package dev.switchback.server.api;

import static dev.switchback.server.testing.Faults.assertStravaShaped4xx;
import static dev.switchback.server.testing.Faults.fault;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.api.activity.ActivityId;
import dev.switchback.api.activity.TrackImport;
import dev.switchback.api.activity.Visibility;
import dev.switchback.api.geo.GeoPoint;
import dev.switchback.api.segment.NewSegment;
import dev.switchback.api.segment.Segment;
import dev.switchback.api.segment.SegmentActivityType;
import dev.switchback.api.testing.TestTracks;
import dev.switchback.athlete.Athlete;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The segment rows of contract#scope-matrix over HTTP: {@code GET /segments/{id}} ({@code read}; private segments and
 * athlete-specific data need {@code read_all}), {@code GET /segments/starred} (private filtered without
 * {@code read_all}), {@code PUT /segments/{id}/starred} ({@code profile:write}) and {@code GET /segments/explore}.
 */
@HttpTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SegmentsApiTest {
    private static final String SEGMENT_NOT_FOUND = fault("Record Not Found", "Segment", "id", "invalid");
    private static final String PROFILE_WRITE_MISSING =
            fault("Authorization Error", "AccessToken", "profile:write_permission", "missing");
    private static final List<String> DETAILED_KEYS = List.of(
            "id",
            "resource_state",
            "name",
            "activity_type",
            "distance",
            "average_grade",
            "maximum_grade",
            "elevation_high",
            "elevation_low",
            "start_latlng",
            "end_latlng",
            "climb_category",
            "city",
            "state",
            "country",
            "private",
            "hazardous",
            "starred",
            "created_at",
            "updated_at",
            "total_elevation_gain",
            "map",
            "effort_count",
            "athlete_count",
            "star_count");
    /** Hawk Hill: about 1.6 km at 13%, a category 3 climb (climb_category 2: 1 is category 4, 5 hors catégorie). */
    private static final List<GeoPoint> HAWK_HILL = List.of(
            GeoPoint.of(37.8326, -122.4830, 62),
            GeoPoint.of(37.8305, -122.4898, 120),
            GeoPoint.of(37.8289, -122.4942, 190),
            GeoPoint.of(37.8265, -122.4990, 280));

    private static final List<GeoPoint> FLAT =
            List.of(GeoPoint.of(37.8055, -122.4640, 3), GeoPoint.of(37.8040, -122.4490, 3));

    private TestServer server;
    private Athlete marianne;
    private Athlete otto;
    private Segment hawkHill;
    private Segment crissyField;
    private Segment mySecret;
    private Segment ottosSecret;
    private ActivityId marianneBest;
    private String read;
    private String readAll;
    private String readWrite;
    private String readAllWrite;
    private String ottoReadAll;

    @BeforeAll
    void start() {
        server = TestServer.start();
        marianne = server.createAthlete("marianne");
        otto = server.createAthlete("otto");
        hawkHill = server.switchback()
                .segments()
                .create(NewSegment.of("Hawk Hill", SegmentActivityType.RIDE, HAWK_HILL)
                        .in("Sausalito", "CA", "United States"));
        crissyField =
                server.switchback().segments().create(NewSegment.of("Crissy Field", SegmentActivityType.RUN, FLAT));
        mySecret = server.switchback()
                .segments()
                .create(NewSegment.of("My secret", SegmentActivityType.RIDE, HAWK_HILL)
                        .createdBy(marianne.id())
                        .asPrivate());
        ottosSecret = server.switchback()
                .segments()
                .create(NewSegment.of("Otto's secret", SegmentActivityType.RIDE, HAWK_HILL)
                        .createdBy(otto.id())
                        .asPrivate());
        // Their records come from rides up Hawk Hill (contract#segment-efforts): three of Marianne's, one of Otto's.
        marianneBest = climb(marianne, "2026-02-14T16:20:00Z", 431);
        climb(marianne, "2026-02-10T16:20:00Z", 460);
        climb(marianne, "2026-02-20T16:20:00Z", 520);
        climb(otto, "2026-02-01T08:00:00Z", 500);
        read = bearer("marianne", "read");
        readAll = bearer("marianne", "read,read_all");
        readWrite = bearer("marianne", "read,profile:write");
        readAllWrite = bearer("marianne", "read,read_all,profile:write");
        ottoReadAll = bearer("otto", "read,read_all,profile:write");
    }

    /** A ride up Hawk Hill, foot to top, in {@code seconds}. */
    private ActivityId climb(Athlete athlete, String start, int seconds) {
        double[][] path = HAWK_HILL.stream()
                .map(p -> new double[] {p.latitude(), p.longitude(), p.altitude()})
                .toArray(double[][]::new);
        return server.switchback()
                .activities()
                .importTrack(
                        athlete.id(),
                        TestTracks.along(Instant.parse(start), seconds, "Ride", path),
                        TrackImport.of(Visibility.EVERYONE))
                .id();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private String bearer(String username, String scope) {
        return Flows.bearerOfNewApp(server, username, scope);
    }

    private Http.Response get(String path, String bearer) {
        return server.http().get("/api/v3" + path, "Authorization", bearer);
    }

    private Http.Response putForm(String path, String form, String bearer) {
        return server.http()
                .send(
                        "PUT",
                        "/api/v3" + path,
                        "application/x-www-form-urlencoded",
                        form.getBytes(StandardCharsets.UTF_8),
                        "Authorization",
                        bearer);
    }

    private Segment newPublicSegment(String name) {
        return server.switchback().segments().create(NewSegment.of(name, SegmentActivityType.RIDE, FLAT));
    }

    // --- GET /segments/{id} -----------------------------------------------------------------------

    @Test
    void getSegment_public_withRead_isADetailedSegment_withoutTheAthletesOwnData() {
        Http.Response response = get("/segments/" + hawkHill.id(), read);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode segment = response.json();
        assertThat(segment.propertyNames()).containsExactlyElementsOf(DETAILED_KEYS);
        assertThat(segment.get("resource_state").asInt()).isEqualTo(3);
        assertThat(segment.get("name").asString()).isEqualTo("Hawk Hill");
        assertThat(segment.get("activity_type").asString()).isEqualTo("Ride");
        assertThat(segment.get("start_latlng").toString()).isEqualTo("[37.8326,-122.483]");
        assertThat(segment.get("end_latlng").toString()).isEqualTo("[37.8265,-122.499]");
        assertThat(segment.get("elevation_high").asDouble()).isEqualTo(280.0);
        assertThat(segment.get("elevation_low").asDouble()).isEqualTo(62.0);
        assertThat(segment.get("average_grade").asDouble()).isBetween(11.0, 14.0);
        assertThat(segment.get("climb_category").asInt()).isEqualTo(2);
        assertThat(segment.get("city").asString()).isEqualTo("Sausalito");
        assertThat(segment.get("map").get("id").asString()).isEqualTo("s" + hawkHill.id());
        assertThat(segment.get("effort_count").asInt()).isEqualTo(4);
        assertThat(segment.get("athlete_count").asInt()).isEqualTo(2);
        assertThat(segment.has("athlete_segment_stats")).isFalse();
        assertThat(segment.has("athlete_pr_effort")).isFalse();
    }

    @Test
    void getSegment_withReadAll_carriesTheAthletesSegmentStatsAndPrEffort() {
        JsonNode segment = get("/segments/" + hawkHill.id(), readAll).json();

        assertThat(segment.get("athlete_segment_stats").toString())
                .isEqualTo("{\"pr_elapsed_time\":431,\"pr_date\":\"2026-02-14\",\"effort_count\":3}");
        assertThat(segment.get("athlete_pr_effort").toString())
                .isEqualTo("{\"pr_activity_id\":" + marianneBest
                        + ",\"pr_elapsed_time\":431,\"pr_date\":\"2026-02-14T16:20:00Z\",\"effort_count\":3}");
        assertThat(get("/segments/" + crissyField.id(), readAll)
                        .json()
                        .get("athlete_segment_stats")
                        .toString())
                .isEqualTo("{\"pr_elapsed_time\":null,\"pr_date\":null,\"effort_count\":0}");
    }

    @Test
    void getSegment_ownPrivate_is404WithRead_andShownWithReadAll() {
        Http.Response hidden = get("/segments/" + mySecret.id(), read);
        Http.Response shown = get("/segments/" + mySecret.id(), readAll);

        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.body()).isEqualTo(SEGMENT_NOT_FOUND);
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.json().get("private").asBoolean()).isTrue();
    }

    @Test
    void getSegment_anotherAthletesPrivateSegment_isHiddenEvenWithReadAll() {
        assertThat(get("/segments/" + ottosSecret.id(), readAll).body()).isEqualTo(SEGMENT_NOT_FOUND);
        assertThat(get("/segments/" + ottosSecret.id(), ottoReadAll).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"999999", "0", "-5", "hawk", "1.0", "99999999999999999999"})
    void getSegment_unknownOrNonNumericId_is404RecordNotFound(String id) {
        Http.Response response = get("/segments/" + id, readAll);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).isEqualTo(SEGMENT_NOT_FOUND);
    }

    // --- PUT /segments/{id}/starred ---------------------------------------------------------------

    @Test
    void putStarred_withoutProfileWrite_is401ProfileWritePermissionMissing_andStarsNothing() {
        Segment segment = newPublicSegment("Unstarrable");

        Http.Response response = putForm("/segments/" + segment.id() + "/starred", "starred=true", readAll);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(PROFILE_WRITE_MISSING);
        assertThat(response.header("X-RateLimit-Usage")).isPresent();
        assertThat(get("/segments/" + segment.id(), readAll)
                        .json()
                        .get("starred")
                        .asBoolean())
                .isFalse();
    }

    @Test
    void putStarred_withAForm_starsAndReturnsTheDetailedSegment() {
        Segment segment = newPublicSegment("Form star");

        Http.Response response = putForm("/segments/" + segment.id() + "/starred", "starred=true", readWrite);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().propertyNames()).containsExactlyElementsOf(DETAILED_KEYS);
        assertThat(response.json().get("starred").asBoolean()).isTrue();
        assertThat(response.json().get("star_count").asInt()).isEqualTo(1);
        assertThat(get("/segments/" + segment.id(), read).json().get("starred").asBoolean())
                .isTrue();
    }

    @Test
    void putStarred_withJsonOrQueryString_works_andFalseUnstars() {
        Segment segment = newPublicSegment("Json star");
        String path = "/api/v3/segments/" + segment.id() + "/starred";

        Http.Response json = server.http()
                .send(
                        "PUT",
                        path,
                        "application/json",
                        "{\"starred\":true}".getBytes(StandardCharsets.UTF_8),
                        "Authorization",
                        readWrite);
        Http.Response query =
                server.http().send("PUT", path + "?starred=false", null, null, "Authorization", readWrite);

        assertThat(json.json().get("starred").asBoolean()).isTrue();
        assertThat(query.status()).as(query.body()).isEqualTo(200);
        assertThat(query.json().get("starred").asBoolean()).isFalse();
        assertThat(query.json().get("star_count").asInt()).isZero();
    }

    @Test
    void putStarred_aPrivateSegment_needsReadAllToo() {
        Http.Response hidden = putForm("/segments/" + mySecret.id() + "/starred", "starred=true", readWrite);
        Http.Response others = putForm("/segments/" + ottosSecret.id() + "/starred", "starred=true", readAllWrite);
        Http.Response shown = putForm("/segments/" + mySecret.id() + "/starred", "starred=true", readAllWrite);

        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.body()).isEqualTo(SEGMENT_NOT_FOUND);
        assertThat(others.body()).isEqualTo(SEGMENT_NOT_FOUND);
        assertThat(shown.status()).as(shown.body()).isEqualTo(200);
        assertThat(shown.json().get("starred").asBoolean()).isTrue();
        putForm("/segments/" + mySecret.id() + "/starred", "starred=false", readAllWrite);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "starred=", "starred=yes", "starred=truee", "starred=true&starred=false", "starred=%ZZ"})
    void putStarred_withoutAClearBoolean_isAStravaShaped400(String form) {
        Http.Response response = putForm("/segments/" + hawkHill.id() + "/starred", form, readWrite);

        assertStravaShaped4xx(response);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("resource").asString())
                .isEqualTo("Segment");
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("starred");
    }

    @Test
    void putStarred_onAnUnknownSegment_is404() {
        assertThat(putForm("/segments/424242/starred", "starred=true", readWrite)
                        .body())
                .isEqualTo(SEGMENT_NOT_FOUND);
        assertThat(putForm("/segments/x/starred", "starred=true", readWrite).body())
                .isEqualTo(SEGMENT_NOT_FOUND);
    }

    // --- GET /segments/starred --------------------------------------------------------------------

    @Test
    void starred_filtersPrivateSegmentsWithoutReadAll_newestStarFirst_withSummaries() {
        Athlete starrer = server.createAthlete("starrer");
        Segment own = server.switchback()
                .segments()
                .create(NewSegment.of("Starrer's secret", SegmentActivityType.RUN, FLAT)
                        .createdBy(starrer.id())
                        .asPrivate());
        String write = bearer("starrer", "read,read_all,profile:write");
        String readOnly = bearer("starrer", "read");
        putForm("/segments/" + hawkHill.id() + "/starred", "starred=true", write);
        server.clock().advance(Duration.ofSeconds(1));
        putForm("/segments/" + own.id() + "/starred", "starred=true", write);
        server.clock().advance(Duration.ofSeconds(1));
        putForm("/segments/" + crissyField.id() + "/starred", "starred=true", write);

        JsonNode withReadAll = get("/segments/starred", write).json();
        JsonNode withRead = get("/segments/starred", readOnly).json();

        assertThat(names(withReadAll)).containsExactly("Crissy Field", "Starrer's secret", "Hawk Hill");
        assertThat(names(withRead)).containsExactly("Crissy Field", "Hawk Hill");
        assertThat(withRead.get(0).get("resource_state").asInt()).isEqualTo(2);
        assertThat(withRead.get(0).get("starred").asBoolean()).isTrue();
        assertThat(withRead.get(0).has("athlete_segment_stats")).isFalse();
        assertThat(withReadAll.get(0).has("athlete_segment_stats")).isTrue();
        assertThat(names(get("/segments/starred?per_page=1&page=2", write).json()))
                .containsExactly("Starrer's secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"per_page=201", "per_page=0", "page=0", "page=x"})
    void starred_withPagingOutOfRange_isAStravaShaped400(String query) {
        Http.Response response = get("/segments/starred?" + query, read);

        assertStravaShaped4xx(response);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("resource").asString())
                .isEqualTo("Segment");
    }

    // --- GET /segments/explore --------------------------------------------------------------------

    @Test
    void explore_returnsPublicExplorerSegmentsInTheBounds() {
        Http.Response response = get("/segments/explore?bounds=37.7,-122.6,37.9,-122.3", readAll);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode segments = response.json().get("segments");
        assertThat(names(segments)).contains("Hawk Hill", "Crissy Field").doesNotContain("My secret", "Otto's secret");
        JsonNode hawk = find(segments, "Hawk Hill");
        assertThat(hawk.propertyNames())
                .containsExactly(
                        "id",
                        "resource_state",
                        "name",
                        "climb_category",
                        "climb_category_desc",
                        "avg_grade",
                        "start_latlng",
                        "end_latlng",
                        "elev_difference",
                        "distance",
                        "points",
                        "starred");
        assertThat(hawk.get("climb_category_desc").asString()).isEqualTo("3");
        assertThat(hawk.get("elev_difference").asDouble()).isEqualTo(218.0);
        assertThat(hawk.get("points").asString()).isEqualTo(hawkHill.polyline());
        assertThat(hawk.get("start_latlng").toString()).isEqualTo("[37.8326,-122.483]");
    }

    @Test
    void explore_filtersByActivityTypeAndClimbCategory() {
        String box = "/segments/explore?bounds=37.7,-122.6,37.9,-122.3";

        assertThat(names(get(box + "&activity_type=running", read).json().get("segments")))
                .containsExactly("Crissy Field");
        assertThat(names(get(box + "&activity_type=riding&min_cat=2", read)
                        .json()
                        .get("segments")))
                .containsExactly("Hawk Hill");
        assertThat(names(get(box + "&max_cat=0", read).json().get("segments"))).doesNotContain("Hawk Hill");
        assertThat(get("/segments/explore?bounds=48.8,2.3,48.9,2.4", read)
                        .json()
                        .toString())
                .isEqualTo("{\"segments\":[]}");
    }

    @Test
    void explore_withoutBounds_is400BoundsMissing() {
        Http.Response response = get("/segments/explore", read);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(fault("Bad Request", "Segment", "bounds", "missing"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "bounds=",
                "bounds=a,b,c,d",
                "bounds=37.7,-122.6,37.9",
                "bounds=37.7,-122.6,37.9,-122.3,1",
                "bounds=91,0,92,1",
                "bounds=0,-181,1,0",
                "bounds=37.9,-122.3,37.7,-122.6",
                "bounds=NaN,1,2,3",
                "bounds=1e1,1,2,3",
                "bounds=Infinity,1,2,3",
                "bounds=37.7,,37.9,-122.3",
                "bounds=0x10,1,2,3"
            })
    void explore_withGarbageBounds_is400BoundsInvalid(String query) {
        Http.Response response = get("/segments/explore?" + query, read);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(fault("Bad Request", "Segment", "bounds", "invalid"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "activity_type=swimming",
                "activity_type=Ride",
                "min_cat=6",
                "max_cat=-1",
                "min_cat=x",
                "min_cat=4&max_cat=2"
            })
    void explore_withAnUnknownTypeOrCategory_isAStravaShaped400(String query) {
        Http.Response response = get("/segments/explore?bounds=37.7,-122.6,37.9,-122.3&" + query, read);

        assertStravaShaped4xx(response);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("resource").asString())
                .isEqualTo("Segment");
    }

    private static List<String> names(JsonNode segments) {
        List<String> names = new ArrayList<>();
        segments.forEach(segment -> names.add(segment.get("name").asString()));
        return names;
    }

    private static JsonNode find(JsonNode segments, String name) {
        for (JsonNode segment : segments) {
            if (segment.get("name").asString().equals(name)) {
                return segment;
            }
        }
        throw new AssertionError("no segment " + name + " in " + segments);
    }
}
