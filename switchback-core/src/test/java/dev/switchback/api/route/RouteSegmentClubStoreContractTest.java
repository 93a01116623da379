package dev.switchback.api.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.api.Page;
import dev.switchback.api.Viewer;
import dev.switchback.api.activity.ActivityService;
import dev.switchback.api.activity.ActivityStore;
import dev.switchback.api.activity.TrackImport;
import dev.switchback.api.activity.Visibility;
import dev.switchback.api.club.Club;
import dev.switchback.api.club.ClubMember;
import dev.switchback.api.club.ClubService;
import dev.switchback.api.club.ClubSportType;
import dev.switchback.api.club.ClubStore;
import dev.switchback.api.club.ClubView;
import dev.switchback.api.club.NewClub;
import dev.switchback.api.geo.GeoPoint;
import dev.switchback.api.geo.LatLng;
import dev.switchback.api.segment.Bounds;
import dev.switchback.api.segment.ExploreQuery;
import dev.switchback.api.segment.NewSegment;
import dev.switchback.api.segment.Segment;
import dev.switchback.api.segment.SegmentActivityType;
import dev.switchback.api.segment.SegmentService;
import dev.switchback.api.segment.SegmentStore;
import dev.switchback.api.testing.TestTracks;
import dev.switchback.athlete.Athlete;
import dev.switchback.athlete.AthleteStore;
import dev.switchback.athlete.NewAthlete;
import dev.switchback.fault.FaultException;
import dev.switchback.scope.Scope;
import dev.switchback.scope.ScopeSet;
import dev.switchback.store.Database;
import dev.switchback.store.DatabaseUrl;
import dev.switchback.store.testing.TestDatabase;
import dev.switchback.testing.StoreTest;
import dev.switchback.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The V4 tables through their services, on SQLite and PostgreSQL: what is stored comes back, and the
 * visibility rules written in SQL (starred, listed, explored) agree on both databases.
 */
