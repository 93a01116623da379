package dev.switchback.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.api.activity.Activity;
import dev.switchback.api.activity.TrackImport;
import dev.switchback.api.activity.Visibility;
import dev.switchback.api.geo.GeoPoint;
import dev.switchback.api.segment.NewSegment;
import dev.switchback.api.segment.Segment;
import dev.switchback.api.segment.SegmentActivityType;
import dev.switchback.api.testing.TestTracks;
import dev.switchback.api.track.Track;
import dev.switchback.api.track.TrackPoint;
import dev.switchback.athlete.Athlete;
import dev.switchback.server.testing.Faults;
import dev.switchback.server.testing.Http;
import dev.switchback.testing.HttpTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Fields whose type or presence Strava's schema and real responses fix (contract#detailed-activity): integers
 * where the schema has an integer, and what a manual activity has and has not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@HttpTest
class StravaShapesApiTest {
    private static final String READ = "read,activity:read";
    private static final String WRITE = "read,activity:read,activity:write";

    private ApiFixture fixture;
    private Athlete watt;

    @BeforeAll
    void start() {
        fixture = new ApiFixture();
        watt = fixture.server.createAthlete("watt");
    }

    @AfterAll
    void stop() {
        fixture.close();
    }

    /** Ten minutes at 1 Hz with power between 200.4 and 350.6 W. */
    private static Track poweredRide(Instant start) {
        List<TrackPoint> points = new ArrayList<>();
        for (int i = 0; i <= 600; i++) {
            double watts = i == 300 ? 350.6 : 200.4 + (i % 7);
            points.add(
                    new TrackPoint(start.plusSeconds(i), 45 + i * 1e-5, 6 + i * 1e-5, 200, Double.NaN, 140, 85, watts));
        }
        return new Track(points, List.of(), Optional.of("Ride"), Optional.empty(), Optional.empty());
    }

    @Test
    void maxWatts_isAnInteger_asStravasSchemaHasIt() {
        Activity ride = fixture.server
                .switchback()
                .activities()
                .importTrack(watt.id(), poweredRide(ApiFixture.DAY), TrackImport.of(Visibility.EVERYONE));

        Http.Response detailed = fixture.server
                .http()
                .get("/api/v3/activities/" + ride.id(), "Authorization", fixture.bearer("watt", READ));
        Http.Response summaries =
                fixture.server.http().get("/api/v3/athlete/activities", "Authorization", fixture.bearer("watt", READ));

        assertThat(detailed.json().get("max_watts").isIntegralNumber()).isTrue();
        assertThat(detailed.body()).contains("\"max_watts\":351,");
        assertThat(summaries.json().get(0).get("max_watts").isIntegralNumber()).isTrue();
        assertThat(detailed.json().get("average_watts").isFloatingPointNumber()).isTrue();
    }

    /** Strava's answer to POST /activities has no laps (contract#manual-laps); the laps endpoint agrees with it. */
    @Test
    void aManualActivity_hasNoLaps_inItsDetailOrAtItsLapsEndpoint() {
        Http.Response created = fixture.postForm(
                "/api/v3/activities",
                WRITE,
                Map.of(
                        "name", "Gym",
                        "sport_type", "WeightTraining",
                        "start_date_local", "2026-02-01T07:00:00Z",
                        "elapsed_time", "3600"));
        long id = created.json().get("id").asLong();

        JsonNode detailed = fixture.get("/api/v3/activities/" + id, READ).json();
        Http.Response laps = fixture.get("/api/v3/activities/" + id + "/laps", READ);

        assertThat(detailed.has("laps")).isFalse();
        assertThat(laps.status()).isEqualTo(200);
        assertThat(laps.body()).isEqualTo("[]");
    }

    /** contract#upload-limits, contract#plain-decimals: impossible dates and numbers are a 400 naming the field. */
    @Test
    void createManual_withAnImpossibleDateOrANumberThatIsNotADecimal_is400NamingTheField() {
        Map<String, String> valid = Map.of(
                "name",
                "Gym",
                "sport_type",
                "Workout",
                "start_date_local",
                "2026-02-01T07:00:00Z",
                "elapsed_time",
                "60");

        assertThat(create(valid, "start_date_local", "0000-01-01T00:00:00Z").body())
                .isEqualTo(Faults.fault("Bad Request", "Activity", "start_date_local", "invalid"));
        assertThat(create(valid, "start_date_local", "1969-12-31T23:59:59Z").status())
                .isEqualTo(400);
        assertThat(create(valid, "elapsed_time", "0x10").body())
                .isEqualTo(Faults.fault("Bad Request", "Activity", "elapsed_time", "invalid"));
        assertThat(create(valid, "elapsed_time", "31536001").status()).isEqualTo(400);
        assertThat(create(valid, "distance", "1d").body())
                .isEqualTo(Faults.fault("Bad Request", "Activity", "distance", "invalid"));
        assertThat(create(valid, "distance", "0x1p3").status()).isEqualTo(400);
        assertThat(create(valid, "elapsed_time", "31536000").status()).isEqualTo(201);
    }

    private Http.Response create(Map<String, String> valid, String field, String value) {
        Map<String, String> form = new java.util.HashMap<>(valid);
        form.put(field, value);
        return fixture.postForm("/api/v3/activities", WRITE, form);
    }

