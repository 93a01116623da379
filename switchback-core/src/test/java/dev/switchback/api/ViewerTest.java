package dev.switchback.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.api.activity.Activity;
import dev.switchback.api.activity.ActivityDetails;
import dev.switchback.api.activity.ActivityId;
import dev.switchback.api.activity.ActivityMap;
import dev.switchback.api.activity.ActivitySource;
import dev.switchback.api.activity.Measures;
import dev.switchback.api.activity.SportType;
import dev.switchback.api.activity.StartTime;
import dev.switchback.api.activity.Visibility;
import dev.switchback.api.club.Club;
import dev.switchback.api.club.ClubId;
import dev.switchback.api.club.ClubSportType;
import dev.switchback.api.geo.LatLng;
import dev.switchback.api.route.Route;
import dev.switchback.api.route.RouteId;
import dev.switchback.api.route.RouteSubType;
import dev.switchback.api.route.RouteType;
import dev.switchback.api.segment.Segment;
import dev.switchback.api.segment.SegmentActivityType;
import dev.switchback.api.segment.SegmentId;
import dev.switchback.api.track.DataType;
import dev.switchback.api.upload.Upload;
import dev.switchback.api.upload.UploadId;
import dev.switchback.api.upload.UploadStatus;
import dev.switchback.athlete.AthleteId;
import dev.switchback.scope.Scope;
import dev.switchback.scope.ScopeSet;
import dev.switchback.testing.UnitTest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Every visibility rule of the resource API (contract#scope-matrix): the owner against another athlete, with and without the scope. */
@UnitTest
class ViewerTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final AthleteId MARIANNE = new AthleteId(1);
    private static final AthleteId PAULINE = new AthleteId(2);

    private static Viewer marianne(Scope... scopes) {
        return new Viewer(MARIANNE, ScopeSet.of(scopes));
    }

    @Test
    void owner_grantsEveryScope() {
        Viewer owner = Viewer.owner(MARIANNE);

        assertThat(owner.athleteId()).isEqualTo(MARIANNE);
        assertThat(owner.scopes().asList()).containsExactly(Scope.values());
    }

    @Test
    void is_theViewersAthleteOnly() {
        assertThat(marianne(Scope.READ).is(MARIANNE)).isTrue();
        assertThat(marianne(Scope.READ).is(PAULINE)).isFalse();
    }

    @Test
    void seesFullProfile_onlyWithProfileReadAll() {
        assertThat(marianne(Scope.READ, Scope.PROFILE_READ_ALL).seesFullProfile())
                .isTrue();
        assertThat(marianne(Scope.READ, Scope.READ_ALL, Scope.ACTIVITY_READ_ALL, Scope.PROFILE_WRITE)
                        .seesFullProfile())
                .isFalse();
    }

    @Test
    void maySeeStatsOf_theirOwnWithAnyScope_neverAnotherAthletes() {
        assertThat(marianne(Scope.READ).maySeeStatsOf(MARIANNE)).isTrue();
        assertThat(Viewer.owner(MARIANNE).maySeeStatsOf(PAULINE)).isFalse();
    }

    @Test
    void maySeeActivity_theirOwnEveryoneAndFollowers_withActivityRead() {
        Viewer viewer = marianne(Scope.READ, Scope.ACTIVITY_READ);

        assertThat(viewer.maySee(activity(MARIANNE, Visibility.EVERYONE))).isTrue();
        assertThat(viewer.maySee(activity(MARIANNE, Visibility.FOLLOWERS_ONLY))).isTrue();
    }

    @Test
    void maySeeActivity_theirOwnOnlyMe_onlyWithActivityReadAll() {
        Activity onlyMe = activity(MARIANNE, Visibility.ONLY_ME);

        assertThat(marianne(Scope.READ, Scope.ACTIVITY_READ).maySee(onlyMe)).isFalse();
        assertThat(marianne(Scope.READ, Scope.READ_ALL).maySee(onlyMe)).isFalse();
        assertThat(marianne(Scope.READ, Scope.ACTIVITY_READ_ALL).maySee(onlyMe)).isTrue();
    }

    @Test
    void maySeeActivity_neverAnotherAthletes_evenEveryoneWithEveryScope() {
        Viewer viewer = Viewer.owner(MARIANNE);

        assertThat(viewer.maySee(activity(PAULINE, Visibility.EVERYONE))).isFalse();
        assertThat(viewer.maySee(activity(PAULINE, Visibility.ONLY_ME))).isFalse();
    }

    @Test
    void seesOnlyMeActivitiesAndInsidePrivacyZones_onlyWithActivityReadAll() {
        Viewer readAll = marianne(Scope.READ, Scope.ACTIVITY_READ_ALL);
        Viewer read = marianne(Scope.READ, Scope.ACTIVITY_READ, Scope.READ_ALL);

        assertThat(readAll.seesOnlyMeActivities()).isTrue();
        assertThat(readAll.seesInsidePrivacyZones()).isTrue();
        assertThat(read.seesOnlyMeActivities()).isFalse();
        assertThat(read.seesInsidePrivacyZones()).isFalse();
    }

    @Test
    void maySeeUpload_theirOwnOnly_whateverTheScopes() {
        assertThat(marianne(Scope.READ).maySee(upload(MARIANNE))).isTrue();
        assertThat(Viewer.owner(MARIANNE).maySee(upload(PAULINE))).isFalse();
    }

    @Test
    void maySeeRoute_aPublicOne_anyAthleteWithRead() {
        assertThat(marianne(Scope.READ).maySee(route(MARIANNE, false))).isTrue();
        assertThat(marianne(Scope.READ).maySee(route(PAULINE, false))).isTrue();
    }

    @Test
    void maySeeRoute_aPrivateOne_onlyItsOwnerWithReadAll() {
        assertThat(marianne(Scope.READ).maySee(route(MARIANNE, true))).isFalse();
        assertThat(marianne(Scope.READ, Scope.ACTIVITY_READ_ALL).maySee(route(MARIANNE, true)))
                .isFalse();
        assertThat(marianne(Scope.READ, Scope.READ_ALL).maySee(route(MARIANNE, true)))
                .isTrue();
        assertThat(Viewer.owner(MARIANNE).maySee(route(PAULINE, true))).isFalse();
    }

    @Test
    void mayListRoutesOf_theirOwnOnly() {
        assertThat(marianne(Scope.READ).mayListRoutesOf(MARIANNE)).isTrue();
        assertThat(Viewer.owner(MARIANNE).mayListRoutesOf(PAULINE)).isFalse();
    }

    @Test
    void seesOwnPrivateRoutesAndSegments_onlyWithReadAll() {
        assertThat(marianne(Scope.READ, Scope.READ_ALL).seesOwnPrivateRoutesAndSegments())
                .isTrue();
        assertThat(marianne(Scope.READ, Scope.ACTIVITY_READ_ALL, Scope.PROFILE_READ_ALL)
                        .seesOwnPrivateRoutesAndSegments())
                .isFalse();
    }

    @Test
    void maySeeSegment_aPublicOne_anyAthleteWithRead() {
        assertThat(marianne(Scope.READ).maySee(segment(Optional.empty(), false)))
                .isTrue();
        assertThat(marianne(Scope.READ).maySee(segment(Optional.of(PAULINE), false)))
                .isTrue();
    }

    @Test
    void maySeeSegment_aPrivateOne_onlyItsCreatorWithReadAll() {
        Segment mine = segment(Optional.of(MARIANNE), true);

        assertThat(marianne(Scope.READ).maySee(mine)).isFalse();
        assertThat(marianne(Scope.READ, Scope.READ_ALL).maySee(mine)).isTrue();
        assertThat(Viewer.owner(MARIANNE).maySee(segment(Optional.of(PAULINE), true)))
                .isFalse();
        assertThat(Viewer.owner(MARIANNE).maySee(segment(Optional.empty(), true)))
                .isFalse();
    }

    @Test
    void seesSegmentAthleteStats_onlyWithReadAll() {
        assertThat(marianne(Scope.READ, Scope.READ_ALL).seesSegmentAthleteStats())
                .isTrue();
        assertThat(marianne(Scope.READ, Scope.ACTIVITY_READ_ALL, Scope.PROFILE_READ_ALL)
                        .seesSegmentAthleteStats())
                .isFalse();
    }

    @Test
    void maySeeClub_aPublicOne_membersAndOthers() {
        Club open = club(false);

        assertThat(marianne(Scope.READ).maySee(open, true)).isTrue();
        assertThat(marianne(Scope.READ).maySee(open, false)).isTrue();
    }

    @Test
    void maySeeClub_aPrivateOne_onlyItsMembers_whateverTheScopes() {
        Club closed = club(true);

        assertThat(marianne(Scope.READ).maySee(closed, true)).isTrue();
        assertThat(Viewer.owner(MARIANNE).maySee(closed, false)).isFalse();
    }

    private static Activity activity(AthleteId owner, Visibility visibility) {
        ActivityDetails details = new ActivityDetails(
                "Ride", Optional.empty(), SportType.Ride, visibility, false, false, false, Optional.empty());
        return new Activity(
                new ActivityId(10),
                owner,
                details,
                new StartTime(NOW, ZoneOffset.UTC),
                Measures.manual(1000, 600),
                ActivityMap.NONE,
                ActivitySource.MANUAL,
                NOW,
                NOW);
    }

    private static Upload upload(AthleteId owner) {
        return new Upload(
                new UploadId(20),
                owner,
                UploadStatus.PROCESSING,
                Optional.empty(),
                Optional.empty(),
                "ride.gpx",
                DataType.GPX,
                "ab".repeat(32),
                Optional.empty(),
                Optional.empty(),
                false,
                false,
                NOW);
    }

    private static Route route(AthleteId owner, boolean isPrivate) {
        return new Route(
                new RouteId(30),
                owner,
                "Loop",
                "",
                RouteType.RIDE,
                RouteSubType.ROAD,
                isPrivate,
                false,
                1000,
                10,
                Duration.ofMinutes(3),
                "",
                "",
                NOW,
                NOW);
    }

    private static Segment segment(Optional<AthleteId> creator, boolean isPrivate) {
        LatLng start = new LatLng(37.83, -122.48);
        return new Segment(
                new SegmentId(40),
                creator,
                "Climb",
                SegmentActivityType.RIDE,
                isPrivate,
                false,
                1000,
                5,
                8,
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                50,
                1,
                start,
                start,
                "",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                0,
                0,
                0,
                NOW,
                NOW);
    }

    private static Club club(boolean isPrivate) {
        return new Club(
                new ClubId(50),
                "Club",
                "",
                ClubSportType.CYCLING,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                isPrivate,
                false,
                false,
                Optional.empty(),
                Optional.of(PAULINE),
                1,
                NOW,
                NOW);
    }
}
