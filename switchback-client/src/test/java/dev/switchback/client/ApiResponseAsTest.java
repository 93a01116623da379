package dev.switchback.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.client.model.Activity;
import dev.switchback.client.model.Upload;
import dev.switchback.testing.UnitTest;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Mapping a body onto the model records, without a server: what a newer or a broken server may send. */
@UnitTest
class ApiResponseAsTest {
    private static ApiResponse response(String json) {
        return new ApiResponse(
                200, HttpHeaders.of(Map.of(), (name, value) -> true), Transport.JSON.readTree(json), Optional.empty());
    }

    @Test
    void as_ignoresAPropertyTheRecordDoesNotKnow_soANewerServerNeverBreaksAnOlderClient() {
        Upload upload = response("""
                        {"id":7,"id_str":"7","external_id":"a.gpx","error":null,
                         "status":"Your activity is ready.","activity_id":42,
                         "brand_new_field":{"nested":[1,2,3]},"another":"x"}""").as(Upload.class);

        assertThat(upload.id()).isEqualTo(7);
        assertThat(upload.externalId()).contains("a.gpx");
        assertThat(upload.error()).isEmpty();
        assertThat(upload.activityId()).hasValue(42);
        assertThat(upload.done()).isTrue();
    }

    @Test
    void as_readsASummary_leavingTheDetailedFieldsEmptyAndItsListsEmpty() {
        Activity activity = response("""
                        {"resource_state":2,"id":5,"name":"Morning Ride","distance":1234.5,
                         "start_date":"2026-03-01T09:00:00Z","start_date_local":"2026-03-01T10:00:00Z",
                         "private":true,"average_watts":null}""").as(Activity.class);

        assertThat(activity.resourceState()).isEqualTo(2);
        assertThat(activity.startDate()).contains(Instant.parse("2026-03-01T09:00:00Z"));
        assertThat(activity.startDateLocal()).contains(LocalDateTime.parse("2026-03-01T10:00:00"));
        assertThat(activity.isPrivate()).isTrue();
        assertThat(activity.averageWatts()).isEmpty();
        assertThat(activity.description()).isEmpty();
        assertThat(activity.laps()).isEmpty();
        assertThat(activity.map()).isEmpty();
    }

    @Test
    void as_withABodyThatDoesNotFit_throwsAnInvalidResponse_notAJacksonException() {
        assertThatThrownBy(() -> response("{\"id\":\"not a number\"}").as(Upload.class))
                .isInstanceOfSatisfying(StravaException.class, e -> {
                    assertThat(e.kind()).isEqualTo(StravaException.Kind.INVALID_RESPONSE);
                    assertThat(e.status()).isEqualTo(200);
                    assertThat(e.getMessage()).startsWith("HTTP 200 but the body is not Upload: ");
                });
    }

    @Test
    void asList_withAnObjectInsteadOfAnArray_throwsAnInvalidResponse() {
        assertThatThrownBy(() -> response("{\"id\":1}").asList(Upload.class))
                .isInstanceOfSatisfying(
                        StravaException.class,
                        e -> assertThat(e.getMessage()).startsWith("HTTP 200 but the body is not a list of Upload: "));
    }

    @Test
    void modelCoverage_namesEveryPropertyNoComponentReads_atItsPath_soTheRoundTripChecksAreNotVacuous() {
        var json = Transport.JSON.readTree("""
                {"id":1,"private":false,"surprise":1,
                 "laps":[{"id":2,"activity":{"id":1,"visibility":"everyone","extra":true}}],
                 "map":{"id":"a1","summary_polyline":"x","shape":"y"}}""");

        assertThat(ModelCoverage.dropped(json, Activity.class, java.util.Set.of("map.shape")))
                .containsExactly("surprise", "laps[].activity.extra");
    }
}