@StoreTest
class RouteSegmentClubStoreContractTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final List<GeoPoint> CLIMB = List.of(
            GeoPoint.of(37.8300, -122.4800, 10), GeoPoint.of(37.8310, -122.4810, 40),
            GeoPoint.of(37.8320, -122.4820, 75), GeoPoint.of(37.8330, -122.4830, 110));

    private TestDatabase testDatabase;
    private Database database;
    private MutableClock clock;
    private SegmentService segments;
    private RouteService routes;
    private ClubService clubs;
    private Athlete owner;
    private Athlete other;

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
        if (testDatabase != null) {
            testDatabase.close();
        }
    }

    private void open(TestDatabase.Kind kind) {
        testDatabase = TestDatabase.create(kind);
        database = Database.open(DatabaseUrl.parse(testDatabase.url()), 2);
        clock = new MutableClock(NOW);
        AthleteStore athletes = new AthleteStore();
        segments = new SegmentService(database, new SegmentStore(), clock);
        routes = new RouteService(database, new RouteStore(), athletes, segments, clock);
        clubs = new ClubService(database, new ClubStore(), clock);
        owner = athlete(athletes, new NewAthlete("owner", "Olga", "Owner", "password".toCharArray()));
        other = athlete(athletes, new NewAthlete("other", "Otto", "Other", "password".toCharArray()));
    }

    private Athlete athlete(AthleteStore athletes, NewAthlete athlete) {
        return database.write(tx -> athletes.insert(tx, athlete, "hash", NOW)).orElseThrow();
    }

    /** A ride up {@link #CLIMB}, start to end, in {@code seconds}: one effort on it (contract#segment-efforts). */
    private void ride(ActivityService activities, Athlete athlete, int seconds) {
        clock.advance(Duration.ofHours(1));
        activities.importTrack(
                athlete.id(),
                TestTracks.line(clock.instant(), 37.83, -122.48, 37.833, -122.483, seconds, 10, 110),
                TrackImport.of(Visibility.EVERYONE));
    }

    private static Viewer token(Athlete athlete, Scope... scopes) {
        return new Viewer(athlete.id(), ScopeSet.of(scopes));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aRoute_comesBackWithItsMeasuresPointsAndSegments(TestDatabase.Kind kind) {
        open(kind);
        Segment climb = segments.create(NewSegment.of("Climb", SegmentActivityType.RIDE, CLIMB));
        List<GeoPoint> points = List.of(
                GeoPoint.of(37.83, -122.48, 10),
                GeoPoint.of(37.84, -122.48, Double.NaN),
                GeoPoint.of(37.85, -122.48, 60));

        Route route = routes.create(
                NewRoute.ride(owner.id(), "Loop", points).describedAs("A loop").through(List.of(climb.id())));
        RouteView view = routes.find(token(other, Scope.READ), route.id());
        RoutePath path = routes.path(token(owner, Scope.READ), route.id());

        assertThat(route.distance()).isBetween(2220.0, 2226.0);
        assertThat(route.elevationGain()).isEqualTo(50.0);
        assertThat(route.estimatedMovingTime())
                .isEqualTo(Duration.ofSeconds(Math.round(route.distance() / (25 / 3.6))));
        assertThat(route.createdAt()).isEqualTo(NOW);
        assertThat(view.athlete().username()).isEqualTo("owner");
        assertThat(view.segments()).extracting(s -> s.segment().name()).containsExactly("Climb");
        assertThat(path.points()).hasSize(3);
        assertThat(path.points().get(1).hasAltitude()).isFalse();
        assertThat(path.points().get(2).altitude()).isEqualTo(60.0);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void listByAthlete_newestFirst_privateOnlyWithReadAll_paged(TestDatabase.Kind kind) {
        open(kind);
        routes.create(NewRoute.ride(owner.id(), "First", CLIMB));
        routes.create(NewRoute.ride(owner.id(), "Secret", CLIMB).asPrivate());
        routes.create(NewRoute.ride(owner.id(), "Third", CLIMB));
        routes.create(NewRoute.ride(other.id(), "Not mine", CLIMB));

        assertThat(routes.listByAthlete(token(owner, Scope.READ), owner.id(), Page.FIRST))
                .extracting(v -> v.route().name())
                .containsExactly("Third", "First");
        assertThat(routes.listByAthlete(token(owner, Scope.READ_ALL), owner.id(), Page.FIRST))
                .extracting(v -> v.route().name())
                .containsExactly("Third", "Secret", "First");
        assertThat(routes.listByAthlete(token(owner, Scope.READ_ALL), owner.id(), new Page(2, 2)))
                .extracting(v -> v.route().name())
                .containsExactly("First");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aPrivateRoute_isFoundOnlyByItsOwnerWithReadAll(TestDatabase.Kind kind) {
        open(kind);
        Route secret = routes.create(NewRoute.ride(owner.id(), "Secret", CLIMB).asPrivate());

        assertThat(routes.find(token(owner, Scope.READ, Scope.READ_ALL), secret.id())
                        .route()
                        .isPrivate())
                .isTrue();
        assertThatThrownBy(() -> routes.find(token(owner, Scope.READ), secret.id()))
                .isInstanceOf(FaultException.class);
        assertThatThrownBy(() -> routes.find(token(other, Scope.READ_ALL), secret.id()))
                .isInstanceOf(FaultException.class);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aSegment_comesBackWithItsGeometryAndCounts(TestDatabase.Kind kind) {
        open(kind);
        Segment climb = segments.create(
                NewSegment.of("Climb", SegmentActivityType.RIDE, CLIMB).in("Sausalito", "CA", "USA"));
        ActivityService activities = new ActivityService(database, new ActivityStore(), clock);
        for (int seconds : new int[] {120, 95, 130}) {
            ride(activities, owner, seconds);
        }
        for (int seconds : new int[] {100, 140}) {
            ride(activities, other, seconds);
        }
        segments.star(token(other, Scope.READ), climb.id(), true);

        Segment found = segments.find(token(owner, Scope.READ_ALL), climb.id()).segment();

        assertThat(found.start()).isEqualTo(new LatLng(37.83, -122.48));
        assertThat(found.end()).isEqualTo(new LatLng(37.833, -122.483));
        assertThat(found.elevationHigh()).hasValue(110.0);
        assertThat(found.elevationLow()).hasValue(10.0);
        assertThat(found.averageGrade()).isGreaterThan(20);
        assertThat(found.city()).contains("Sausalito");
        assertThat(found.effortCount()).isEqualTo(5);
        assertThat(found.athleteCount()).isEqualTo(2);
        assertThat(found.starCount()).isEqualTo(1);
        assertThat(segments.find(token(owner, Scope.READ_ALL), climb.id())
                        .athleteStats()
                        .orElseThrow()
                        .prElapsedTime())
                .contains(Duration.ofSeconds(95));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void starred_newestFirst_ownPrivateOnlyWithReadAll_andStarringTwiceOrUnstarringIsHarmless(TestDatabase.Kind kind) {
        open(kind);
        Segment a = segments.create(NewSegment.of("A", SegmentActivityType.RIDE, CLIMB));
        Segment mine = segments.create(NewSegment.of("Mine", SegmentActivityType.RUN, CLIMB)
                .createdBy(owner.id())
                .asPrivate());
        Segment b = segments.create(NewSegment.of("B", SegmentActivityType.RIDE, CLIMB));
        Viewer readAll = token(owner, Scope.READ_ALL, Scope.PROFILE_WRITE);
        segments.star(readAll, a.id(), true);
        clock.advance(Duration.ofMinutes(1));
        segments.star(readAll, mine.id(), true);
        clock.advance(Duration.ofMinutes(1));
        segments.star(readAll, b.id(), true);
        segments.star(readAll, b.id(), true);
        segments.star(readAll, a.id(), false);
        segments.star(readAll, a.id(), false);

        assertThat(segments.starred(readAll, Page.FIRST))
                .extracting(v -> v.segment().name())
                .containsExactly("B", "Mine");
        assertThat(segments.starred(token(owner, Scope.READ), Page.FIRST))
                .extracting(v -> v.segment().name())
                .containsExactly("B");
        assertThat(segments.find(token(owner, Scope.READ), b.id()).starred()).isTrue();
        assertThat(segments.find(token(other, Scope.READ), b.id()).starred()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void explore_findsPublicSegmentsStartingInTheBox_ofTheTypeAndCategories(TestDatabase.Kind kind) {
        open(kind);
        segments.create(NewSegment.of("Ride climb", SegmentActivityType.RIDE, CLIMB));
        segments.create(NewSegment.of("Run climb", SegmentActivityType.RUN, CLIMB));
        segments.create(NewSegment.of("Private", SegmentActivityType.RIDE, CLIMB)
                .createdBy(owner.id())
                .asPrivate());
        segments.create(NewSegment.of(
                "Far away",
                SegmentActivityType.RIDE,
                List.of(GeoPoint.of(48.85, 2.35, 30), GeoPoint.of(48.86, 2.35, 35))));
        Bounds bayArea = new Bounds(new LatLng(37.7, -122.6), new LatLng(37.9, -122.3));

        assertThat(segments.explore(token(owner, Scope.READ_ALL), new ExploreQuery(bayArea, Optional.empty(), 0, 5)))
                .extracting(v -> v.segment().name())
                .containsExactlyInAnyOrder("Ride climb", "Run climb");
        assertThat(segments.explore(
                        token(owner, Scope.READ),
                        new ExploreQuery(bayArea, Optional.of(SegmentActivityType.RUN), 0, 5)))
                .extracting(v -> v.segment().name())
                .containsExactly("Run climb");
        int category = segments.explore(token(owner, Scope.READ), new ExploreQuery(bayArea, Optional.empty(), 0, 5))
                .get(0)
                .segment()
                .climbCategory();
        assertThat(segments.explore(
                        token(owner, Scope.READ),
                        new ExploreQuery(
                                bayArea, Optional.empty(), category == 5 ? 0 : category + 1, category == 5 ? 4 : 5)))
                .isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void clubs_listTheirMembers_andAPrivateClubIsSeenOnlyByMembers(TestDatabase.Kind kind) {
        open(kind);
        Club open = clubs.create(
                NewClub.of(owner.id(), "Open Club", ClubSportType.CYCLING).at("open-club"));
        Club closed = clubs.create(
                NewClub.of(owner.id(), "Closed Club", ClubSportType.RUNNING).asPrivate());
        clock.advance(Duration.ofMinutes(1));
        clubs.join(open.id(), other.id(), false);

        List<ClubView> ownerClubs = clubs.listOwn(token(owner, Scope.READ), Page.FIRST);
        List<ClubMember> members = clubs.members(token(other, Scope.READ), open.id(), Page.FIRST);

        assertThat(ownerClubs).extracting(v -> v.club().name()).containsExactly("Open Club", "Closed Club");
        assertThat(ownerClubs.get(0).membership().orElseThrow().owner()).isTrue();
        assertThat(clubs.find(token(other, Scope.READ), open.id()).club().memberCount())
                .isEqualTo(2);
        assertThat(members).extracting(ClubMember::firstname).containsExactly("Olga", "Otto");
        assertThat(members.get(0).owner()).isTrue();
        assertThat(members.get(1).admin()).isFalse();
        assertThat(clubs.find(token(owner, Scope.READ), closed.id()).membership())
                .isPresent();
        assertThatThrownBy(() -> clubs.find(token(other, Scope.READ_ALL), closed.id()))
                .isInstanceOf(FaultException.class);
        assertThatThrownBy(() -> clubs.create(
                        NewClub.of(other.id(), "Copy", ClubSportType.OTHER).at("open-club")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
