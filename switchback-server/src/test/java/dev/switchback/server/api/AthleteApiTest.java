package dev.switchback.server.api;

import static dev.switchback.server.testing.Faults.fault;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.api.activity.TrackImport;
import dev.switchback.api.activity.Visibility;
import dev.switchback.api.testing.TestTracks;
import dev.switchback.server.testing.Faults;
import dev.switchback.server.testing.Http;
import dev.switchback.testing.HttpTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/** {@code PUT /athlete}, {@code GET /athlete/zones} and {@code GET /athletes/{id}/stats} (contract#scope-matrix, contract#detailed-athlete, contract#activity-stats). */
@HttpTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AthleteApiTest {
    private static final String PROFILE_WRITE = "read,profile:write";
    private static final String PROFILE_READ_ALL = "read,profile:read_all";

    private ApiFixture fixture;

    @BeforeAll
    void start() {
        fixture = new ApiFixture();
    }

    @AfterAll
    void stop() {
        fixture.close();
    }

    // --- PUT /athlete -----------------------------------------------------------------------------

    @Test
    void putAthlete_weightFromAForm_returnsTheDetailedAthlete() {
        Http.Response response = fixture.putForm("/api/v3/athlete", PROFILE_WRITE, Http.form("weight", "90.1"));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("resource_state").asInt()).isEqualTo(3);
        assertThat(response.json().get("weight").asDouble()).isEqualTo(90.1);
        assertThat(response.json().has("ftp")).isTrue();
    }

    @Test
    void putAthlete_weightFromTheQueryString_orJson_andFtpAsAnExtension() {
        Http.Response query = fixture.server
                .http()
                .send("PUT", "/api/v3/athlete?weight=61.5", null, null, "Authorization", fixture.bearer(PROFILE_WRITE));
        Http.Response json = fixture.putJson("/api/v3/athlete", PROFILE_WRITE, "{\"ftp\":250}");

        assertThat(query.json().get("weight").asDouble()).isEqualTo(61.5);
        assertThat(json.json().get("weight").asDouble()).isEqualTo(61.5);
        assertThat(json.json().get("ftp").asInt()).isEqualTo(250);
        assertThat(fixture.get("/api/v3/athlete", PROFILE_READ_ALL)
                        .json()
                        .get("ftp")
                        .asInt())
                .isEqualTo(250);
    }

    @Test
    void putAthlete_withoutProfileWrite_is401_andChangesNothing() {
        double before =
                fixture.get("/api/v3/athlete", "read").json().path("weight").asDouble();

        Http.Response response =
                fixture.putForm("/api/v3/athlete", "read,profile:read_all,activity:write", Http.form("weight", "120"));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body())
                .isEqualTo(fault("Authorization Error", "AccessToken", "profile:write_permission", "missing"));
        assertThat(fixture.get("/api/v3/athlete", "read").json().path("weight").asDouble())
                .isEqualTo(before);
    }

    @Test
    void putAthlete_withABadWeight_is400() {
        for (String weight : List.of("heavy", "-3", "0", "NaN", "1e9")) {
            Http.Response response = fixture.putForm("/api/v3/athlete", PROFILE_WRITE, Http.form("weight", weight));

            assertThat(response.body()).as(weight).isEqualTo(fault("Bad Request", "Athlete", "weight", "invalid"));
        }
        Faults.assertStravaShaped4xx(fixture.putJson("/api/v3/athlete", PROFILE_WRITE, "{\"weight\":"));
    }

    // --- GET /athlete/zones -----------------------------------------------------------------------

    @Test
    void zones_withProfileReadAll_areStravasHeartRateZones() {
        Http.Response response = fixture.get("/api/v3/athlete/zones", PROFILE_READ_ALL);

        assertThat(response.status()).isEqualTo(200);
        JsonNode heartRate = response.json().get("heart_rate");
        assertThat(heartRate.get("custom_zones").asBoolean()).isFalse();
        assertThat(heartRate.get("zones")).hasSize(5);
        assertThat(heartRate.at("/zones/0").toString()).isEqualTo("{\"min\":0,\"max\":114}");
        assertThat(heartRate.at("/zones/4/max").asInt()).isEqualTo(-1);
        assertThat(heartRate.at("/zones/1/min").asInt())
                .isEqualTo(heartRate.at("/zones/0/max").asInt());
    }

    @Test
    void zones_withAnFtp_addPowerZones() {
        fixture.server
                .switchback()
                .athletes()
                .updateProfile(fixture.pauline.id(), java.util.Optional.empty(), java.util.Optional.of(190));

        JsonNode zones = fixture.server
                .http()
                .get("/api/v3/athlete/zones", "Authorization", fixture.bearer("pauline", PROFILE_READ_ALL))
                .json();

        assertThat(zones.at("/power/zones")).hasSize(7);
        assertThat(zones.at("/power/zones/0").toString()).isEqualTo("{\"min\":0,\"max\":105}");
        assertThat(zones.at("/power/zones/1").toString()).isEqualTo("{\"min\":106,\"max\":143}");
        assertThat(zones.at("/power/zones/6").toString()).isEqualTo("{\"min\":286,\"max\":-1}");
    }

    @Test
    void zones_withoutProfileReadAll_is401ProfileReadAllPermissionMissing() {
        for (String scope : List.of("read", "read,profile:write", "read,activity:read_all,read_all")) {
            Http.Response response = fixture.get("/api/v3/athlete/zones", scope);

            assertThat(response.status()).as(scope).isEqualTo(401);
            assertThat(response.body())
                    .isEqualTo(fault("Authorization Error", "AccessToken", "profile:read_all_permission", "missing"));
        }
    }

    // --- GET /athletes/{id}/stats -----------------------------------------------------------------

    @Test
    void stats_countEveryoneActivitiesOnly_whateverTheScope() {
        var runs = fixture.server.switchback().activities();
        runs.importTrack(fixture.marianne.id(), run(30), TrackImport.of(Visibility.EVERYONE));
        runs.importTrack(fixture.marianne.id(), run(31), TrackImport.of(Visibility.ONLY_ME));
        runs.importTrack(fixture.marianne.id(), run(400), TrackImport.of(Visibility.EVERYONE));

        for (String scope : List.of("read", "read,activity:read_all")) {
            JsonNode stats = fixture.get("/api/v3/athletes/" + fixture.marianne.id() + "/stats", scope)
                    .json();

            assertThat(stats.at("/all_ride_totals/count").asInt()).as(scope).isEqualTo(1);
            assertThat(stats.at("/recent_ride_totals/count").asInt()).isEqualTo(1);
            assertThat(stats.at("/ytd_ride_totals/count").asInt()).isEqualTo(1);
            assertThat(stats.at("/all_run_totals/count").asInt()).isEqualTo(2);
            assertThat(stats.at("/recent_run_totals/count").asInt()).isEqualTo(0);
            assertThat(stats.at("/ytd_run_totals/count").asInt()).isEqualTo(1);
            assertThat(stats.at("/all_ride_totals/moving_time").asLong()).isEqualTo(600);
            assertThat(stats.at("/all_ride_totals/elevation_gain").asDouble()).isEqualTo(30.0);
            assertThat(stats.at("/biggest_ride_distance").asDouble()).isGreaterThan(2700);
            assertThat(stats.get("recent_ride_totals").has("achievement_count")).isTrue();
            assertThat(stats.get("all_ride_totals").has("achievement_count")).isFalse();
        }
    }

    private static dev.switchback.api.track.Track run(int daysAgo) {
        var line = TestTracks.line(
                dev.switchback.server.testing.TestServer.START.minus(Duration.ofDays(daysAgo)),
                46,
                7,
                46.01,
                7,
                600,
                0,
                0);
        return new dev.switchback.api.track.Track(
                line.points(), List.of(), java.util.Optional.of("Run"), line.name(), line.device());
    }

    @Test
    void stats_keysInStravasOrder() {
        JsonNode stats = fixture.get("/api/v3/athletes/" + fixture.marianne.id() + "/stats", "read")
                .json();

        List<String> keys = new java.util.ArrayList<>();
        stats.propertyNames().forEach(keys::add);
        assertThat(keys)
                .containsExactly(
                        "biggest_ride_distance",
                        "biggest_climb_elevation_gain",
                        "recent_ride_totals",
                        "all_ride_totals",
                        "recent_run_totals",
                        "all_run_totals",
                        "recent_swim_totals",
                        "all_swim_totals",
                        "ytd_ride_totals",
                        "ytd_run_totals",
                        "ytd_swim_totals");
    }

    @Test
    void stats_ofAnotherAthlete_is401_andNonNumericIds404() {
        Http.Response other =
                fixture.get("/api/v3/athletes/" + fixture.pauline.id() + "/stats", "read,activity:read_all");
        Http.Response nonNumeric = fixture.get("/api/v3/athletes/me/stats", "read");

        assertThat(other.status()).isEqualTo(401);
        assertThat(other.body()).isEqualTo(fault("Authorization Error", "Athlete", "id", "invalid"));
        assertThat(nonNumeric.body()).isEqualTo(fault("Record Not Found", "Athlete", "id", "invalid"));
    }
}
