package dev.switchback.server.api;

import static dev.switchback.server.testing.Faults.fault;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.Switchback;
import dev.switchback.api.Viewer;
import dev.switchback.api.testing.TestTracks;
import dev.switchback.api.track.DataType;
import dev.switchback.api.upload.NewUpload;
import dev.switchback.api.upload.Upload;
import dev.switchback.api.upload.UploadId;
import dev.switchback.api.upload.UploadStatus;
import dev.switchback.athlete.NewAthlete;
import dev.switchback.server.testing.Faults;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.Tables;
import dev.switchback.server.testing.TestServer;
import dev.switchback.store.DatabaseUrl;
import dev.switchback.testing.HttpTest;
import dev.switchback.time.MutableClock;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Uploads end to end (contract#uploads, contract#upload-status): 201 at once, processed in the background, polled until ready
 * or failed; duplicates, files that are not what they claim, oversize files, scopes, and uploads that
 * survive a restart. Files are read by the test GPX parser until the real parsers are wired in.
 */
@HttpTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UploadsApiTest {
    private static final String WRITE = "read,activity:write";
    private static final String WRITE_READ = "read,activity:read_all,activity:write";
    private static final String BOUNDARY = "----switchback-test-boundary";
    /** Bounds the wait for background processing that would never end; never a speed. */
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private ApiFixture fixture;
    private int rides;

    @BeforeAll
    void start() {
        fixture = new ApiFixture();
    }

    @AfterAll
    void stop() {
        fixture.close();
    }

    /** A GPX ride no other test uploads, so it is never a duplicate by accident. */
    private byte[] newRide() {
        rides++;
        return TestTracks.utf8(TestTracks.gpx(
                TestTracks.ride(Instant.parse("2026-01-01T08:00:00Z").plus(Duration.ofDays(rides)))));
    }

    static byte[] multipart(Map<String, String> fields, String filename, byte[] file) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        fields.forEach((name, value) -> body.writeBytes(
                ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
                        .getBytes(StandardCharsets.UTF_8)));
        if (file != null) {
            body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                            + filename + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(file);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    private Http.Response upload(String scope, Map<String, String> fields, String filename, byte[] file) {
        return fixture.server
                .http()
                .postRaw(
                        "/api/v3/uploads",
                        "multipart/form-data; boundary=" + BOUNDARY,
                        multipart(fields, filename, file),
                        "Authorization",
                        fixture.bearer(scope));
    }

    /** Polls {@code GET /uploads/{id}} (as a client should, though faster than once a second) until it is done. */
    private JsonNode awaitDone(long id, String scope) {
        return awaitDone(id, "marianne", scope);
    }

    private JsonNode awaitDone(long id, String username, String scope) {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            Http.Response response = get(username, scope, "/api/v3/uploads/" + id);
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            if (!response.json().get("status").asString().equals("Your activity is still being processed.")) {
                return response.json();
            }
            sleep();
        }
        throw new AssertionError("upload " + id + " still processing after " + PATIENCE);
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void upload_answers201Processing_thenBecomesReadyWithItsActivity() {
        Http.Response response = upload(
                WRITE_READ,
                Map.of("data_type", "gpx", "name", "Lunch loop", "description", "Hilly", "commute", "1"),
                "C:\\rides\\17611540601.gpx",
                newRide());

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        long id = response.json().get("id").asLong();
        assertThat(response.body())
                .isEqualTo(
                        "{\"id\":" + id + ",\"id_str\":\"" + id + "\",\"external_id\":\"17611540601.gpx\","
                                + "\"error\":null,\"status\":\"Your activity is still being processed.\",\"activity_id\":null}");
        JsonNode done = awaitDone(id, WRITE_READ);
        assertThat(done.get("status").asString()).isEqualTo("Your activity is ready.");
        assertThat(done.get("error").isNull()).isTrue();
        long activityId = done.get("activity_id").asLong();
        JsonNode activity =
                fixture.get("/api/v3/activities/" + activityId, WRITE_READ).json();
        assertThat(activity.get("name").asString()).isEqualTo("Lunch loop");
        assertThat(activity.get("description").asString()).isEqualTo("Hilly");
        assertThat(activity.get("commute").asBoolean()).isTrue();
        assertThat(activity.get("manual").asBoolean()).isFalse();
        assertThat(activity.get("external_id").asString()).isEqualTo("17611540601.gpx");
        assertThat(activity.get("upload_id").asLong()).isEqualTo(id);
        assertThat(activity.get("upload_id_str").asString()).isEqualTo(Long.toString(id));
        assertThat(activity.get("distance").asDouble()).isBetween(2700.0, 2750.0);
        assertThat(activity.get("has_heartrate").asBoolean()).isTrue();
        assertThat(Tables.count(fixture.server, "upload_files")).isZero();
    }

    @Test
    void upload_gzippedGpx_withAnExternalId() {
        Http.Response response = upload(
                WRITE,
                Map.of("data_type", "gpx.gz", "external_id", "garmin_ping_42"),
                "ride.gpx.gz",
                TestTracks.gzip(newRide()));

        JsonNode done = awaitDone(response.json().get("id").asLong(), WRITE);

        assertThat(done.get("status").asString()).isEqualTo("Your activity is ready.");
        assertThat(done.get("external_id").asString()).isEqualTo("garmin_ping_42");
    }

    @Test
    void theSameFileTwice_theSecondIsADuplicateOfTheFirstActivity() {
        byte[] ride = newRide();
        long first = awaitDone(
                        upload(WRITE, Map.of("data_type", "gpx"), "a.gpx", ride)
                                .json()
                                .get("id")
                                .asLong(),
                        WRITE)
                .get("activity_id")
                .asLong();
        long activities = Tables.count(fixture.server, "activities");

        JsonNode second = awaitDone(
                upload(WRITE, Map.of("data_type", "gpx"), "17611540601.gpx", ride)
                        .json()
                        .get("id")
                        .asLong(),
                WRITE);

        assertThat(second.get("status").asString()).isEqualTo("There was an error processing your activity.");
        assertThat(second.get("error").asString()).isEqualTo("17611540601.gpx duplicate of activity " + first);
        assertThat(second.get("activity_id").isNull()).isTrue();
        assertThat(Tables.count(fixture.server, "activities")).isEqualTo(activities);
    }

    @Test
    void filesThatAreNotWhatTheyClaim_endAsUploadErrors_andMakeNoActivity() {
        byte[] ride = newRide();
        long activities = Tables.count(fixture.server, "activities");
        Map<String, byte[]> files = Map.of(
                "gpx.gz", ride,
                "gpx", Arrays.copyOf(ride, ride.length / 2),
                "tcx", "<TrainingCenterDatabase/>".getBytes(StandardCharsets.UTF_8));

        files.forEach((type, content) -> {
            JsonNode done = awaitDone(
                    upload(WRITE, Map.of("data_type", type), "bad." + type, content)
                            .json()
                            .get("id")
                            .asLong(),
                    WRITE);

            assertThat(done.get("status").asString())
                    .as(type)
                    .isEqualTo("There was an error processing your activity.");
            assertThat(done.get("error").asString())
                    .as(type)
                    .isNotBlank()
                    .doesNotContain("Exception", "dev.switchback");
        });
        assertThat(Tables.count(fixture.server, "activities")).isEqualTo(activities);
        assertThat(Tables.count(fixture.server, "activity_streams")).isEqualTo(activities);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "annecy-run.gpx",
                "annecy-run.gpx.gz",
                "annecy-ride.tcx",
                "annecy-ride.tcx.gz",
                "semnoz-trail-run.fit",
                "semnoz-trail-run.fit.gz",
                "semnoz-hike-gpx10.gpx"
            })
    void eachFileType_becomesAnActivityWithItsStreams(String sample) throws Exception {
        byte[] file;
        try (var in = UploadsApiTest.class.getResourceAsStream("/tracks/" + sample)) {
            file = in.readAllBytes();
        }
        String dataType = sample.substring(sample.indexOf('.') + 1);

        Http.Response response = fixture.server
                .http()
                .postRaw(
                        "/api/v3/uploads",
                        "multipart/form-data; boundary=" + BOUNDARY,
                        multipart(Map.of("data_type", dataType), sample, file),
                        "Authorization",
                        fixture.bearer("pauline", WRITE_READ));
        JsonNode done = awaitDone(response.json().get("id").asLong(), "pauline", WRITE_READ);

        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("Your activity is ready.");
        String path = "/api/v3/activities/" + done.get("activity_id").asLong();
        JsonNode activity = get("pauline", WRITE_READ, path).json();
        JsonNode streams = get("pauline", WRITE_READ, path + "/streams?keys=time,latlng,altitude&key_by_type=true")
                .json();
        assertThat(activity.get("distance").asDouble()).as(sample).isGreaterThan(1000);
        assertThat(activity.get("moving_time").asInt()).isPositive();
        assertThat(activity.at("/map/polyline").asString()).isNotEmpty();
        assertThat(activity.get("laps").size()).isPositive();
        assertThat(streams.at("/latlng/data").size())
                .isEqualTo(streams.at("/time/data").size())
                .isPositive();
    }

    private Http.Response get(String username, String scope, String path) {
        return fixture.server.http().get(path, "Authorization", fixture.bearer(username, scope));
    }

    @Test
    void aGzipBomb_endsAsAnUploadError() throws Exception {
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(bomb)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 200; i++) {
                gzip.write(zeros);
            }
        }
        assertThat(bomb.size()).isLessThan(1 << 20);

        JsonNode done = awaitDone(
                upload(WRITE, Map.of("data_type", "gpx.gz"), "bomb.gpx.gz", bomb.toByteArray())
                        .json()
                        .get("id")
                        .asLong(),
                WRITE);

        assertThat(done.get("status").asString()).isEqualTo("There was an error processing your activity.");
        assertThat(done.get("error").asString()).isNotBlank();
    }

    @Test
    void aBadDataTypeOrAMissingFile_is400_andStoresNothing() {
        long uploads = Tables.count(fixture.server, "uploads");

        Http.Response badType = upload(WRITE, Map.of("data_type", "kml"), "ride.kml", newRide());
        Http.Response noType = upload(WRITE, Map.of(), "ride.gpx", newRide());
        Http.Response noFile = upload(WRITE, Map.of("data_type", "gpx"), null, null);
        Http.Response emptyFile = upload(WRITE, Map.of("data_type", "gpx"), "empty.gpx", new byte[0]);
        Http.Response notMultipart =
                fixture.postForm("/api/v3/uploads", WRITE, Http.form("data_type", "gpx", "file", "<gpx/>"));

        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.body()).isEqualTo(fault("Bad Request", "Upload", "data_type", "invalid"));
        assertThat(noType.body()).isEqualTo(fault("Bad Request", "Upload", "data_type", "invalid"));
        assertThat(noFile.body()).isEqualTo(fault("Bad Request", "Upload", "file", "invalid"));
        assertThat(emptyFile.body()).isEqualTo(fault("Bad Request", "Upload", "file", "invalid"));
        assertThat(notMultipart.body()).isEqualTo(fault("Bad Request", "Upload", "file", "invalid"));
        assertThat(Tables.count(fixture.server, "uploads")).isEqualTo(uploads);
    }

    @Test
    void aBrokenMultipartBody_isAStravaShaped400() {
        Http.Response response = fixture.server
                .http()
                .postRaw(
                        "/api/v3/uploads",
                        "multipart/form-data; boundary=" + BOUNDARY,
                        ("--" + BOUNDARY
                                        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.gpx\"\r\n\r\n<gpx>")
                                .getBytes(StandardCharsets.UTF_8),
                        "Authorization",
                        fixture.bearer(WRITE));

        Faults.assertStravaShaped4xx(response);
    }

    @Test
    void uploads_needActivityWrite_bothToPostAndToPoll() {
        UploadId id = new UploadId(upload(WRITE, Map.of("data_type", "gpx"), "r.gpx", newRide())
                .json()
                .get("id")
                .asLong());
        Upload upload = fixture.server
                .switchback()
                .uploads()
                .find(Viewer.owner(fixture.marianne.id()), id)
                .orElseThrow();

        Http.Response post =
                upload("read,activity:read_all,profile:write", Map.of("data_type", "gpx"), "r.gpx", newRide());
        Http.Response poll = fixture.get("/api/v3/uploads/" + upload.id(), "read,activity:read_all");

        for (Http.Response response : new Http.Response[] {post, poll}) {
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.body())
                    .isEqualTo(fault("Authorization Error", "AccessToken", "activity:write_permission", "missing"));
        }
    }

    @Test
    void anotherAthletesUpload_orAnUnknownOne_isRecordNotFound() {
        long paulines = fixture.server
                .http()
                .postRaw(
                        "/api/v3/uploads",
                        "multipart/form-data; boundary=" + BOUNDARY,
                        multipart(Map.of("data_type", "gpx"), "p.gpx", newRide()),
                        "Authorization",
                        fixture.bearer("pauline", WRITE))
                .json()
                .get("id")
                .asLong();

        for (String id : new String[] {Long.toString(paulines), "999999", "abc"}) {
            Http.Response response = fixture.get("/api/v3/uploads/" + id, WRITE);

            assertThat(response.status()).as(id).isEqualTo(404);
            assertThat(response.body()).isEqualTo(fault("Record Not Found", "Upload", "id", "invalid"));
        }
    }

    @Test
    void uploads_areOutsideTheReadBucket_andCarryTheRateLimitHeaders() {
        Http.Response poll = fixture.get("/api/v3/uploads/abc", WRITE);
        Http.Response post = upload(WRITE, Map.of("data_type", "gpx"), "r.gpx", newRide());

        assertThat(post.header("X-ReadRateLimit-Usage")).isEqualTo(poll.header("X-ReadRateLimit-Usage"));
        assertThat(post.header("X-RateLimit-Usage")).isNotEqualTo(poll.header("X-RateLimit-Usage"));
        assertThat(post.header("X-RateLimit-Limit")).isPresent();
    }

    @Test
    void aFileOverTheUploadLimit_is413_whileOtherEndpointsKeepTheRequestLimit() {
        try (ApiFixture small = new ApiFixture(Map.of("upload.max-file-size", "20000"))) {
            byte[] ride = newRide();
            assertThat(ride.length).isGreaterThan(100_000);
            long uploads = Tables.count(small.server, "uploads");

            Http.Response tooLarge = small.server
                    .http()
                    .postRaw(
                            "/api/v3/uploads",
                            "multipart/form-data; boundary=" + BOUNDARY,
                            multipart(Map.of("data_type", "gpx"), "big.gpx", ride),
                            "Authorization",
                            small.bearer(WRITE));
            Http.Response fits = small.server
                    .http()
                    .postRaw(
                            "/api/v3/uploads",
                            "multipart/form-data; boundary=" + BOUNDARY,
                            multipart(Map.of("data_type", "gpx.gz"), "ride.gpx.gz", TestTracks.gzip(ride)),
                            "Authorization",
                            small.bearer(WRITE));
            Http.Response bigForm = small.postForm("/api/v3/activities", WRITE, Http.form("name", "x".repeat(70_000)));

            assertThat(tooLarge.status()).isEqualTo(413);
            Faults.assertStravaShaped4xx(tooLarge);
            assertThat(fits.status()).as(fits.body()).isEqualTo(201);
            assertThat(bigForm.status()).isEqualTo(413);
            assertThat(Tables.count(small.server, "uploads")).isEqualTo(uploads + 1);
        }
    }

    @Test
    void anUploadLeftProcessingByAStoppedServer_isFinishedByTheNextStart(@TempDir Path directory) throws Exception {
        String database = directory.resolve("switchback.db").toString();
        Viewer athlete;
        UploadId uploadId;
        try (Switchback stopped = Switchback.open(
                DatabaseUrl.parse(database), 1, Switchback.Options.defaults(), new MutableClock(TestServer.START))) {
            athlete = Viewer.owner(stopped.athletes()
                    .create(new NewAthlete("marianne", "Marianne", "Vos", TestServer.PASSWORD.toCharArray()))
                    .id());
            uploadId = stopped.uploads()
                    .accept(
                            athlete,
                            new NewUpload(
                                    newRide(),
                                    DataType.GPX,
                                    "left.gpx",
                                    Optional.empty(),
                                    Optional.empty(),
                                    false,
                                    false))
                    .id();
        }

        try (TestServer restarted = TestServer.start(Map.of("database.url", database))) {
            Instant deadline = Instant.now().plus(PATIENCE);
            Upload upload =
                    restarted.switchback().uploads().find(athlete, uploadId).orElseThrow();
            while (upload.status() == UploadStatus.PROCESSING && Instant.now().isBefore(deadline)) {
                sleep();
                upload =
                        restarted.switchback().uploads().find(athlete, uploadId).orElseThrow();
            }

            assertThat(upload.status()).isEqualTo(UploadStatus.READY);
            assertThat(restarted
                            .switchback()
                            .activities()
                            .find(athlete, upload.activityId().orElseThrow())
                            .activity()
                            .source()
                            .externalId())
                    .contains("left.gpx");
        }
        assertThat(Files.exists(directory.resolve("switchback.db"))).isTrue();
    }
}
