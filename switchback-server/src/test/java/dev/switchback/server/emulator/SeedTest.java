package dev.switchback.server.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.Switchback;
import dev.switchback.athlete.Athlete;
import dev.switchback.server.SwitchbackServer;
import dev.switchback.server.config.ServerConfig;
import dev.switchback.server.config.Settings;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.TestServer;
import dev.switchback.store.DatabaseUrl;
import dev.switchback.testing.HttpTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code emulator.seed}: known data at start, refused with its line, and {@code POST /_switchback/reset}. */
@HttpTest
class SeedTest {
    static final String SECRET = "0123456789abcdef0123456789abcdef01234567";
    static final String SEED = """
            {
              "athletes": [
                {"username": "marianne", "firstname": "Marianne", "lastname": "Vos", "password": "correct horse battery",
                 "privacy_zones": [{"lat": 45.9, "lng": 6.12, "radius": 200}]},
                {"username": "jules", "firstname": "Jules", "lastname": "Vernes", "password": "correct horse battery"}
              ],
              "apps": [
                {"client_id": 4242, "client_secret": "%s", "name": "Training Log",
                 "callback_domain": "localhost", "owner": "marianne"}
              ],
              "grants": [{"athlete": "jules", "client_id": 4242, "scope": "read,activity:read"}],
              "activities": [
                {"athlete": "marianne", "file": "annecy-run.gpx", "name": "Lakeside run"},
                {"athlete": "marianne", "name": "Yoga", "sport_type": "Yoga", "start_date_local": "2026-02-01T07:00:00Z",
                 "elapsed_time": 3600}
              ],
              "routes": [{"athlete": "marianne", "file": "annecy-run.gpx", "name": "Lake loop", "type": "run"}],
              "clubs": [{"owner": "marianne", "name": "Tuesday Riders", "sport_type": "cycling", "members": ["jules"]}]
            }
            """.formatted(SECRET);

    @TempDir
    Path directory;

