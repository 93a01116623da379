package dev.switchback.api.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.switchback.api.Page;
import dev.switchback.api.Viewer;
import dev.switchback.api.testing.TestTracks;
import dev.switchback.api.track.DataType;
import dev.switchback.api.track.TrackParsers;
import dev.switchback.api.upload.NewUpload;
import dev.switchback.api.upload.Upload;
import dev.switchback.api.upload.UploadId;
import dev.switchback.api.upload.UploadService;
import dev.switchback.api.upload.UploadStatus;
import dev.switchback.api.upload.UploadStore;
import dev.switchback.athlete.AthleteId;
import dev.switchback.athlete.AthleteStore;
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

/** The V3 tables through their stores and the activity service, run on SQLite and on PostgreSQL. */
@StoreTest
class ActivityStoreContractTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private TestDatabase testDatabase;
    private Database database;
    private ActivityStore store;
    private ActivityService service;
    private UploadStore uploads;
    private AthleteId athleteId;
    private AthleteId otherAthleteId;

    private void open(TestDatabase.Kind kind) {
        testDatabase = TestDatabase.create(kind);
        database = Database.open(DatabaseUrl.parse(testDatabase.url()), 2);
        store = new ActivityStore();
        service = new ActivityService(database, store, new MutableClock(NOW));
        uploads = new UploadStore();
        athleteId = athlete("marianne");
        otherAthleteId = athlete("pauline");
    }

    private AthleteId athlete(String username) {
        return new AthleteId(
                database.write(tx -> tx.sql("""
                INSERT INTO athletes (username, password_hash, firstname, lastname, created_at, updated_at)
                VALUES (:u, 'x', 'A', 'B', 0, 0) RETURNING id""").bind("u", username).number()));
    }

    /** A viewer of {@code athlete} with {@code activity:read_all} or without. */
    private static Viewer viewer(AthleteId athlete, boolean readAll) {
        return new Viewer(
                athlete,
                readAll
                        ? ScopeSet.of(Scope.READ, Scope.ACTIVITY_READ_ALL)
                        : ScopeSet.of(Scope.READ, Scope.ACTIVITY_READ));
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

    private Activity ride(Instant start, Visibility visibility) {
        return service.importTrack(athleteId, TestTracks.ride(start), TrackImport.of(visibility));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void importTrack_storesTheActivityItsStreamsAndItsLap(TestDatabase.Kind kind) {
        open(kind);

        Activity activity = ride(NOW, Visibility.EVERYONE);

        Activity found = database.read(tx -> store.find(tx, activity.id())).orElseThrow();
        assertThat(found).isEqualTo(activity);
        assertThat(found.measures().distance()).isCloseTo(2723, within(5.0));
        assertThat(found.measures().elapsedTime()).isEqualTo(600);
        assertThat(found.measures().totalElevationGain()).isCloseTo(30, within(0.01));
        assertThat(found.details().name())
                .isEqualTo("Lunch Ride"); // 11:00 in Europe/Paris: contract#activity-time-zone
        assertThat(found.source().deviceName()).contains("Switchback test device");
        Streams streams = database.read(tx -> store.streams(tx, activity.id())).orElseThrow();
        assertThat(streams.size()).isEqualTo(601);
        assertThat(streams.latitude().orElseThrow()[600]).isCloseTo(45.02, within(1e-6));
        assertThat(streams.column(StreamType.HEARTRATE).orElseThrow()[300]).isEqualTo(140);
        assertThat(streams.column(StreamType.WATTS)).isEmpty();
        List<Lap> laps = database.read(tx -> store.laps(tx, activity.id()));
        assertThat(laps).singleElement().satisfies(lap -> {
            assertThat(lap.startIndex()).isZero();
            assertThat(lap.endIndex()).isEqualTo(600);
            assertThat(lap.id()).isPositive();
        });
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void list_pagesNewestFirst_andLeavesOutOnlyMeUnlessAsked(TestDatabase.Kind kind) {
        open(kind);
        Activity first = ride(NOW.minus(Duration.ofDays(3)), Visibility.EVERYONE);
        Activity hidden = ride(NOW.minus(Duration.ofDays(2)), Visibility.ONLY_ME);
        Activity last = ride(NOW.minus(Duration.ofDays(1)), Visibility.FOLLOWERS_ONLY);

        assertThat(list(athleteId, false, ActivityQuery.firstPage(30)))
                .extracting(Activity::id)
                .containsExactly(last.id(), first.id());
        assertThat(list(athleteId, true, ActivityQuery.firstPage(30)))
                .extracting(Activity::id)
                .containsExactly(last.id(), hidden.id(), first.id());
        assertThat(list(athleteId, true, new ActivityQuery(Optional.empty(), Optional.empty(), new Page(2, 2))))
                .extracting(Activity::id)
                .containsExactly(first.id());
        assertThat(list(
                        athleteId,
                        true,
                        new ActivityQuery(
                                Optional.empty(), Optional.of(first.start().instant()), Page.FIRST)))
                .extracting(Activity::id)
                .containsExactly(hidden.id(), last.id());
        assertThat(list(otherAthleteId, true, ActivityQuery.firstPage(30))).isEmpty();
    }

    private List<Activity> list(AthleteId athlete, boolean includeOnlyMe, ActivityQuery query) {
        return database.read(tx -> store.list(tx, athlete, includeOnlyMe, query));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aSecondImportOfTheSameFile_isADuplicate_andLeavesNothingBehind(TestDatabase.Kind kind) {
        open(kind);
        TrackImport options = new TrackImport(
                Optional.empty(),
                Optional.empty(),
                Visibility.EVERYONE,
                false,
                false,
                Optional.of("ride.gpx"),
                Optional.empty(),
                Optional.of("ab".repeat(32)));
        Activity first = service.importTrack(athleteId, TestTracks.ride(NOW), options);

        assertThatThrownBy(() -> service.importTrack(athleteId, TestTracks.ride(NOW), options))
                .isInstanceOfSatisfying(
                        DuplicateActivityException.class,
                        e -> assertThat(e.existingActivityId()).isEqualTo(first.id()));
        assertThat(count("activities")).isEqualTo(1);
        assertThat(count("activity_streams")).isEqualTo(1);
        assertThat(count("activity_laps")).isEqualTo(1);
        assertThat(service.importTrack(otherAthleteId, TestTracks.ride(NOW), options)
                        .id())
                .isNotEqualTo(first.id());
    }

    /** contract#upload-provenance: a file read at once still makes an upload, whose file the external_id names. */
    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void importFile_makesAReadyUpload_thatTheActivityNames_andADuplicateLeavesNoUpload(TestDatabase.Kind kind)
            throws Exception {
        open(kind);
        UploadService imports =
                new UploadService(database, uploads, service, new TrackParsers(), new MutableClock(NOW));
        byte[] file = TestTracks.utf8(TestTracks.gpx(TestTracks.ride(NOW)));
        TrackImport options = new TrackImport(
                Optional.of("Imported"),
                Optional.empty(),
                Visibility.EVERYONE,
                false,
                true,
                Optional.of("ride.gpx"),
                Optional.empty(),
                Optional.empty());

        Activity activity = imports.importFile(athleteId, file, DataType.GPX, options);

        UploadId uploadId = activity.source().uploadId().orElseThrow();
        Upload upload = database.read(tx -> uploads.find(tx, uploadId)).orElseThrow();
        assertThat(upload.status()).isEqualTo(UploadStatus.READY);
        assertThat(upload.activityId()).contains(activity.id());
        assertThat(upload.externalId()).isEqualTo("ride.gpx");
        assertThat(activity.source().externalId()).contains("ride.gpx");
        Optional<byte[]> kept = database.read(tx -> uploads.file(tx, uploadId));
        assertThat(kept).isEmpty();
        assertThatThrownBy(() -> imports.importFile(athleteId, file, DataType.GPX, options))
                .isInstanceOf(DuplicateActivityException.class);
        assertThat(count("uploads")).isEqualTo(1);
    }

    /**
     * contract#upload-limits: an activity of the most points an upload may have (500,000) is stored and read
     * back, streams and all; before the 2026 review one of 302,401 points could never be read (its positions
     * column held more values than the codec's own, smaller limit).
     */
    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void anActivityOfTheMostPointsAnUploadMayHave_isReadBackWhole(TestDatabase.Kind kind) {
        open(kind);
        int points = TrackParsers.Limits.DEFAULT.maxPoints();
        Activity activity = service.importTrack(
                athleteId,
                TestTracks.line(NOW, 45.0, 6.0, 45.9, 6.9, points - 1, 200, 900),
                TrackImport.of(Visibility.EVERYONE));

        DetailedActivity found = service.find(viewer(athleteId, true), activity.id());
        Streams streams =
                service.streams(viewer(athleteId, true), activity.id()).orElseThrow();

        assertThat(streams.size()).isEqualTo(points);
        assertThat(streams.latitude().orElseThrow()[points - 1]).isCloseTo(45.9, within(1e-6));
        assertThat(streams.longitude().orElseThrow()[points - 1]).isCloseTo(6.9, within(1e-6));
        assertThat(found.activity().measures().elapsedTime()).isEqualTo(points - 1);
        assertThat(found.polyline()).isNotEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void theUniqueIndexOnTheDigest_catchesARaceTheCheckMissed(TestDatabase.Kind kind) {
        open(kind);
        TrackImport options = new TrackImport(
                Optional.empty(),
                Optional.empty(),
                Visibility.EVERYONE,
                false,
                false,
                Optional.empty(),
                Optional.empty(),
                Optional.of("cd".repeat(32)));
        Recording recording = TrackAnalysis.analyse(TestTracks.ride(NOW));
        ActivityDetails details = new ActivityDetails(
                "Raced", Optional.empty(), SportType.Ride, Visibility.EVERYONE, false, false, false, Optional.empty());
        ActivitySource source =
                new ActivitySource(false, Optional.empty(), Optional.empty(), Optional.empty(), options.digest());
        NewActivity activity = new NewActivity(athleteId, details, recording, source);
        ActivityId first = database.write(tx -> store.insert(tx, activity, NOW));

        RuntimeException race = org.junit.jupiter.api.Assertions.assertThrows(
                RuntimeException.class, () -> database.write(tx -> store.insert(tx, activity, NOW)));

        assertThat(service.duplicateOrRethrow(race, activity))
                .isInstanceOfSatisfying(
                        DuplicateActivityException.class,
                        e -> assertThat(e.existingActivityId()).isEqualTo(first));
        assertThat(count("activity_laps")).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void manualActivities_andUpdates_roundTrip(TestDatabase.Kind kind) {
        open(kind);
        ManualActivity manual = ManualActivity.parse((name, resource) -> Optional.ofNullable(
                switch (name) {
                    case "name" -> "Treadmill";
                    case "sport_type" -> "Run";
                    case "start_date_local" -> "2026-02-28 19:04:26 -0400";
                    case "elapsed_time" -> "1234";
                    case "distance" -> "1000";
                    default -> null;
                }));

        DetailedActivity created = service.createManual(Viewer.owner(athleteId), manual);
        DetailedActivity updated = service.update(
                Viewer.owner(athleteId),
                created.activity().id(),
                new ActivityUpdate(
                        Optional.of("Renamed"),
                        Optional.of("Easy"),
                        Optional.of(SportType.TrailRun),
                        Optional.empty(),
                        Optional.of(true),
                        Optional.empty(),
                        true));

        Activity activity = updated.activity();
        assertThat(activity.source().manual()).isTrue();
        assertThat(activity.start().instant()).isEqualTo(Instant.parse("2026-02-28T23:04:26Z"));
        assertThat(activity.start().utcOffsetSeconds()).isEqualTo(-4 * 3600);
        assertThat(activity.measures().averageSpeed()).isCloseTo(0.81, within(0.01));
        assertThat(activity.details())
                .isEqualTo(new ActivityDetails(
                        "Renamed",
                        Optional.of("Easy"),
                        SportType.TrailRun,
                        Visibility.EVERYONE,
                        false,
                        true,
                        false,
                        Optional.empty()));
        Optional<Streams> streams = database.read(tx -> store.streams(tx, activity.id()));
        assertThat(streams).isEmpty();
        assertThat(updated.laps()).isEmpty(); // contract#manual-laps: no laps, as Strava's manual activities
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void anotherAthletesActivity_andOnlyMeWithoutReadAll_areNotFound(TestDatabase.Kind kind) {
        open(kind);
        Activity hidden = ride(NOW, Visibility.ONLY_ME);

        assertThatThrownBy(() -> service.find(viewer(otherAthleteId, true), hidden.id()))
                .isInstanceOf(FaultException.class);
        assertThatThrownBy(() -> service.find(viewer(athleteId, false), hidden.id()))
                .isInstanceOf(FaultException.class);
        assertThat(service.find(viewer(athleteId, true), hidden.id()).activity().id())
                .isEqualTo(hidden.id());
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void privacyZones_areStoredPerAthlete_andTrimWhatTheyCover(TestDatabase.Kind kind) {
        open(kind);
        Activity activity = ride(NOW, Visibility.EVERYONE);
        service.addPrivacyZone(athleteId, new PrivacyZone(45.0, 6.0, 500));

        assertThat(service.privacyZones(athleteId)).containsExactly(new PrivacyZone(45.0, 6.0, 500));
        assertThat(service.privacyZones(otherAthleteId)).isEmpty();
        Streams trimmed =
                service.streams(viewer(athleteId, false), activity.id()).orElseThrow();
        Streams whole = service.streams(viewer(athleteId, true), activity.id()).orElseThrow();
        assertThat(whole.size()).isEqualTo(601);
        assertThat(trimmed.size()).isLessThan(601).isGreaterThan(450);
        assertThat(new PrivacyZone(45.0, 6.0, 500)
                        .contains(
                                trimmed.latitude().get()[0], trimmed.longitude().get()[0]))
                .isFalse();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void uploads_waitProcessing_thenBecomeReadyOrFailed_andDropTheirFile(TestDatabase.Kind kind) {
        open(kind);
        NewUpload file = new NewUpload(
                new byte[] {1, 2, 3},
                DataType.GPX_GZ,
                "ride.gpx.gz",
                Optional.of("Name"),
                Optional.empty(),
                true,
                false);
        Upload ready = database.write(tx -> uploads.insert(tx, athleteId, file, "ef".repeat(32), NOW));
        Upload failed = database.write(tx -> uploads.insert(tx, athleteId, file, "ef".repeat(32), NOW));
        assertThat(processing(List.of())).containsExactly(ready.id(), failed.id());
        assertThat(processing(List.of(ready.id()))).containsExactly(failed.id());
        Optional<byte[]> kept = database.read(tx -> uploads.file(tx, ready.id()));
        assertThat(kept).hasValueSatisfying(bytes -> assertThat(bytes).containsExactly(1, 2, 3));
        Activity activity = ride(NOW, Visibility.EVERYONE);

        boolean marked = database.write(tx -> uploads.markReady(tx, ready.id(), activity.id(), NOW));
        boolean markedAgain = database.write(tx -> uploads.markReady(tx, ready.id(), activity.id(), NOW));
        database.write(tx -> {
            uploads.markError(tx, failed.id(), "broken", NOW);
            return null;
        });

        assertThat(marked).isTrue();
        assertThat(markedAgain).isFalse();
        assertThat(database.read(tx -> uploads.find(tx, ready.id())).orElseThrow())
                .satisfies(u -> {
                    assertThat(u.status()).isEqualTo(UploadStatus.READY);
                    assertThat(u.activityId()).contains(activity.id());
                    assertThat(u.dataType()).isEqualTo(DataType.GPX_GZ);
                    assertThat(u.trainer()).isTrue();
                });
        assertThat(database.read(tx -> uploads.find(tx, failed.id()))
                        .orElseThrow()
                        .error())
                .contains("broken");
        assertThat(processing(List.of())).isEmpty();
        assertThat(count("upload_files")).isZero();
    }

    private List<UploadId> processing(List<UploadId> skip) {
        return database.read(tx -> uploads.processing(tx, 10, skip));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void athleteWeightAndFtp_areUpdatedOnlyWhenGiven(TestDatabase.Kind kind) {
        open(kind);
        AthleteStore athletes = new AthleteStore();

        database.write(tx -> athletes.updateProfile(tx, athleteId, Optional.of(61.5), Optional.of(240), NOW));
        var updated = database.write(
                        tx -> athletes.updateProfile(tx, athleteId, Optional.empty(), Optional.empty(), NOW))
                .orElseThrow();

        assertThat(updated.weight()).contains(61.5);
        assertThat(updated.ftp()).contains(240);
        assertThat(updated.updatedAt()).isEqualTo(NOW);
    }

    private long count(String table) {
        return database.read(tx -> tx.sql("SELECT COUNT(*) FROM " + table).number());
    }
}
