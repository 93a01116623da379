package dev.switchback.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.Switchback;
import dev.switchback.api.Page;
import dev.switchback.api.Viewer;
import dev.switchback.api.activity.DetailedActivity;
import dev.switchback.api.activity.SegmentEffort;
import dev.switchback.api.club.ClubView;
import dev.switchback.api.route.RouteView;
import dev.switchback.api.segment.AthleteSegmentStats;
import dev.switchback.api.segment.SegmentView;
import dev.switchback.athlete.AthleteId;
import dev.switchback.scope.Scope;
import dev.switchback.scope.ScopeSet;
import dev.switchback.server.DemoData;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The demo data gives the demo athlete what it takes to try every route, segment and club rule. */
@HttpTest
class DemoRoutesAndSegmentsTest {
    private TestServer server;
    private Switchback switchback;
    private AthleteId demo;

    @BeforeEach
    void start() {
        server = TestServer.start();
        switchback = server.switchback();
        demo = DemoData.createIfEmpty(switchback).orElseThrow().athlete().id();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Viewer token(Scope... scopes) {
        return new Viewer(demo, ScopeSet.of(scopes));
    }

    @Test
    void demoAthlete_hasPublicAndPrivateRoutes_theLatterOnlyWithReadAll() {
        List<RouteView> withRead = switchback.routes().listByAthlete(token(Scope.READ), demo, Page.FIRST);
        List<RouteView> withReadAll =
                switchback.routes().listByAthlete(token(Scope.READ, Scope.READ_ALL), demo, Page.FIRST);

        assertThat(withRead).isNotEmpty().noneMatch(view -> view.route().isPrivate());
        assertThat(withReadAll)
                .hasSizeGreaterThan(withRead.size())
                .anyMatch(view -> view.route().isPrivate());
        assertThat(withRead).anyMatch(view -> !view.segments().isEmpty());
    }

    @Test
    void demoAthlete_hasStarredPublicAndPrivateSegments_andARecord() {
        List<SegmentView> withRead = switchback.segments().starred(token(Scope.READ), Page.FIRST);
        List<SegmentView> withReadAll = switchback.segments().starred(token(Scope.READ, Scope.READ_ALL), Page.FIRST);

        assertThat(withRead).isNotEmpty().noneMatch(view -> view.segment().isPrivate());
        assertThat(withReadAll).anyMatch(view -> view.segment().isPrivate());
        assertThat(withReadAll)
                .anyMatch(view ->
                        view.athleteStats().orElseThrow().prElapsedTime().isPresent());
    }

    @Test
    void demoAthlete_belongsToAPublicAndAPrivateClub() {
        List<ClubView> clubs = switchback.clubs().listOwn(token(Scope.READ), Page.FIRST);

        assertThat(clubs)
                .anyMatch(view -> view.club().isPrivate())
                .anyMatch(view -> !view.club().isPrivate());
    }

    /**
     * contract#segment-efforts: the demo's record on Hawk Hill is the efforts of the demo ride that climbs it
     * (it was four invented efforts and a record on activity 1, which never went there).
     */
    @Test
    void demoAthletesRecordOnHawkHill_isTheEffortsOfTheRideThatClimbsIt() {
        Viewer all = new Viewer(demo, ScopeSet.of(Scope.values()));
        SegmentView hawkHill = switchback.segments().starred(all, Page.FIRST).stream()
                .filter(view -> view.segment().name().equals("Hawk Hill"))
                .findFirst()
                .orElseThrow();
        AthleteSegmentStats record = hawkHill.athleteStats().orElseThrow();

        DetailedActivity ride =
                switchback.activities().find(all, record.prActivityId().orElseThrow(), true);

        assertThat(ride.activity().details().name()).isEqualTo("Hawk Hill Repeats");
        List<SegmentEffort> efforts = ride.segmentEfforts().stream()
                .filter(e ->
                        e.segment().segment().id().equals(hawkHill.segment().id()))
                .map(DetailedActivity.Effort::effort)
                .toList();
        assertThat(efforts).hasSize(record.effortCount()).hasSize(3);
        assertThat(hawkHill.segment().effortCount()).isEqualTo(3);
        SegmentEffort best = efforts.stream()
                .filter(e -> e.prRank().equals(java.util.OptionalInt.of(1)))
                .findFirst()
                .orElseThrow();
        assertThat(record.prElapsedTime()).contains(java.time.Duration.ofSeconds(best.elapsedTime()));
        assertThat(record.prDate()).contains(best.startDate());
    }
}
