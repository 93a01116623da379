package dev.switchback.api.activity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.api.Viewer;
import dev.switchback.api.geo.GeoPoint;
import dev.switchback.api.segment.AthleteSegmentStats;
import dev.switchback.api.segment.NewSegment;
import dev.switchback.api.segment.Segment;
import dev.switchback.api.segment.SegmentActivityType;
import dev.switchback.api.segment.SegmentService;
import dev.switchback.api.segment.SegmentStore;
import dev.switchback.api.testing.TestTracks;
import dev.switchback.api.track.Track;
import dev.switchback.athlete.AthleteId;
import dev.switchback.scope.Scope;
import dev.switchback.scope.ScopeSet;
import dev.switchback.store.Database;
import dev.switchback.store.DatabaseUrl;
import dev.switchback.store.testing.TestDatabase;
import dev.switchback.testing.StoreTest;
import dev.switchback.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** contract#segment-efforts, on SQLite and PostgreSQL: efforts made with the activity, and the records they make. */
@StoreTest
class SegmentEffortsContractTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    /** A straight climb of about 420 m: a track from its start to its end rides it whole. */
    private static final List<GeoPoint> CLIMB = List.of(
            GeoPoint.of(37.8300, -122.4800, 10),
            GeoPoint.of(37.8315, -122.4815, 60),
            GeoPoint.of(37.8330, -122.4830, 110));

    private TestDatabase testDatabase;
    private Database database;
    private MutableClock clock;
    private ActivityService activities;
    private SegmentService segments;
    private AthleteId rider;
    private AthleteId other;

    private void open(TestDatabase.Kind kind) {
        testDatabase = TestDatabase.create(kind);
        database = Database.open(DatabaseUrl.parse(testDatabase.url()), 2);
        clock = new MutableClock(NOW);
        activities = new ActivityService(database, new ActivityStore(), clock);
        segments = new SegmentService(database, new SegmentStore(), clock);
        rider = athlete("rider");
        other = athlete("other");
    }

    private AthleteId athlete(String username) {
        return new AthleteId(
                database.write(tx -> tx.sql("""
                INSERT INTO athletes (username, password_hash, firstname, lastname, created_at, updated_at)
                VALUES (:u, 'x', 'A', 'B', 0, 0) RETURNING id""").bind("u", username).number()));
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
        if (testDatabase != null) {
            testDatabase.close();
        }
    }

    private static Viewer viewer(AthleteId athlete, Scope... scopes) {
        return new Viewer(athlete, ScopeSet.of(scopes));
    }

    private static final double[] FOOT = {37.8300, -122.4800, 10};
    private static final double[] TOP = {37.8330, -122.4830, 110};

    /** Up the climb in each of {@code climbs} seconds, back down in 60 s between them. */
    private Activity ride(AthleteId athlete, Visibility visibility, int... climbs) {
        clock.advance(Duration.ofDays(1));
        double[][] path = new double[climbs.length * 2][];
        for (int i = 0; i < climbs.length; i++) {
            path[2 * i] = FOOT;
            path[2 * i + 1] = TOP;
        }
        Activity made = null;
        // one leg at a time, so each climb takes its own time
        java.util.List<dev.switchback.api.track.TrackPoint> points = new java.util.ArrayList<>();
        Instant at = clock.instant();
        for (int i = 0; i < climbs.length; i++) {
            if (i > 0) {
                points.addAll(
                        TestTracks.along(at, 60, "Ride", TOP, FOOT).points().subList(1, 61));
                at = at.plusSeconds(60);
            }
            List<dev.switchback.api.track.TrackPoint> up =
                    TestTracks.along(at, climbs[i], "Ride", FOOT, TOP).points();
            points.addAll(i == 0 ? up : up.subList(1, up.size()));
            at = at.plusSeconds(climbs[i]);
        }
        made = activities.importTrack(
                athlete,
                new dev.switchback.api.track.Track(
                        points,
                        List.of(),
                        java.util.Optional.of("Ride"),
                        java.util.Optional.empty(),
                        java.util.Optional.empty()),
                TrackImport.of(visibility));
        return made;
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aRideUpASegment_makesAnEffort_rankedAndCountedOnTheSegment(TestDatabase.Kind kind) {
        open(kind);
        Segment climb = segments.create(NewSegment.of("Climb", SegmentActivityType.RIDE, CLIMB));
        Activity first = ride(rider, Visibility.EVERYONE, 120);
        Activity faster = ride(rider, Visibility.EVERYONE, 100);
        Activity slower = ride(rider, Visibility.EVERYONE, 130);

        List<DetailedActivity.Effort> efforts =
                activities.find(viewer(rider, Scope.ACTIVITY_READ), faster.id()).segmentEfforts();

        assertThat(efforts).singleElement().satisfies(shown -> {
            assertThat(shown.segment().segment().id()).isEqualTo(climb.id());
            assertThat(shown.effort().elapsedTime()).isEqualTo(100);
            assertThat(shown.effort().startIndex()).isZero();
            assertThat(shown.effort().endIndex()).isEqualTo(100);
            assertThat(shown.effort().distance()).isCloseTo(climb.distance(), org.assertj.core.data.Offset.offset(5.0));
            assertThat(shown.effort().prRank()).isEqualTo(OptionalInt.of(1));
        });
        assertThat(rank(first)).isEqualTo(OptionalInt.of(1));
        assertThat(rank(slower)).isEqualTo(OptionalInt.of(3));
        AthleteSegmentStats stats = segments.find(viewer(rider, Scope.READ_ALL), climb.id())
                .athleteStats()
                .orElseThrow();
        assertThat(stats.effortCount()).isEqualTo(3);
        assertThat(stats.prElapsedTime()).contains(Duration.ofSeconds(100));
        assertThat(stats.prActivityId()).contains(faster.id());
        assertThat(stats.prLocalDate()).contains(LocalDate.of(2026, 3, 3)); // 03:00 in Los Angeles, 11:00 UTC
        assertThat(segments.find(viewer(other, Scope.READ), climb.id())
                        .segment()
                        .effortCount())
                .isEqualTo(3);
    }

    private OptionalInt rank(Activity activity) {
        return activities
                .find(viewer(rider, Scope.ACTIVITY_READ), activity.id())
                .segmentEfforts()
                .get(0)
                .effort()
                .prRank();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void repeatsInOneActivity_areEffortsEach_theFastestShown_theOthersWithIncludeAllEfforts(TestDatabase.Kind kind) {
        open(kind);
        segments.create(NewSegment.of("Climb", SegmentActivityType.RIDE, CLIMB));
        Activity repeats = ride(rider, Visibility.EVERYONE, 130, 110, 140);

        List<DetailedActivity.Effort> shown = activities
                .find(viewer(rider, Scope.ACTIVITY_READ), repeats.id())
                .segmentEfforts();
        List<DetailedActivity.Effort> all = activities
                .find(viewer(rider, Scope.ACTIVITY_READ), repeats.id(), true)
                .segmentEfforts();

        assertThat(shown).extracting(e -> e.effort().elapsedTime()).containsExactly(110L);
        assertThat(all).extracting(e -> e.effort().elapsedTime()).containsExactly(130L, 110L, 140L);
        assertThat(all)
                .extracting(e -> e.effort().prRank())
                .containsExactly(OptionalInt.of(2), OptionalInt.of(1), OptionalInt.of(3));
        assertThat(all).extracting(e -> e.effort().hidden()).containsExactly(true, false, true);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void privateSegments_matchTheirCreatorOnly_andShowOnlyWithReadAll_andOnlyMeEffortsStayOffTheCounts(
            TestDatabase.Kind kind) {
        open(kind);
        Segment mine = segments.create(NewSegment.of("Mine", SegmentActivityType.RIDE, CLIMB)
                .createdBy(rider)
                .asPrivate());
        Segment theirs = segments.create(NewSegment.of("Theirs", SegmentActivityType.RIDE, CLIMB)
                .createdBy(other)
                .asPrivate());
        Segment run = segments.create(NewSegment.of("Run", SegmentActivityType.RUN, CLIMB));
        Segment open = segments.create(NewSegment.of("Open", SegmentActivityType.RIDE, CLIMB));
        Activity ride = ride(rider, Visibility.EVERYONE, 100);
        ride(rider, Visibility.ONLY_ME, 90);

        assertThat(activities
                        .find(viewer(rider, Scope.READ, Scope.ACTIVITY_READ), ride.id())
                        .segmentEfforts())
                .extracting(e -> e.segment().segment().id())
                .containsExactly(open.id());
        assertThat(activities
                        .find(viewer(rider, Scope.READ_ALL, Scope.ACTIVITY_READ), ride.id())
                        .segmentEfforts())
                .extracting(e -> e.segment().segment().id())
                .containsExactlyInAnyOrder(mine.id(), open.id());
        assertThat(theirs.id()).isNotNull();
        assertThat(run.id()).isNotNull();
        assertThat(segments.find(viewer(other, Scope.READ), open.id()).segment().effortCount())
                .isEqualTo(1);
        assertThat(segments.find(viewer(rider, Scope.READ_ALL), open.id())
                        .athleteStats()
                        .orElseThrow()
                        .prElapsedTime())
                .contains(Duration.ofSeconds(100));
        assertThat(segments.find(viewer(rider, Scope.READ_ALL, Scope.ACTIVITY_READ_ALL), open.id())
                        .athleteStats()
                        .orElseThrow())
                .satisfies(stats -> {
                    assertThat(stats.effortCount()).isEqualTo(2);
                    assertThat(stats.prElapsedTime()).contains(Duration.ofSeconds(90));
                });
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aRun_hasBestEffortsOverStravasDistances_rankedAmongTheAthletesRuns(TestDatabase.Kind kind) {
        open(kind);
        Track fiveK = TestTracks.line(clock.instant(), 45.0, 6.0, 45.0468, 6.0, 1500, 0, 0); // 5.2 km at 3.5 m/s
        Track run = new Track(
                fiveK.points(),
                List.of(),
                java.util.Optional.of("Run"),
                java.util.Optional.empty(),
                java.util.Optional.empty());
        Activity slow = activities.importTrack(rider, run, TrackImport.of(Visibility.EVERYONE));
        Track quick = TestTracks.line(NOW.plus(Duration.ofDays(2)), 45.0, 6.0, 45.0468, 6.0, 1200, 0, 0);
        Activity fast = activities.importTrack(
                rider,
                new Track(
                        quick.points(),
                        List.of(),
                        java.util.Optional.of("Run"),
                        java.util.Optional.empty(),
                        java.util.Optional.empty()),
                TrackImport.of(Visibility.EVERYONE));

        List<BestEffort> best =
                activities.find(viewer(rider, Scope.ACTIVITY_READ), fast.id()).bestEfforts();

        assertThat(best)
                .extracting(BestEffort::name)
                .containsExactly("400m", "1/2 mile", "1K", "1 mile", "2 mile", "5K");
        BestEffort fiveKm = best.get(5);
        assertThat(fiveKm.distance()).isEqualTo(5000);
        assertThat(fiveKm.elapsedTime()).isBetween(1150L, 1160L);
        assertThat(fiveKm.prRank()).isEqualTo(OptionalInt.of(1));
        assertThat(activities
                        .find(viewer(rider, Scope.ACTIVITY_READ), slow.id())
                        .bestEfforts()
                        .get(5)
                        .prRank())
                .isEqualTo(OptionalInt.of(1));
        assertThat(activities
                        .find(
                                viewer(rider, Scope.ACTIVITY_READ),
                                ride(rider, Visibility.EVERYONE, 100).id())
                        .bestEfforts())
                .isEmpty();
    }
}
