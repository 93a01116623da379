package dev.switchback.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.api.geo.LatLng;
import dev.switchback.api.geo.Polyline;
import dev.switchback.testing.HttpTest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Privacy zones (contract#privacy-zones): with {@code activity:read} only, positions inside the owner's zones are left
 * out of start and end, both polylines and the streams; {@code activity:read_all} sees everything.
 * Marianne's Everyone ride starts at the centre of her 400 m home zone.
 */
@HttpTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivacyZoneTest {
    private static final String READ = "read,activity:read";
    private static final String READ_ALL = "read,activity:read_all";

    private ApiFixture fixture;

    @BeforeAll
    void start() {
        fixture = new ApiFixture();
    }

    @AfterAll
    void stop() {
        fixture.close();
    }

    private JsonNode activity(String scope) {
        return fixture.get("/api/v3/activities/" + fixture.everyone.id(), scope).json();
    }

    private static boolean insideHome(JsonNode latLng) {
        return ApiFixture.HOME.contains(latLng.get(0).asDouble(), latLng.get(1).asDouble());
    }

    private static List<LatLng> decode(JsonNode polyline) {
        return Polyline.decode(polyline.asString());
    }

    private static boolean anyInsideHome(List<LatLng> line) {
        return line.stream().anyMatch(p -> ApiFixture.HOME.contains(p.latitude(), p.longitude()));
    }

    @Test
    void withActivityRead_theDetailedActivityShowsNothingInsideTheZone() {
        JsonNode trimmed = activity(READ);

        assertThat(insideHome(trimmed.get("start_latlng"))).isFalse();
        assertThat(trimmed.get("start_latlng")).hasSize(2);
        assertThat(insideHome(trimmed.get("end_latlng"))).isFalse();
        assertThat(anyInsideHome(decode(trimmed.at("/map/polyline")))).isFalse();
        assertThat(anyInsideHome(decode(trimmed.at("/map/summary_polyline")))).isFalse();
        assertThat(decode(trimmed.at("/map/polyline"))).hasSizeGreaterThan(400);
    }

    @Test
    void withActivityReadAll_theDetailedActivityShowsTheWholeRide() {
        JsonNode whole = activity(READ_ALL);

        assertThat(whole.get("start_latlng").toString()).isEqualTo("[45.0,6.0]");
        assertThat(anyInsideHome(decode(whole.at("/map/polyline")))).isTrue();
        assertThat(anyInsideHome(decode(whole.at("/map/summary_polyline")))).isTrue();
        assertThat(whole.get("distance").asDouble())
                .isEqualTo(activity(READ).get("distance").asDouble());
    }

    @Test
    void theListTrimsSummaryPolylineAndStart_theSameWay() {
        JsonNode trimmed = find(fixture.get("/api/v3/athlete/activities", READ).json());
        JsonNode whole =
                find(fixture.get("/api/v3/athlete/activities", READ_ALL).json());

        assertThat(insideHome(trimmed.get("start_latlng"))).isFalse();
        assertThat(anyInsideHome(decode(trimmed.at("/map/summary_polyline")))).isFalse();
        assertThat(insideHome(whole.get("start_latlng"))).isTrue();
        assertThat(anyInsideHome(decode(whole.at("/map/summary_polyline")))).isTrue();
    }

    private JsonNode find(JsonNode list) {
        for (JsonNode item : list) {
            if (item.get("id").asLong() == fixture.everyone.id().value()) {
                return item;
            }
        }
        throw new AssertionError("activity not listed: " + list);
    }

    @Test
    void streams_withActivityRead_dropWholePointsInsideTheZone_keepingStreamsAligned() {
        String path = "/api/v3/activities/" + fixture.everyone.id()
                + "/streams?keys=latlng,time,altitude,heartrate&key_by_type=true";

        JsonNode trimmed = fixture.get(path, READ).json();
        JsonNode whole = fixture.get(path, READ_ALL).json();

        int kept = trimmed.at("/latlng/data").size();
        assertThat(whole.at("/latlng/data")).hasSize(601);
        assertThat(kept).isLessThan(601).isGreaterThan(500);
        for (JsonNode latLng : trimmed.at("/latlng/data")) {
            assertThat(insideHome(latLng)).as(latLng.toString()).isFalse();
        }
        for (String type : new String[] {"time", "distance", "altitude", "heartrate"}) {
            assertThat(trimmed.at("/" + type + "/data")).as(type).hasSize(kept);
            assertThat(trimmed.at("/" + type + "/original_size").asInt()).isEqualTo(kept);
        }
        assertThat(trimmed.at("/time/data/0").asInt()).isPositive();
        assertThat(trimmed.at("/distance/data/0").asDouble()).isGreaterThan(ApiFixture.HOME.radius() - 10);
    }

    @Test
    void anActivityOutsideEveryZone_isTheSameForBothScopes() {
        var away = fixture.server
                .switchback()
                .activities()
                .importTrack(
                        fixture.marianne.id(),
                        dev.switchback.api.testing.TestTracks.line(
                                ApiFixture.DAY.minusSeconds(86_400 * 5), 46, 7, 46.01, 7.01, 300, 0, 0),
                        dev.switchback.api.activity.TrackImport.of(dev.switchback.api.activity.Visibility.EVERYONE));

        JsonNode trimmed = fixture.get("/api/v3/activities/" + away.id(), READ).json();
        JsonNode whole =
                fixture.get("/api/v3/activities/" + away.id(), READ_ALL).json();

        assertThat(trimmed.get("map")).isEqualTo(whole.get("map"));
        assertThat(trimmed.get("start_latlng")).isEqualTo(whole.get("start_latlng"));
    }
}
