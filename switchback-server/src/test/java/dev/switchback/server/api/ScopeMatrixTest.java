package dev.switchback.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.api.activity.ActivityId;
import dev.switchback.server.testing.Http;
import dev.switchback.store.testing.TestDatabase;
import dev.switchback.testing.HttpTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rows of contract#scope-matrix for athletes, activities and uploads: each row is tried with tokens of every
 * relevant scope combination and shows what is returned (200/201), filtered, hidden (404) or refused (401,
 * with the missing scope named). Marianne's activities: Everyone, Followers, Only Me; Pauline's: Everyone.
 * On SQLite and on PostgreSQL, one fixture for each.
 */
@HttpTest
@ParameterizedClass(name = "on {0}")
@EnumSource(TestDatabase.Kind.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScopeMatrixTest {
    private static final String READ = "read";
    private static final String ACTIVITY_READ = "read,activity:read";
    private static final String ACTIVITY_READ_ALL = "read,activity:read_all";
    private static final String ACTIVITY_WRITE = "read,activity:write";
    private static final String ACTIVITY_WRITE_READ_ALL = "read,activity:read_all,activity:write";
    private static final String PROFILE_WRITE = "read,profile:write";
    private static final String PROFILE_READ_ALL = "read,profile:read_all";
    private static final String EVERYTHING_BUT_ACTIVITY = "read,read_all,profile:read_all,profile:write";
    private static final String EVERYTHING =
            "read,read_all,activity:read_all,activity:write,profile:read_all,profile:write";

    @Parameter
    TestDatabase.Kind database;

    private ApiFixture fixture;
    private final List<String> mismatches = new ArrayList<>();

    @BeforeParameterizedClassInvocation
    void start() {
        fixture = new ApiFixture(database);
    }

    @AfterParameterizedClassInvocation
    void stop() {
        if (fixture != null) {
            fixture.close();
            fixture = null;
        }
    }

    /** Records a mismatch rather than stopping, so one run shows the whole row. */
    private void expect(Http.Response response, int status, String missingScope, String what) {
        boolean ok = response.status() == status
                && (missingScope == null
                        || response.body()
                                .contains("\"field\":\"" + missingScope + "_permission\",\"code\":\"missing\""));
        if (!ok) {
            mismatches.add(what + ": expected " + status + (missingScope == null ? "" : " " + missingScope) + ", got "
                    + response.status() + " " + response.body());
        }
    }

    private void assertNoMismatches() {
        List<String> found = List.copyOf(mismatches);
        mismatches.clear();
        assertThat(found).isEmpty();
    }

    private String activity(String which) {
        return "/api/v3/activities/"
                + switch (which) {
                    case "everyone" -> fixture.everyone.id();
                    case "followers" -> fixture.followers.id();
                    case "only_me" -> fixture.onlyMe.id();
                    default -> fixture.paulines.id();
                };
    }

    /** For each activity, in the order everyone, followers, only_me, pauline's: the status a read gives. */
    private void expectReads(String suffix, String scope, int... statuses) {
        String[] which = {"everyone", "followers", "only_me", "paulines"};
        for (int i = 0; i < which.length; i++) {
            String missing = statuses[i] == 401 ? "activity:read" : null;
            expect(
                    fixture.get(activity(which[i]) + suffix, scope),
                    statuses[i],
                    missing,
                    "GET " + which[i] + suffix + " with " + scope);
        }
    }

    @Test
    void getAthleteActivities_needsActivityRead_andFiltersOnlyMeWithoutReadAll() {
        for (String scope : List.of(READ, ACTIVITY_WRITE, EVERYTHING_BUT_ACTIVITY)) {
            expect(fixture.get("/api/v3/athlete/activities", scope), 401, "activity:read", "list with " + scope);
        }
        for (String scope : List.of(ACTIVITY_READ, ACTIVITY_READ_ALL, EVERYTHING)) {
            Http.Response response = fixture.get("/api/v3/athlete/activities", scope);
            expect(response, 200, null, "list with " + scope);
            List<ActivityId> ids = new ArrayList<>();
            response.json()
                    .forEach(item -> ids.add(new ActivityId(item.get("id").asLong())));
            boolean readAll = !scope.equals(ACTIVITY_READ);
            assertThat(ids)
                    .as(scope)
                    .contains(fixture.everyone.id(), fixture.followers.id())
                    .doesNotContain(fixture.paulines.id());
            assertThat(ids.contains(fixture.onlyMe.id())).as(scope).isEqualTo(readAll);
        }
        assertNoMismatches();
    }

    @Test
    void getActivity_isOwnOnly_andOnlyMeNeedsReadAll() {
        expectReads("", READ, 401, 401, 401, 401);
        expectReads("", ACTIVITY_WRITE, 401, 401, 401, 401);
        expectReads("", ACTIVITY_READ, 200, 200, 404, 404);
        expectReads("", ACTIVITY_READ_ALL, 200, 200, 200, 404);
        expectReads("", EVERYTHING, 200, 200, 200, 404);
        assertNoMismatches();
    }

    @Test
    void getActivityLapsAndStreams_followTheActivityRule() {
        for (String suffix : List.of("/laps", "/streams?keys=time", "/streams/latlng")) {
            expectReads(suffix, READ, 401, 401, 401, 401);
            expectReads(suffix, ACTIVITY_READ, 200, 200, 404, 404);
            expectReads(suffix, ACTIVITY_READ_ALL, 200, 200, 200, 404);
        }
        assertNoMismatches();
    }

    @Test
    void putActivity_needsActivityWrite_andReadAllForOnlyMe() {
        String[] which = {"everyone", "followers", "only_me", "paulines"};
        Map<String, int[]> rows = Map.of(
                READ, new int[] {401, 401, 401, 401},
                ACTIVITY_READ_ALL, new int[] {401, 401, 401, 401},
                ACTIVITY_WRITE, new int[] {200, 200, 404, 404},
                ACTIVITY_WRITE_READ_ALL, new int[] {200, 200, 200, 404});
        rows.forEach((scope, statuses) -> {
            for (int i = 0; i < which.length; i++) {
                expect(
                        fixture.putJson(activity(which[i]), scope, "{\"description\":\"by " + scope + "\"}"),
                        statuses[i],
                        statuses[i] == 401 ? "activity:write" : null,
                        "PUT " + which[i] + " with " + scope);
            }
        });
        assertNoMismatches();
    }

    @Test
    void postActivity_needsActivityWrite() {
        Map<String, String> manual = Http.form(
                "name",
                "Row",
                "sport_type",
                "Rowing",
                "start_date_local",
                "2026-02-02T06:00:00",
                "elapsed_time",
                "1800");
        for (String scope : List.of(READ, ACTIVITY_READ_ALL, EVERYTHING_BUT_ACTIVITY)) {
            expect(fixture.postForm("/api/v3/activities", scope, manual), 401, "activity:write", "POST with " + scope);
        }
        for (String scope : List.of(ACTIVITY_WRITE, EVERYTHING)) {
            expect(fixture.postForm("/api/v3/activities", scope, manual), 201, null, "POST with " + scope);
        }
        assertNoMismatches();
    }

    @Test
    void uploads_needActivityWrite_andAreOwnOnly() {
        Http.Response accepted = upload(ACTIVITY_WRITE, "marianne");
        Http.Response paulines = upload(ACTIVITY_WRITE, "pauline");
        expect(accepted, 201, null, "POST /uploads with " + ACTIVITY_WRITE);
        for (String scope : List.of(READ, ACTIVITY_READ_ALL, EVERYTHING_BUT_ACTIVITY)) {
            expect(upload(scope, "marianne"), 401, "activity:write", "POST /uploads with " + scope);
            expect(
                    fixture.get("/api/v3/uploads/" + accepted.json().get("id").asLong(), scope),
                    401,
                    "activity:write",
                    "GET own upload with " + scope);
        }
        expect(
                fixture.get("/api/v3/uploads/" + accepted.json().get("id").asLong(), ACTIVITY_WRITE),
                200,
                null,
                "GET own upload");
        expect(
                fixture.get("/api/v3/uploads/" + paulines.json().get("id").asLong(), EVERYTHING),
                404,
                null,
                "GET Pauline's upload");
        assertNoMismatches();
    }

    private Http.Response upload(String scope, String username) {
        byte[] ride = dev.switchback.api.testing.TestTracks.utf8(
                dev.switchback.api.testing.TestTracks.gpx(dev.switchback.api.testing.TestTracks.ride(
                        ApiFixture.DAY.minusSeconds(3600L * mismatches.size() + scope.length()))));
        return fixture.server
                .http()
                .postRaw(
                        "/api/v3/uploads",
                        "multipart/form-data; boundary=----switchback-test-boundary",
                        UploadsApiTest.multipart(Map.of("data_type", "gpx"), "ride.gpx", ride),
                        "Authorization",
                        fixture.bearer(username, scope));
    }

    @Test
    void putAthlete_needsProfileWrite() {
        for (String scope :
                List.of(READ, PROFILE_READ_ALL, "read,read_all,activity:read_all,activity:write,profile:read_all")) {
            expect(
                    fixture.putForm("/api/v3/athlete", scope, Http.form("weight", "70")),
                    401,
                    "profile:write",
                    "PUT /athlete with " + scope);
        }
        for (String scope : List.of(PROFILE_WRITE, EVERYTHING)) {
            expect(
                    fixture.putForm("/api/v3/athlete", scope, Http.form("weight", "70")),
                    200,
                    null,
                    "PUT /athlete with " + scope);
        }
        assertNoMismatches();
    }

    @Test
    void getAthleteZones_needsProfileReadAll() {
        for (String scope :
                List.of(READ, PROFILE_WRITE, "read,read_all,activity:read_all,activity:write,profile:write")) {
            expect(fixture.get("/api/v3/athlete/zones", scope), 401, "profile:read_all", "zones with " + scope);
        }
        for (String scope : List.of(PROFILE_READ_ALL, EVERYTHING)) {
            expect(fixture.get("/api/v3/athlete/zones", scope), 200, null, "zones with " + scope);
        }
        assertNoMismatches();
    }

    @Test
    void getAthleteStats_anyTokenForTheOwnId_401ForAnother() {
        for (String scope : List.of(READ, ACTIVITY_READ_ALL, EVERYTHING)) {
            expect(
                    fixture.get("/api/v3/athletes/" + fixture.marianne.id() + "/stats", scope),
                    200,
                    null,
                    "own stats with " + scope);
            expect(
                    fixture.get("/api/v3/athletes/" + fixture.pauline.id() + "/stats", scope),
                    401,
                    null,
                    "Pauline's stats with " + scope);
        }
        assertNoMismatches();
    }
}
