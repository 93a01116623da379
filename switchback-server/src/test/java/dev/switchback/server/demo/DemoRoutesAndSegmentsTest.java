package dev.switchback.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.Switchback;
import dev.switchback.api.Page;
import dev.switchback.api.Viewer;
import dev.switchback.api.club.ClubView;
import dev.switchback.api.route.RouteView;
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
}