    private Path seed(String name, String text) throws IOException {
        Path file = directory.resolve(name);
        Files.writeString(file, text);
        try (InputStream gpx = SeedTest.class.getResourceAsStream("/tracks/annecy-run.gpx")) {
            Files.copy(gpx, directory.resolve("annecy-run.gpx"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    private TestServer start(Path seed) {
        return TestServer.start(Map.of("emulator", "true", "emulator.seed", seed.toString()));
    }

    private static JsonNode tokens(TestServer server, String athlete) {
        Http.Response response = server.http()
                .postJson(
                        "/_switchback/tokens",
                        "{\"athlete\":\"" + athlete + "\",\"client_id\":4242,\"scope\":\"read,activity:read_all\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static Http.Response get(TestServer server, String path, JsonNode tokens) {
        return server.http()
                .get(
                        path,
                        "Authorization",
                        "Bearer " + tokens.get("access_token").asString());
    }

    @Test
    void aSeed_declaresAthletesAppsWithFixedSecretsGrantsActivitiesRoutesClubsAndZones() throws IOException {
        try (TestServer server = start(seed("seed.json", SEED))) {
            JsonNode marianne = tokens(server, "marianne");

            assertThat(marianne.get("athlete").get("id").asLong()).isEqualTo(1);
            JsonNode activities =
                    get(server, "/api/v3/athlete/activities", marianne).json();
            assertThat(activities.size()).isEqualTo(2);
            assertThat(List.of(
                            activities.get(0).get("name").asString(),
                            activities.get(1).get("name").asString()))
                    .containsExactlyInAnyOrder("Lakeside run", "Yoga");
            assertThat(get(server, "/api/v3/athletes/1/routes", marianne)
                            .json()
                            .get(0)
                            .get("name")
                            .asString())
                    .isEqualTo("Lake loop");
            JsonNode jules = tokens(server, "jules");
            assertThat(get(server, "/api/v3/athlete/clubs", jules)
                            .json()
                            .get(0)
                            .get("name")
                            .asString())
                    .isEqualTo("Tuesday Riders");
            assertThat(server.switchback()
                            .activities()
                            .privacyZones(marianne(server).id()))
                    .hasSize(1);
            Http.Response refreshed =
                    refreshWithFixedSecret(server, marianne.get("refresh_token").asString());
            assertThat(refreshed.status())
                    .as("the fixed secret authenticates the app")
                    .isEqualTo(200);
            assertThat(server.switchback()
                            .authorization()
                            .authorizedApps(athlete(server, "jules").id()))
                    .hasSize(1);
        }
    }

    private static Http.Response refreshWithFixedSecret(TestServer server, String refreshToken) {
        return server.http()
                .postForm(
                        "/oauth/token",
                        Http.form(
                                "client_id",
                                "4242",
                                "client_secret",
                                SECRET,
                                "grant_type",
                                "refresh_token",
                                "refresh_token",
                                refreshToken));
    }

    private static Athlete marianne(TestServer server) {
        return athlete(server, "marianne");
    }

    private static Athlete athlete(TestServer server, String username) {
        return server.switchback().athletes().findByUsername(username).orElseThrow();
    }

    @Test
    void aYamlSeed_isReadLikeJson() throws IOException {
        String yaml = """
                athletes:
                  - username: marianne
                    firstname: Marianne
                    lastname: Vos
                    password: correct horse battery
                apps:
                  - client_id: 4242
                    client_secret: "%s"
                    name: Training Log
                    callback_domain: localhost
                """.formatted(SECRET);
        try (TestServer server = start(seed("seed.yaml", yaml))) {
            assertThat(tokens(server, "marianne").get("athlete").get("username").asString())
                    .isEqualTo("marianne");
        }
    }

    @Test
    void reset_returnsToTheSeed_andDisarmsFaults_emptiesTheJournal_andRevokesWhatWasIssued() throws IOException {
        try (TestServer server = start(seed("seed.json", SEED))) {
            JsonNode before = tokens(server, "marianne");
            server.createAthlete("extra");
            server.http().postJson("/_switchback/faults", "{\"path\":\"/api/v3/athlete\",\"status\":503}");
            get(server, "/api/v3/athlete/activities", before);

            Http.Response reset = server.http().postJson("/_switchback/reset", "");

            assertThat(reset.status()).as(reset.body()).isEqualTo(200);
            assertThat(reset.body()).isEqualTo("{\"seed\":\"seed.json\"}");
            assertThat(server.switchback().athletes().list())
                    .extracting(Athlete::username)
                    .containsExactly("marianne", "jules");
            assertThat(marianne(server).id().value()).isEqualTo(1);
            assertThat(server.http().get("/_switchback/faults").body()).isEqualTo("[]");
            assertThat(server.http().get("/_switchback/requests").body()).isEqualTo("[]");
            assertThat(get(server, "/api/v3/athlete", before).status()).isEqualTo(401);
            JsonNode after = tokens(server, "marianne");
            Http.Response athlete = get(server, "/api/v3/athlete", after);
            assertThat(athlete.status()).isEqualTo(200);
            assertThat(athlete.header("X-RateLimit-Usage"))
                    .as("usage was forgotten")
                    .contains("1,1");
            assertThat(get(server, "/api/v3/athlete/activities", after).json().size())
                    .isEqualTo(2);
        }
    }

    @Test
    void reset_withoutASeed_emptiesTheDatabase() {
        try (TestServer server = TestServer.start(Map.of("emulator", "true"))) {
            server.createAthlete("marianne");
            server.createApp("Log", "localhost");
            Flows.code(server, server.createApp("Other", "localhost"), "marianne", "read");

            assertThat(server.http().postJson("/_switchback/reset", "{}").body())
                    .isEqualTo("{\"seed\":null}");

            assertThat(server.switchback().athletes().isEmpty()).isTrue();
            assertThat(server.switchback().apps().isEmpty()).isTrue();
            assertThat(server.http()
                            .postJson("/_switchback/reset", "{\"keep\":true}")
                            .status())
                    .isEqualTo(400);
        }
    }

    // --- refusals, each with its line ---------------------------------------------------------

    private String refusal(String name, String text) throws IOException {
        Path file = seed(name, text);
        Path database = directory.resolve("refused.db");
        ServerConfig config = ServerConfig.from(Settings.load(
                Optional.empty(),
                Map.of(),
                Map.of(
                        "emulator", "true",
                        "emulator.seed", file.toString(),
                        "database.url", database.toString(),
                        "server.port", "0",
                        "demo", "false")));
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> SwitchbackServer.create(config, Clock.systemUTC()).close());
        assertThat(thrown).isInstanceOf(Seed.SeedException.class);
        if (Files.exists(database)) {
            try (Switchback switchback = Switchback.open(
                    DatabaseUrl.parse(database.toString()), 1, Switchback.Options.defaults(), Clock.systemUTC())) {
                assertThat(switchback.athletes().isEmpty())
                        .as("nothing half-written")
                        .isTrue();
                assertThat(switchback.apps().isEmpty()).isTrue();
            }
        }
        return thrown.getMessage();
    }

    @Test
    void anUnknownKey_isRefusedWithItsLine() throws IOException {
        assertThat(refusal(
                        "seed.json", "{\n  \"athletes\": [\n    {\"username\": \"m1\", \"nickname\": \"x\"}\n  ]\n}"))
                .startsWith("seed.json:3: athletes[0].nickname is not a known key");
    }

    @Test
    void aDuplicateUsername_isRefusedWithItsLine() throws IOException {
        String athlete =
                "{\"username\": \"marianne\", \"firstname\": \"M\", \"lastname\": \"V\", \"password\": \"correct horse\"}";
        assertThat(refusal("seed.json", "{\"athletes\": [\n" + athlete + ",\n" + athlete + "\n]}"))
                .isEqualTo("seed.json:3: athletes[1].username 'marianne' is declared twice (first on line 2)");
    }

    @Test
    void aMissingFile_isRefusedWithItsLine() throws IOException {
        String text = SEED.replace(
                "{\"athlete\": \"marianne\", \"file\": \"annecy-run.gpx\", \"name\": \"Lakeside run\"}",
                "{\"athlete\": \"marianne\", \"file\": \"nowhere.gpx\"}");
        assertThat(refusal("seed.json", text)).startsWith("seed.json:13: activities[0].file cannot be read");
    }

    @Test
    void aFileThatIsNoTrack_isRefusedWithItsLine_andNothingIsLeftWritten() throws IOException {
        Files.writeString(directory.resolve("broken.gpx"), "<gpx>not a track", StandardCharsets.UTF_8);
        String text = SEED.replace(
                "\"file\": \"annecy-run.gpx\", \"name\": \"Lakeside run\"",
                "\"file\": \"broken.gpx\", \"name\": \"Lakeside run\"");
        assertThat(refusal("seed.json", text)).startsWith("seed.json:13: activities[0].file cannot be read: ");
    }

    @Test
    void anUnknownAthleteReference_andBadSyntax_areRefusedWithTheirLines() throws IOException {
        assertThat(refusal("seed.json", "{\n\"grants\": [\n {\"athlete\": \"ghost\", \"client_id\": 1}\n]}"))
                .isEqualTo(
                        "seed.json:3: grants[0].athlete 'ghost' is not an athlete of this seed (athletes come first)");
        assertThat(refusal("seed.json", "{\n\"athletes\": [\n  {\"username\": }\n]}"))
                .startsWith("seed.json:3: not valid JSON");
        assertThat(refusal(
                        "seed.yml",
                        "athletes:\n  - username: a1\n    password: short\n    firstname: A\n    lastname: B\n"))
                .startsWith("seed.yml:2: athletes[0] is refused: password must be at least 8 characters");
    }

    static final String SEGMENTS_SEED = """
            {
              "athletes": [
                {"username": "marianne", "firstname": "Marianne", "lastname": "Vos", "password": "correct horse battery"},
                {"username": "jules", "firstname": "Jules", "lastname": "Vernes", "password": "correct horse battery"}
              ],
              "apps": [{"client_id": 4242, "client_secret": "%s", "name": "Training Log", "callback_domain": "localhost"}],
              "segments": [
                {"athlete": "marianne", "name": "Lakeside", "activity_type": "Run", "file": "annecy-run.gpx",
                 "starred_by": ["marianne", "jules"]},
                {"athlete": "marianne", "name": "Secret sprint", "private": true,
                 "points": [[45.9, 6.12], [45.901, 6.121, 450]], "starred_by": ["marianne"]}
              ],
              "activities": [{"athlete": "marianne", "file": "annecy-run.gpx"}]
            }
            """.formatted(SECRET);

    private static JsonNode tokens(TestServer server, String athlete, String scope) {
        return server.http()
                .postJson(
                        "/_switchback/tokens",
                        "{\"athlete\":\"" + athlete + "\",\"client_id\":4242,\"scope\":\"" + scope + "\"}")
                .json();
    }

    @Test
    void segments_areDeclaredWithTheirCreatorPathAndStars_andActivitiesAlongThemHaveEfforts() throws IOException {
        try (TestServer server = start(seed("seed.json", SEGMENTS_SEED))) {
            JsonNode jules = tokens(server, "jules", "read");
            JsonNode marianne = tokens(server, "marianne", "read,read_all,activity:read_all");

            JsonNode lakeside = get(server, "/api/v3/segments/1", jules).json();
            assertThat(lakeside.get("name").asString()).isEqualTo("Lakeside");
            assertThat(lakeside.get("activity_type").asString()).isEqualTo("Run");
            assertThat(lakeside.get("starred").asBoolean()).isTrue();
            assertThat(get(server, "/api/v3/segments/2", jules).status())
                    .as("private: only its creator sees it")
                    .isEqualTo(404);
            JsonNode starred = get(server, "/api/v3/segments/starred", marianne).json();
            assertThat(List.of(
                            starred.get(0).get("name").asString(),
                            starred.get(1).get("name").asString()))
                    .containsExactlyInAnyOrder("Lakeside", "Secret sprint");
            long activity = get(server, "/api/v3/athlete/activities", marianne)
                    .json()
                    .get(0)
                    .get("id")
                    .asLong();
            JsonNode efforts = get(server, "/api/v3/activities/" + activity, marianne)
                    .json()
                    .get("segment_efforts");
            assertThat(efforts.get(0).get("segment").get("name").asString()).isEqualTo("Lakeside");
        }
    }

    @Test
    void reset_restoresTheSeedsSegmentsAndStars_andForgetsOthers() throws IOException {
        try (TestServer server = start(seed("seed.json", SEGMENTS_SEED))) {
            JsonNode before = tokens(server, "jules", "read,profile:write");
            server.http()
                    .send(
                            "PUT",
                            "/api/v3/segments/1/starred?starred=false",
                            "application/x-www-form-urlencoded",
                            new byte[0],
                            "Authorization",
                            "Bearer " + before.get("access_token").asString());

            server.http().postJson("/_switchback/reset", "");

            JsonNode after = tokens(server, "jules", "read");
            JsonNode starred = get(server, "/api/v3/segments/starred", after).json();
            assertThat(starred.size()).isEqualTo(1);
            assertThat(starred.get(0).get("id").asLong()).isEqualTo(1);
            assertThat(get(server, "/api/v3/segments/3", after).status()).isEqualTo(404);
        }
    }

    @Test
    void aSegmentsUnknownKey_unknownAthlete_orStarOfAnotherAthletesPrivateSegment_isRefusedWithItsLine()
            throws IOException {
        String athlete = "{\"username\": \"marianne\", \"firstname\": \"M\", \"lastname\": \"V\", "
                + "\"password\": \"correct horse\"}";
        String points = "\"points\": [[45.9, 6.12], [45.901, 6.121]]";
        assertThat(refusal(
                        "seed.json",
                        "{\"athletes\": [" + athlete
                                + "],\n\"segments\": [\n {\"athlete\": \"marianne\", \"name\": \"S\", " + points
                                + ",\n  \"grade\": 4}\n]}"))
                .startsWith("seed.json:4: segments[0].grade is not a known key");
        assertThat(refusal(
                        "seed.json",
                        "{\"athletes\": [" + athlete
                                + "],\n\"segments\": [\n {\"athlete\": \"ghost\", \"name\": \"S\", " + points
                                + "}\n]}"))
                .isEqualTo(
                        "seed.json:3: segments[0].athlete 'ghost' is not an athlete of this seed (athletes come first)");
        assertThat(refusal(
                        "seed.json",
                        "{\"athletes\": [" + athlete + ", " + athlete.replace("marianne", "jules")
                                + "],\n\"segments\": [\n {\"athlete\": \"marianne\", \"name\": \"S\", \"private\": true, "
                                + points + ",\n  \"starred_by\": [\"jules\"]}\n]}"))
                .startsWith("seed.json:4: segments[0].starred_by[0] 'jules' cannot star a private segment");
        assertThat(refusal(
                        "seed.json",
                        "{\"athletes\": [" + athlete
                                + "],\n\"segments\": [\n {\"athlete\": \"marianne\", \"name\": \"S\", "
                                + "\"points\": [[45.9, 6.12]]}\n]}"))
                .isEqualTo("seed.json:3: segments[0] is refused: a segment needs at least two points (got 1)");
    }

    @Test
    void aSeed_intoADatabaseThatHoldsData_isRefused() throws IOException {
        Path file = seed("seed.json", SEED);
        Path database = directory.resolve("full.db");
        try (Switchback switchback = Switchback.open(
                DatabaseUrl.parse(database.toString()), 1, Switchback.Options.defaults(), Clock.systemUTC())) {
            switchback
                    .athletes()
                    .create(new dev.switchback.athlete.NewAthlete("someone", "S", "O", "password1".toCharArray()));
        }
        ServerConfig config = ServerConfig.from(Settings.load(
                Optional.empty(),
                Map.of(),
                Map.of("emulator", "true", "emulator.seed", file.toString(), "database.url", database.toString())));

        assertThatThrownBy(() -> SwitchbackServer.create(config, Clock.systemUTC()))
                .isInstanceOf(Seed.SeedException.class)
                .hasMessageStartingWith("seed.json: the seed is loaded into an empty database only");
    }

    @Test
    void aSeedWithoutTheEmulator_isRefusedAtStart() {
        assertThatThrownBy(() -> ServerConfig.from(
                        Settings.load(Optional.empty(), Map.of(), Map.of("emulator.seed", "seed.json"))))
                .isInstanceOf(Settings.SettingsException.class)
                .hasMessageContaining("emulator.seed (from flag) needs emulator=true");
    }
}
