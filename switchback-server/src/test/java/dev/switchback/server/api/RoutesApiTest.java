package dev.switchback.server.api;

import static dev.switchback.server.testing.Faults.APPLICATION_INVALID;
import static dev.switchback.server.testing.Faults.assertStravaShaped4xx;
import static dev.switchback.server.testing.Faults.fault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.switchback.api.geo.GeoPoint;
import dev.switchback.api.geo.Polyline;
import dev.switchback.api.route.NewRoute;
import dev.switchback.api.route.Route;
import dev.switchback.api.route.RouteSubType;
import dev.switchback.api.route.RouteType;
import dev.switchback.api.segment.NewSegment;
import dev.switchback.api.segment.Segment;
import dev.switchback.api.segment.SegmentActivityType;
import dev.switchback.athlete.Athlete;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;

/**
 * The route rows of contract#scope-matrix over HTTP: {@code GET /routes/{id}}, {@code /export_gpx}, {@code /export_tcx},
 * {@code /streams} ({@code read}; private routes need {@code read_all}) and {@code GET /athletes/{id}/routes}
 * (the athlete's own; private ones filtered without {@code read_all}).
 */
@HttpTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoutesApiTest {
    private static final String ROUTE_NOT_FOUND = fault("Record Not Found", "Route", "id", "invalid");
    private static final List<String> ROUTE_KEYS = List.of(
            "athlete",
            "description",
            "distance",
            "elevation_gain",
            "id",
            "id_str",
            "map",
            "name",
            "private",
            "starred",
            "timestamp",
            "type",
            "sub_type",
            "created_at",
            "updated_at",
            "estimated_moving_time",
            "segments",
            "waypoints");
    private static final List<GeoPoint> LOOP = List.of(
            GeoPoint.of(37.8326, -122.4830, 62),
            GeoPoint.of(37.8305, -122.4898, 120),
            GeoPoint.of(37.8289, -122.4942, 190),
            GeoPoint.of(37.8265, -122.4990, 280),
            GeoPoint.of(37.8300, -122.4850, 90));

    private TestServer server;
    private Athlete marianne;
    private Athlete otto;
    private Route publicRoute;
    private Route privateRoute;
    private Route ottosPublicRoute;
    private Route ottosPrivateRoute;
    private Segment publicSegment;
    private String read;
    private String readAll;
    private String ottoReadAll;

    @BeforeAll
    void start() {
        server = TestServer.start();
        marianne = server.createAthlete("marianne");
        otto = server.createAthlete("otto");
        publicSegment = server.switchback()
                .segments()
                .create(NewSegment.of("Hawk Hill", SegmentActivityType.RIDE, LOOP.subList(0, 4)));
        Segment ottosPrivateSegment = server.switchback()
                .segments()
                .create(NewSegment.of("Otto's secret", SegmentActivityType.RIDE, LOOP)
                        .createdBy(otto.id())
                        .asPrivate());
        publicRoute = server.switchback()
                .routes()
                .create(NewRoute.ride(marianne.id(), "Headlands <Loop> & \"more\"", LOOP)
                        .describedAs("Up Hawk Hill")
                        .through(List.of(publicSegment.id(), ottosPrivateSegment.id())));
        server.clock().advance(java.time.Duration.ofMinutes(1));
        privateRoute = server.switchback()
                .routes()
                .create(NewRoute.ride(marianne.id(), "Commute", LOOP)
                        .asPrivate()
                        .ofType(RouteType.RUN, RouteSubType.TRAIL));
        ottosPublicRoute = server.switchback().routes().create(NewRoute.ride(otto.id(), "Otto's ride", LOOP));
        ottosPrivateRoute = server.switchback()
                .routes()
                .create(NewRoute.ride(otto.id(), "Otto's home", LOOP).asPrivate());
        read = bearer("marianne", "read");
        readAll = bearer("marianne", "read,read_all");
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

    // --- GET /routes/{id} -------------------------------------------------------------------------

    @Test
    void getRoute_public_withRead_returnsStravasRouteShape() {
        Http.Response response = get("/routes/" + publicRoute.id(), read);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("Content-Type").orElseThrow())
                .startsWith("application/json")
                .containsIgnoringCase("charset=utf-8");
        JsonNode route = response.json();
        assertThat(route.propertyNames()).containsExactlyElementsOf(ROUTE_KEYS);
        assertThat(route.get("id").asLong()).isEqualTo(publicRoute.id().value());
        assertThat(route.get("id_str").asString()).isEqualTo(publicRoute.id().toString());
        assertThat(route.get("name").asString()).isEqualTo("Headlands <Loop> & \"more\"");
        assertThat(route.get("description").asString()).isEqualTo("Up Hawk Hill");
        assertThat(route.get("private").asBoolean()).isFalse();
        assertThat(route.get("type").asInt()).isEqualTo(1);
        assertThat(route.get("sub_type").asInt()).isEqualTo(1);
        assertThat(route.get("timestamp").asLong()).isEqualTo(TestServer.START.getEpochSecond());
        assertThat(route.get("created_at").asString()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(route.get("distance").asDouble())
                .isEqualTo(publicRoute.distance())
                .isGreaterThan(1000);
        assertThat(route.get("elevation_gain").asDouble()).isEqualTo(218.0);
        assertThat(route.get("estimated_moving_time").asLong())
                .isEqualTo(publicRoute.estimatedMovingTime().toSeconds());
        assertThat(route.get("athlete").get("id").asLong())
                .isEqualTo(marianne.id().value());
        assertThat(route.get("athlete").get("resource_state").asInt()).isEqualTo(2);
        assertThat(route.get("map").get("id").asString()).isEqualTo("r" + publicRoute.id());
        assertThat(Polyline.decode(route.get("map").get("polyline").asString())).hasSize(LOOP.size());
        assertThat(route.get("map").get("summary_polyline").asString()).isNotEmpty();
    }

    @Test
    void getRoute_listsOnlyTheSegmentsTheTokenMaySee() {
        JsonNode segments = get("/routes/" + publicRoute.id(), readAll).json().get("segments");

        assertThat(segments).hasSize(1);
        assertThat(segments.get(0).get("id").asLong())
                .isEqualTo(publicSegment.id().value());
        assertThat(segments.get(0).get("resource_state").asInt()).isEqualTo(2);
    }

    @Test
    void getRoute_private_withReadOnly_is404RecordNotFound() {
        Http.Response response = get("/routes/" + privateRoute.id(), read);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).isEqualTo(ROUTE_NOT_FOUND);
    }

    @Test
    void getRoute_private_withReadAll_ofItsOwner_returnsIt() {
        Http.Response response = get("/routes/" + privateRoute.id(), readAll);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("private").asBoolean()).isTrue();
        assertThat(response.json().get("type").asInt()).isEqualTo(2);
        assertThat(response.json().get("sub_type").asInt()).isEqualTo(4);
    }

    @Test
    void getRoute_anotherAthletesPrivateRoute_isHiddenEvenWithReadAll() {
        assertThat(get("/routes/" + ottosPrivateRoute.id(), readAll).body()).isEqualTo(ROUTE_NOT_FOUND);
        assertThat(get("/routes/" + ottosPrivateRoute.id(), ottoReadAll).status())
                .isEqualTo(200);
    }

    @Test
    void getRoute_anotherAthletesPublicRoute_withRead_returnsItWithItsOwner() {
        Http.Response response = get("/routes/" + ottosPublicRoute.id(), read);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("athlete").get("id").asLong())
                .isEqualTo(otto.id().value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"999999", "0", "-1", "abc", "1.5", "1e3", "99999999999999999999", "%20", "%E2%82%AC"})
    void getRoute_unknownOrNonNumericId_is404RecordNotFound(String id) {
        Http.Response response = get("/routes/" + id, readAll);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).isEqualTo(ROUTE_NOT_FOUND);
    }

    @Test
    void getRoute_withoutToken_is401_andCarriesNoRoute() {
        Http.Response response = server.http().get("/api/v3/routes/" + publicRoute.id());

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(APPLICATION_INVALID);
    }

    @Test
    void routeResponses_carryTheRateLimitHeaders_onSuccessAnd404() {
        for (Http.Response response : List.of(
                get("/routes/" + publicRoute.id(), read),
                get("/routes/" + privateRoute.id(), read),
                get("/routes/" + publicRoute.id() + "/export_gpx", read))) {
            assertThat(response.header("X-RateLimit-Limit")).contains("10000,10000");
            assertThat(response.header("X-RateLimit-Usage")).isPresent();
            assertThat(response.header("X-ReadRateLimit-Limit")).contains("10000,10000");
            assertThat(response.header("X-ReadRateLimit-Usage")).isPresent();
        }
    }

    // --- GET /athletes/{id}/routes ----------------------------------------------------------------

    @Test
    void listRoutes_withRead_filtersOutPrivateRoutes() {
        Http.Response response = get("/athletes/" + marianne.id() + "/routes", read);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(names(response.json())).containsExactly("Headlands <Loop> & \"more\"");
    }

    @Test
    void listRoutes_withReadAll_includesPrivateRoutes_newestFirst_withSummaryMaps() {
        JsonNode routes = get("/athletes/" + marianne.id() + "/routes", readAll).json();

        assertThat(names(routes)).containsExactly("Commute", "Headlands <Loop> & \"more\"");
        assertThat(routes.get(0).propertyNames()).containsExactlyElementsOf(ROUTE_KEYS);
        assertThat(routes.get(0).get("map").has("polyline")).isFalse();
        assertThat(routes.get(0).get("map").get("summary_polyline").asString()).isNotEmpty();
    }

    @Test
    void listRoutes_ofAnotherAthlete_is404() {
        Http.Response response = get("/athletes/" + otto.id() + "/routes", readAll);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).isEqualTo(fault("Record Not Found", "Athlete", "id", "invalid"));
        assertThat(get("/athletes/abc/routes", readAll).body())
                .isEqualTo(fault("Record Not Found", "Athlete", "id", "invalid"));
    }

    @Test
    void listRoutes_pagesWithPageAndPerPage_upTo200() {
        String path = "/athletes/" + marianne.id() + "/routes";

        assertThat(names(get(path + "?per_page=1", readAll).json())).containsExactly("Commute");
        assertThat(names(get(path + "?per_page=1&page=2", readAll).json()))
                .containsExactly("Headlands <Loop> & \"more\"");
        assertThat(names(get(path + "?per_page=1&page=3", readAll).json())).isEmpty();
        assertThat(get(path + "?per_page=200", readAll).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "per_page=201",
                "per_page=0",
                "per_page=-1",
                "per_page=abc",
                "per_page=1.5",
                "page=0",
                "page=abc",
                "page=99999999999",
                "per_page=1&per_page=2"
            })
    void listRoutes_withPagingOutOfRange_isAStravaShaped400(String query) {
        Http.Response response = get("/athletes/" + marianne.id() + "/routes?" + query, readAll);

        assertStravaShaped4xx(response);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("resource").asString())
                .isEqualTo("Route");
        assertThat(response.json().get("errors").get(0).get("code").asString()).isEqualTo("invalid");
    }

    // --- GET /routes/{id}/export_gpx, /export_tcx -------------------------------------------------

    @Test
    void exportGpx_isAWellFormedGpx11Document_withTheRoutesPoints() throws Exception {
        Http.Response response = get("/routes/" + publicRoute.id() + "/export_gpx", read);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("Content-Type").orElseThrow()).startsWith("application/gpx+xml");
        Document gpx = parse(response.body());
        Element root = gpx.getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo("gpx");
        assertThat(root.getNamespaceURI()).isEqualTo("http://www.topografix.com/GPX/1/1");
        assertThat(root.getAttribute("version")).isEqualTo("1.1");
        assertThat(root.getAttribute("creator")).isNotEmpty();
        assertThat(text(gpx, "name")).isEqualTo("Headlands <Loop> & \"more\"");
        NodeList points = gpx.getElementsByTagNameNS("http://www.topografix.com/GPX/1/1", "trkpt");
        assertThat(points.getLength()).isEqualTo(LOOP.size());
        for (int i = 0; i < LOOP.size(); i++) {
            Element point = (Element) points.item(i);
            assertThat(Double.parseDouble(point.getAttribute("lat")))
                    .isEqualTo(LOOP.get(i).latitude());
            assertThat(Double.parseDouble(point.getAttribute("lon")))
                    .isEqualTo(LOOP.get(i).longitude());
            assertThat(Double.parseDouble(
                            point.getElementsByTagNameNS("*", "ele").item(0).getTextContent()))
                    .isEqualTo(LOOP.get(i).altitude());
        }
    }

    @Test
    void exportGpx_ofAPrivateRoute_is404WithRead_andTheFileWithReadAll() throws Exception {
        Http.Response hidden = get("/routes/" + privateRoute.id() + "/export_gpx", read);
        Http.Response shown = get("/routes/" + privateRoute.id() + "/export_gpx", readAll);

        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.body()).isEqualTo(ROUTE_NOT_FOUND);
        assertThat(shown.status()).isEqualTo(200);
        assertThat(parse(shown.body()).getElementsByTagNameNS("*", "trkpt").getLength())
                .isEqualTo(LOOP.size());
        assertThat(get("/routes/" + ottosPrivateRoute.id() + "/export_gpx", readAll)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void exportTcx_isAWellFormedCourse_withTheRoutesPointsAndTimesInOrder() throws Exception {
        Http.Response response = get("/routes/" + publicRoute.id() + "/export_tcx", read);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("Content-Type").orElseThrow()).startsWith("application/vnd.garmin.tcx+xml");
        Document tcx = parse(response.body());
        assertThat(tcx.getDocumentElement().getNamespaceURI())
                .isEqualTo("http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2");
        assertThat(text(tcx, "Name")).hasSizeLessThanOrEqualTo(15).isEqualTo("Headlands <Loop");
        NodeList trackpoints = tcx.getElementsByTagNameNS("*", "Trackpoint");
        assertThat(trackpoints.getLength()).isEqualTo(LOOP.size());
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < trackpoints.getLength(); i++) {
            times.add(Instant.parse(((Element) trackpoints.item(i))
                    .getElementsByTagNameNS("*", "Time")
                    .item(0)
                    .getTextContent()));
        }
        assertThat(times).isSorted();
        assertThat(times.get(times.size() - 1))
                .isEqualTo(publicRoute.createdAt().plus(publicRoute.estimatedMovingTime()));
        assertThat(Double.parseDouble(text(tcx, "DistanceMeters"))).isCloseTo(publicRoute.distance(), within(0.1));
        assertThat(get("/routes/" + privateRoute.id() + "/export_tcx", read).body())
                .isEqualTo(ROUTE_NOT_FOUND);
    }

    // --- GET /routes/{id}/streams -----------------------------------------------------------------

    @Test
    void streams_areLatlngDistanceAndAltitude_ofOneLengthEach() {
        Http.Response response = get("/routes/" + publicRoute.id() + "/streams", read);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode streams = response.json();
        assertThat(streams.findValuesAsString("type")).containsExactly("latlng", "distance", "altitude");
        for (JsonNode stream : streams) {
            assertThat(stream.get("data")).hasSize(LOOP.size());
            assertThat(stream.get("original_size").asInt()).isEqualTo(LOOP.size());
            assertThat(stream.get("series_type").asString()).isEqualTo("distance");
            assertThat(stream.get("resolution").asString()).isEqualTo("high");
        }
        assertThat(streams.get(0).get("data").get(1).get(0).asDouble()).isEqualTo(37.8305);
        assertThat(streams.get(1).get("data").get(0).asDouble()).isZero();
        assertThat(streams.get(1).get("data").get(LOOP.size() - 1).asDouble())
                .isCloseTo(publicRoute.distance(), within(0.2));
        assertThat(streams.get(2).get("data").get(3).asDouble()).isEqualTo(280.0);
    }

    @Test
    void streams_ofAPrivateRoute_is404WithRead_and200WithReadAll() {
        assertThat(get("/routes/" + privateRoute.id() + "/streams", read).body())
                .isEqualTo(ROUTE_NOT_FOUND);
        assertThat(get("/routes/" + privateRoute.id() + "/streams", readAll).status())
                .isEqualTo(200);
    }

    private static List<String> names(JsonNode routes) {
        List<String> names = new ArrayList<>();
        routes.forEach(route -> names.add(route.get("name").asString()));
        return names;
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Document document, String localName) {
        return document.getElementsByTagNameNS("*", localName).item(0).getTextContent();
    }
}
