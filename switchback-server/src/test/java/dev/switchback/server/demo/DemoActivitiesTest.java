package dev.switchback.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.Switchback;
import dev.switchback.api.Viewer;
import dev.switchback.api.activity.Activity;
import dev.switchback.api.activity.ActivityQuery;
import dev.switchback.api.activity.DetailedActivity;
import dev.switchback.api.activity.Visibility;
import dev.switchback.api.upload.Upload;
import dev.switchback.athlete.AthleteId;
import dev.switchback.scope.Scope;
import dev.switchback.scope.ScopeSet;
import dev.switchback.server.DemoActivities;
import dev.switchback.server.DemoData;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The demo data gives the demo athlete what it takes to try every activity rule. */
@HttpTest
class DemoActivitiesTest {
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

    /** The demo athlete, through a token with {@code activity:read_all} or with {@code activity:read} only. */
    private Viewer viewer(boolean readAll) {
        return new Viewer(demo, ScopeSet.of(Scope.READ, readAll ? Scope.ACTIVITY_READ_ALL : Scope.ACTIVITY_READ));
    }

    private List<Activity> list(boolean readAll) {
        return switchback.activities().list(viewer(readAll), ActivityQuery.firstPage(200));
    }

    @Test
    void demoAthlete_hasActivitiesOfEveryVisibility_andAManualOne_theOnlyMeOneOnlyWithReadAll() {
        assertThat(list(true))
                .extracting(a -> a.details().visibility())
                .contains(Visibility.EVERYONE, Visibility.FOLLOWERS_ONLY, Visibility.ONLY_ME);
        assertThat(list(false))
                .hasSize(list(true).size() - 1)
                .noneMatch(a -> a.details().visibility() == Visibility.ONLY_ME);
        assertThat(list(true)).anyMatch(a -> a.source().manual());
    }

    @Test
    void demoAthlete_hasAPrivacyZone_thatTwoActivitiesStartIn() {
        assertThat(switchback.activities().privacyZones(demo)).containsExactly(DemoActivities.HOME_ZONE);
        List<Activity> startingAtHome = list(true).stream()
                .filter(a -> a.map()
                        .start()
                        .filter(p -> DemoActivities.HOME_ZONE.contains(p.latitude(), p.longitude()))
                        .isPresent())
                .toList();

        assertThat(startingAtHome).hasSize(2);
        for (Activity activity : startingAtHome) {
            DetailedActivity whole = switchback.activities().find(viewer(true), activity.id());
            assertThat(whole.polyline()).isNotEmpty();
            if (activity.details().visibility() != Visibility.ONLY_ME) {
                DetailedActivity trimmed = switchback.activities().find(viewer(false), activity.id());
                assertThat(trimmed.activity().map().start())
                        .hasValueSatisfying(start -> assertThat(
                                        DemoActivities.HOME_ZONE.contains(start.latitude(), start.longitude()))
                                .isFalse());
                assertThat(trimmed.polyline().length())
                        .isLessThan(whole.polyline().length());
            }
        }
    }

    /** No activity names a file it was not uploaded from (contract#upload-provenance). */
    @Test
    void demoActivitiesMadeOfFiles_areUploads_whoseFileTheirExternalIdNames() {
        List<Activity> fromFiles =
                list(true).stream().filter(a -> !a.source().manual()).toList();

        assertThat(fromFiles).hasSize(4);
        for (Activity activity : fromFiles) {
            Upload upload = switchback
                    .uploads()
                    .find(viewer(true), activity.source().uploadId().orElseThrow())
                    .orElseThrow();
            assertThat(upload.activityId()).contains(activity.id());
            assertThat(activity.source().externalId()).contains(upload.externalId());
            assertThat(upload.externalId()).endsWith(".gpx");
        }
        assertThat(list(true))
                .filteredOn(a -> a.source().manual())
                .allMatch(a -> a.source().externalId().isEmpty()
                        && a.source().uploadId().isEmpty());
    }

    @Test
    void demoActivities_lookLikeRealOnes() {
        Activity commute = list(false).stream()
                .filter(a -> a.details().name().equals("Morning Commute"))
                .findFirst()
                .orElseThrow();

        assertThat(commute.measures().distance()).isBetween(5_000.0, 9_000.0);
        assertThat(commute.measures().totalElevationGain()).isPositive();
        assertThat(commute.measures().averageWatts()).isPresent();
        assertThat(commute.start().timezoneLabel()).isEqualTo("(GMT-08:00) America/Los_Angeles");
        assertThat(commute.start().instant()).isBefore(TestServer.START);
    }
}
