package dev.switchback.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.api.testing.TestTracks;
import dev.switchback.server.testing.Http;
import dev.switchback.testing.HttpTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code upload} and {@code awaitUpload} against the real server's uploads (contract#uploads). */
@HttpTest
class UploadsTest {
    /** Bounds a wait for processing that would never end; never a speed. */
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    /** Faster than Strava advises: this is our own server. */
    private static final Duration POLL = Duration.ofMillis(100);

    @TempDir
    Path directory;

    private Grants grants;
    private StravaClient client;
    private String token;

    @BeforeEach
    void start() {
        grants = Grants.start(java.util.Map.of("emulator", "true"));
        client = grants.client;
        token = grants.authorize("read,activity:read_all,activity:write").accessToken();
    }

    @AfterEach
    void stop() {
        grants.close();
    }

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(directory.resolve(name), content);
    }

    private static byte[] ride(int day) {
        return TestTracks.utf8(TestTracks.gpx(
                TestTracks.ride(Instant.parse("2026-01-01T08:00:00Z").plus(Duration.ofDays(day)))));
    }

    @Test
    void aGpxUpload_isPolledUntilItsActivityIsReady_andTheActivityCarriesTheFormFields() throws IOException {
        Path gpx = file("morning-ride.gpx", ride(1));

        ApiResponse accepted = client.upload(
                token,
                gpx,
                UploadRequest.builder()
                        .name("Café loop")
                        .description("Two lines,\r\nthe second \"quoted\"")
                        .externalId("log-42")
                        .commute(true)
                        .build());
        ApiResponse ready = client.awaitUpload(token, accepted.body().path("id").asLong(), POLL, PATIENCE);

        assertThat(accepted.status()).isEqualTo(201);
        assertThat(ready.body().path("status").asString()).isEqualTo("Your activity is ready.");
        long activityId = ready.body().path("activity_id").asLong();
        var activity = client.get(token, "/activities/" + activityId).body();
        assertThat(activity.path("name").asString()).isEqualTo("Café loop");
        assertThat(activity.path("description").asString()).isEqualTo("Two lines,\r\nthe second \"quoted\"");
        assertThat(activity.path("external_id").asString()).isEqualTo("log-42");
        assertThat(activity.path("commute").asBoolean()).isTrue();
    }

    @Test
    void aGzippedFile_hasItsDataTypeInferredFromItsName_andItsNameBecomesTheExternalId() throws IOException {
        Path gz = file("17611540601.GPX.gz", TestTracks.gzip(ride(2)));

        ApiResponse ready = client.awaitUpload(
                token, client.upload(token, gz).body().path("id").asLong(), POLL, PATIENCE);

        assertThat(ready.body().path("external_id").asString()).isEqualTo("17611540601.GPX.gz");
        assertThat(ready.body().path("activity_id").isNumber()).isTrue();
    }

    @Test
    void theSameFileUploadedTwice_endsAsADuplicateOfTheFirstActivity() throws IOException {
        Path gpx = file("twice.gpx", ride(3));
        long first = client.awaitUpload(
                        token, client.upload(token, gpx).body().path("id").asLong(), POLL, PATIENCE)
                .body()
                .path("activity_id")
                .asLong();
        long second = client.upload(token, gpx).body().path("id").asLong();

        assertThatThrownBy(() -> client.awaitUpload(token, second, POLL, PATIENCE))
                .isInstanceOfSatisfying(UploadException.class, e -> {
                    assertThat(e.reason()).isEqualTo(UploadException.Reason.ERROR);
                    assertThat(e.uploadId()).isEqualTo(second);
                    assertThat(e.duplicateOf()).hasValue(first);
                    assertThat(e.error()).contains("twice.gpx duplicate of activity " + first);
                    assertThat(e.upload().path("status").asString())
                            .isEqualTo("There was an error processing your activity.");
                    assertThat(e.getMessage()).contains("duplicate of activity " + first);
                });
    }

    @Test
    void aFileThatIsNotWhatItsNameSays_endsWithTheServersError() throws IOException {
        Path bad = file("not-a-track.gpx", "just some words".getBytes(StandardCharsets.UTF_8));
        long id = client.upload(token, bad).body().path("id").asLong();

        assertThatThrownBy(() -> client.awaitUpload(token, id, POLL, PATIENCE))
                .isInstanceOfSatisfying(UploadException.class, e -> {
                    assertThat(e.reason()).isEqualTo(UploadException.Reason.ERROR);
                    assertThat(e.error()).isPresent();
                    assertThat(e.duplicateOf()).isEmpty();
                });
    }

    @Test
    void anEmptyFile_isRefusedAtSubmission_withStravasFaultAndTheBody() throws IOException {
        Path empty = file("empty.gpx", new byte[0]);

        assertThatThrownBy(() -> client.upload(token, empty)).isInstanceOfSatisfying(StravaException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.hasError("Upload", "file", "invalid")).isTrue();
            assertThat(e.body()).contains("\"resource\":\"Upload\"");
        });
    }

    @Test
    void aFileNameWithNoKnownType_isRefusedBeforeSending_unlessTheRequestSetsTheType() throws IOException {
        Path txt = file("ride.txt", ride(4));

        assertThatThrownBy(() -> client.upload(token, txt))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ride.txt");
        long id = client.upload(
                        token,
                        txt,
                        UploadRequest.builder()
                                .dataType(UploadRequest.DataType.GPX)
                                .build())
                .body()
                .path("id")
                .asLong();
        assertThat(client.awaitUpload(token, id, POLL, PATIENCE)
                        .body()
                        .path("activity_id")
                        .isNumber())
                .isTrue();
    }

    @Test
    void anUploadOfAnotherAthlete_orNoUploadAtAll_isA404WhilePolling() {
        assertThatThrownBy(() -> client.awaitUpload(token, 987654, POLL, PATIENCE))
                .isInstanceOfSatisfying(StravaException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.hasError("Upload", "id", "invalid")).isTrue();
                });
    }

    @Test
    void aPollAnswered503_isRetriedAsTheRetryPolicySays() throws IOException {
        List<Duration> waits = new ArrayList<>();
        StravaClient retrying = grants.clientBuilder()
                .retry(RetryPolicy.of(2, Duration.ofSeconds(5)).withSleeper(waits::add))
                .build();
        long id = retrying.upload(token, file("retried.gpx", ride(5)))
                .body()
                .path("id")
                .asLong();
        Http.Response armed = grants.server
                .http()
                .postJson("/_switchback/faults", "{\"path\":\"/api/v3/uploads/*\",\"status\":503,\"times\":1}");
        assertThat(armed.status()).as(armed.body()).isEqualTo(201);

        assertThat(retrying.awaitUpload(token, id, POLL, PATIENCE)
                        .body()
                        .path("activity_id")
                        .isNumber())
                .isTrue();
        assertThat(waits).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void pollingArguments_areCheckedAtOnce() {
        assertThatThrownBy(() -> client.awaitUpload(token, 1, Duration.ZERO, PATIENCE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("interval must be positive (got PT0S)");
        assertThatThrownBy(() -> client.awaitUpload(token, 0, POLL, PATIENCE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("uploadId must be a positive integer (got 0)");
        assertThatThrownBy(() -> UploadRequest.builder().name(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name must be 1 to 255 characters");
    }
}
