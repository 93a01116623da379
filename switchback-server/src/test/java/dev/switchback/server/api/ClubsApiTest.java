package dev.switchback.server.api;

import static dev.switchback.server.testing.Faults.assertStravaShaped4xx;
import static dev.switchback.server.testing.Faults.fault;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.api.activity.SportTypeTest;
import dev.switchback.api.club.Club;
import dev.switchback.api.club.ClubSportType;
import dev.switchback.api.club.NewClub;
import dev.switchback.athlete.Athlete;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import java.time.Duration;
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
 * The club rows of contract#scope-matrix over HTTP, all {@code read}: {@code GET /athlete/clubs}, {@code GET /clubs/{id}}
 * and {@code GET /clubs/{id}/members}; a private club is seen only by its members, whatever the scope.
 */
@HttpTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClubsApiTest {
    private static final String CLUB_NOT_FOUND = fault("Record Not Found", "Club", "id", "invalid");
    private static final List<String> SUMMARY_KEYS = List.of(
            "id",
            "resource_state",
            "name",
            "profile_medium",
            "profile",
            "cover_photo",
            "cover_photo_small",
            "sport_type",
            "activity_types",
            "city",
            "state",
            "country",
            "private",
            "member_count",
            "featured",
            "verified",
            "url",
            "membership",
            "admin",
            "owner");

    private TestServer server;
    private Athlete marianne;
    private Club riders;
    private Club dawnPatrol;
    private Club ottosClub;
    private String read;
    private String readAll;
    private String ottoRead;
    private String ottoReadAll;

    @BeforeAll
    void start() {
        server = TestServer.start();
        marianne = server.createAthlete("marianne");
        Athlete otto = server.createAthlete("otto");
        Athlete nina = server.createAthlete("nina");
        riders = server.switchback()
                .clubs()
                .create(NewClub.of(marianne.id(), "Bay Riders", ClubSportType.CYCLING)
                        .in("San Francisco", "CA", "United States")
                        .at("bay-riders")
                        .describedAs("Saturday rides"));
        server.clock().advance(Duration.ofMinutes(1));
        dawnPatrol = server.switchback()
                .clubs()
                .create(NewClub.of(nina.id(), "Dawn Patrol", ClubSportType.RUNNING)
                        .asPrivate());
        server.switchback().clubs().join(dawnPatrol.id(), marianne.id(), false);
        server.clock().advance(Duration.ofMinutes(1));
        server.switchback().clubs().join(riders.id(), otto.id(), false);
        ottosClub = server.switchback()
                .clubs()
                .create(NewClub.of(otto.id(), "Otto's Secret Society", ClubSportType.OTHER)
                        .asPrivate());
        read = bearer("marianne", "read");
        readAll = bearer("marianne", "read,read_all");
        ottoRead = bearer("otto", "read");
        ottoReadAll = bearer("otto", "read,read_all");
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

    // --- GET /athlete/clubs -----------------------------------------------------------------------

    @Test
    void athleteClubs_withRead_listsEveryClubTheAthleteBelongsTo_privateOnesToo() {
        Http.Response response = get("/athlete/clubs", read);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode clubs = response.json();
        assertThat(names(clubs)).containsExactly("Bay Riders", "Dawn Patrol");
        JsonNode bayRiders = clubs.get(0);
        assertThat(bayRiders.propertyNames()).containsExactlyElementsOf(SUMMARY_KEYS);
        assertThat(bayRiders.get("resource_state").asInt()).isEqualTo(2);
        assertThat(bayRiders.get("sport_type").asString()).isEqualTo("cycling");
        assertThat(bayRiders.get("activity_types").toString()).contains("\"Ride\"");
        assertThat(bayRiders.get("member_count").asInt()).isEqualTo(2);
        assertThat(bayRiders.get("url").asString()).isEqualTo("bay-riders");
        assertThat(bayRiders.get("membership").asString()).isEqualTo("member");
        assertThat(bayRiders.get("admin").asBoolean()).isTrue();
        assertThat(bayRiders.get("owner").asBoolean()).isTrue();
        assertThat(clubs.get(1).get("private").asBoolean()).isTrue();
        assertThat(clubs.get(1).get("owner").asBoolean()).isFalse();
    }

    /**
     * Strava's schema types {@code activity_types} as ActivityType (stravalib's {@code SummaryClub} refuses
     * anything else), and Strava's own example of a cycling club lists these five, in this order.
     */
    @Test
    void clubActivityTypes_areStravasActivityTypes_neverSportTypes() {
        JsonNode clubs = get("/athlete/clubs", read).json();

        assertThat(clubs.get(0).get("activity_types").toString())
                .isEqualTo("[\"Ride\",\"VirtualRide\",\"EBikeRide\",\"Velomobile\",\"Handcycle\"]");
        assertThat(clubs.get(1).get("activity_types").toString())
                .isEqualTo("[\"Run\",\"VirtualRun\",\"Walk\",\"Hike\",\"Wheelchair\"]");
        for (ClubSportType type : ClubSportType.values()) {
            assertThat(type.activityTypes()).isSubsetOf(SportTypeTest.STRAVA_ACTIVITY_TYPES);
        }
    }

    @Test
    void athleteClubs_pagesWithPerPage_andRefusesOutOfRange() {
        assertThat(names(get("/athlete/clubs?per_page=1&page=2", read).json())).containsExactly("Dawn Patrol");

        Http.Response response = get("/athlete/clubs?per_page=201", read);

        assertStravaShaped4xx(response);
        assertThat(response.body()).isEqualTo(fault("Bad Request", "Club", "per_page", "invalid"));
    }

    // --- GET /clubs/{id} --------------------------------------------------------------------------

    @Test
    void getClub_public_forANonMember_isADetailedClubWithoutMembership() {
        Http.Response response = get("/clubs/" + riders.id(), read);
        JsonNode asOtto = get("/clubs/" + riders.id(), ottoRead).json();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode club = response.json();
        assertThat(club.get("resource_state").asInt()).isEqualTo(3);
        assertThat(club.get("description").asString()).isEqualTo("Saturday rides");
        assertThat(club.get("city").asString()).isEqualTo("San Francisco");
        assertThat(club.get("owner").asBoolean()).isTrue();
        assertThat(club.get("owner_id").asLong()).isEqualTo(marianne.id().value());
        assertThat(club.has("following_count")).isTrue();
        assertThat(asOtto.get("membership").asString()).isEqualTo("member");
        assertThat(asOtto.get("admin").asBoolean()).isFalse();
        assertThat(asOtto.get("owner").asBoolean()).isFalse();
    }

    @Test
    void getClub_private_isSeenByItsMembers_andHiddenFromOthersEvenWithReadAll() {
        Http.Response member = get("/clubs/" + dawnPatrol.id(), read);
        Http.Response outsider = get("/clubs/" + dawnPatrol.id(), ottoReadAll);

        assertThat(member.status()).as(member.body()).isEqualTo(200);
        assertThat(member.json().get("private").asBoolean()).isTrue();
        assertThat(outsider.status()).isEqualTo(404);
        assertThat(outsider.body()).isEqualTo(CLUB_NOT_FOUND);
        assertThat(get("/clubs/" + ottosClub.id(), readAll).body()).isEqualTo(CLUB_NOT_FOUND);
    }

    @ParameterizedTest
    @ValueSource(strings = {"999999", "0", "bay-riders", "1.0", "99999999999999999999"})
    void getClub_unknownOrNonNumericId_is404RecordNotFound(String id) {
        Http.Response response = get("/clubs/" + id, read);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).isEqualTo(CLUB_NOT_FOUND);
    }

    // --- GET /clubs/{id}/members ------------------------------------------------------------------

    @Test
    void members_listsAdminsFirst_withTheLastNameInitial() {
        Http.Response response = get("/clubs/" + riders.id() + "/members", ottoRead);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode members = response.json();
        assertThat(members).hasSize(2);
        assertThat(members.get(0).toString())
                .isEqualTo("{\"resource_state\":2,\"firstname\":\"First marianne\","
                        + "\"lastname\":\"L.\",\"membership\":\"member\",\"admin\":true,\"owner\":true}");
        assertThat(members.get(1).get("firstname").asString()).isEqualTo("First otto");
        assertThat(members.get(1).get("admin").asBoolean()).isFalse();
        assertThat(get("/clubs/" + riders.id() + "/members?per_page=1&page=2", ottoRead)
                        .json())
                .hasSize(1);
    }

    @Test
    void members_ofAPrivateClub_areHiddenFromNonMembers() {
        assertThat(get("/clubs/" + dawnPatrol.id() + "/members", read).json()).hasSize(2);
        assertThat(get("/clubs/" + dawnPatrol.id() + "/members", ottoReadAll).body())
                .isEqualTo(CLUB_NOT_FOUND);
        assertThat(get("/clubs/abc/members", read).body()).isEqualTo(CLUB_NOT_FOUND);
    }

    @Test
    void clubResponses_carryTheRateLimitHeaders() {
        for (Http.Response response : List.of(get("/athlete/clubs", read), get("/clubs/" + ottosClub.id(), read))) {
            assertThat(response.header("X-RateLimit-Limit")).contains("10000,10000");
            assertThat(response.header("X-ReadRateLimit-Usage")).isPresent();
        }
    }

    private static List<String> names(JsonNode clubs) {
        List<String> names = new ArrayList<>();
        clubs.forEach(club -> names.add(club.get("name").asString()));
        return names;
    }
}