    /** contract#upload-limits: a file spanning years is an upload error naming the limit, never a wrapped time. */
    @Test
    void anUploadSpanningYears_endsInAnErrorNamingTheLimit() throws InterruptedException {
        String gpx = "<?xml version=\"1.0\"?><gpx version=\"1.1\" xmlns=\"http://www.topografix.com/GPX/1/1\">"
                + "<trk><trkseg><trkpt lat=\"45\" lon=\"6\"><time>1990-01-01T10:00:00Z</time></trkpt>"
                + "<trkpt lat=\"45.1\" lon=\"6\"><time>2060-01-01T10:00:00Z</time></trkpt></trkseg></trk></gpx>";
        Http.Response accepted = fixture.server
                .http()
                .postRaw(
                        "/api/v3/uploads",
                        "multipart/form-data; boundary=----switchback-test-boundary",
                        UploadsApiTest.multipart(
                                Map.of("data_type", "gpx"), "decades.gpx", gpx.getBytes(StandardCharsets.UTF_8)),
                        "Authorization",
                        fixture.bearer(WRITE));
        long id = accepted.json().get("id").asLong();

        JsonNode done = fixture.get("/api/v3/uploads/" + id, WRITE).json();
        for (int i = 0; i < 300 && done.get("status").asString().contains("still being processed"); i++) {
            Thread.sleep(50);
            done = fixture.get("/api/v3/uploads/" + id, WRITE).json();
        }

        assertThat(done.get("status").asString()).isEqualTo("There was an error processing your activity.");
        assertThat(done.get("error").asString())
                .isEqualTo("The GPX file spans 25567 days, more than the 365 days an activity may last.");
        assertThat(done.get("activity_id").isNull()).isTrue();
    }

    /**
     * contract#activity-time-zone: San Francisco is America/Los_Angeles (it read "Etc/GMT+8"), labelled with its
     * standard offset as Strava does, and utc_offset is the offset in effect on the day (daylight saving time).
     */
    @Test
    void aRideInSanFranciscoInJuly_isInAmericaLosAngeles_withTheSummersOffset() {
        Activity ride = fixture.server
                .switchback()
                .activities()
                .importTrack(
                        watt.id(),
                        TestTracks.line(
                                Instant.parse("2026-07-04T16:00:00Z"), 37.7541, -122.4475, 37.78, -122.42, 600, 50, 90),
                        TrackImport.of(Visibility.EVERYONE));

        JsonNode activity = fixture.server
                .http()
                .get("/api/v3/activities/" + ride.id(), "Authorization", fixture.bearer("watt", READ))
                .json();

        assertThat(activity.get("timezone").asString()).isEqualTo("(GMT-08:00) America/Los_Angeles");
        assertThat(activity.get("utc_offset").asDouble()).isEqualTo(-25200.0);
        assertThat(activity.get("start_date_local").asString()).isEqualTo("2026-07-04T09:00:00Z");
    }

    /** contract#segment-efforts: the DetailedSegmentEffort and best effort of real responses, keys in their order. */
    @Test
    void anActivity_listsItsSegmentEffortsAndBestEfforts_asStravaDoes() {
        Segment climb = fixture.server
                .switchback()
                .segments()
                .create(NewSegment.of(
                        "Rue du Semnoz",
                        SegmentActivityType.RUN,
                        List.of(GeoPoint.of(45.80, 6.10, 400), GeoPoint.of(45.81, 6.10, 500))));
        Activity run = fixture.server
                .switchback()
                .activities()
                .importTrack(
                        watt.id(),
                        TestTracks.along(
                                Instant.parse("2026-05-01T06:00:00Z"),
                                600,
                                "Run",
                                new double[] {45.80, 6.10, 400},
                                new double[] {45.81, 6.10, 500}),
                        TrackImport.of(Visibility.EVERYONE));

        JsonNode activity = fixture.server
                .http()
                .get(
                        "/api/v3/activities/" + run.id() + "?include_all_efforts=true",
                        "Authorization",
                        fixture.bearer("watt", READ))
                .json();

        JsonNode effort = activity.get("segment_efforts").get(0);
        assertThat(effort.propertyNames())
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
                        "average_cadence",
                        "device_watts",
                        "average_heartrate",
                        "max_heartrate",
                        "segment",
                        "pr_rank",
                        "achievements",
                        "visibility",
                        "kom_rank",
                        "hidden");
        assertThat(effort.get("name").asString()).isEqualTo("Rue du Semnoz");
        assertThat(effort.get("elapsed_time").asLong()).isEqualTo(600);
        assertThat(effort.get("start_date_local").asString()).isEqualTo("2026-05-01T08:00:00Z");
        assertThat(effort.at("/segment/id").asLong()).isEqualTo(climb.id().value());
        assertThat(effort.get("activity").toString())
                .isEqualTo("{\"id\":" + run.id() + ",\"visibility\":\"everyone\",\"resource_state\":1}");
        assertThat(effort.get("pr_rank").asInt()).isEqualTo(1);
        assertThat(effort.get("achievements").toString()).isEqualTo("[{\"type_id\":3,\"type\":\"pr\",\"rank\":1}]");
        JsonNode best = activity.get("best_efforts");
        assertThat(best.get(0).propertyNames())
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
                        "pr_rank",
                        "achievements",
                        "start_index",
                        "end_index");
        assertThat(best.get(0).get("name").asString()).isEqualTo("400m");
        assertThat(best.get(0).get("distance").asLong()).isEqualTo(400);
    }
}
