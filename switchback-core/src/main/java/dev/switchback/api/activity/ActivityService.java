package dev.switchback.api.activity;

import dev.switchback.api.geo.LatLng;
import dev.switchback.api.track.Track;
import dev.switchback.fault.FaultException;
import dev.switchback.store.StorageFaults;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Activities as the API and the CLI see them. Every read goes through a {@link Viewer}: another athlete's
 * activity, or an Only Me one without {@code activity:read_all}, is {@code Record Not Found}; without
 * {@code activity:read_all} what lies inside the owner's privacy zones is left out (spec §7.5).
 */
public final class ActivityService {
    /** "Recent" totals cover this much time (spec §8.6: the last four weeks). */
    private static final Duration RECENT = Duration.ofDays(28);

    private final ActivityStore store;
    private final Clock clock;

    public ActivityService(ActivityStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Makes an activity of a parsed file, in its own transaction. */
    public Activity importTrack(long athleteId, Track track, TrackImport options) {
        try {
            long id = store.jdbi().inTransaction(handle -> importTrack(handle, athleteId, track, options));
            return store.find(id).orElseThrow();
        } catch (RuntimeException e) {
            throw duplicateOrRethrow(e, athleteId, options);
        }
    }

    /**
     * Makes an activity of a parsed file inside the caller's transaction (an upload marks itself done in the
     * same one): the activity, its streams and laps, or nothing. A file this athlete already made an
     * activity of is a {@link DuplicateActivityException}.
     */
    public long importTrack(Handle handle, long athleteId, Track track, TrackImport options) {
        if (options.digest().isPresent()) {
            Optional<Long> existing = store.findBySource(handle, athleteId, options.digest().get());
            if (existing.isPresent()) {
                throw new DuplicateActivityException(existing.get());
            }
        }
        Recording recording = TrackAnalysis.analyse(track);
        SportType sport = track.sport().flatMap(SportType::fromWireName).orElse(SportType.Ride);
        String name = options.name().or(() -> track.name().map(String::strip).filter(s -> !s.isEmpty()))
                .map(s -> s.length() > ManualActivity.MAX_NAME ? s.substring(0, ManualActivity.MAX_NAME) : s)
                .orElseGet(() -> defaultName(recording.start(), sport));
        ActivityDetails details = new ActivityDetails(name, options.description(), sport, options.visibility(),
                options.trainer(), options.commute(), false, Optional.empty());
        ActivitySource source = new ActivitySource(false, track.device(), options.externalId(), options.uploadId(),
                options.digest());
        return store.insert(handle, athleteId, details, recording, source, clock.instant());
    }

    /**
     * A second upload of one file that raced the first past the duplicate check hits the unique index on
     * (athlete, digest): that, too, is a duplicate.
     */
    public RuntimeException duplicateOrRethrow(RuntimeException e, long athleteId, TrackImport options) {
        if (options.digest().isEmpty() || !StorageFaults.isUniqueViolation(e)) {
            return e;
        }
        return store.jdbi().withHandle(handle -> store.findBySource(handle, athleteId, options.digest().get()))
                .<RuntimeException>map(DuplicateActivityException::new).orElse(e);
    }

    /** Strava's default names: "Morning Ride", "Lunch Run", "Evening Walk", by the local start hour. */
    static String defaultName(StartTime start, SportType sport) {
        int hour = start.local().getHour();
        String part = hour >= 5 && hour < 11 ? "Morning" : hour >= 11 && hour < 14 ? "Lunch"
                : hour >= 14 && hour < 18 ? "Afternoon" : hour >= 18 && hour < 22 ? "Evening" : "Night";
        return part + " " + sport.label();
    }

    /** {@code POST /activities}: a manual activity, with one lap and no streams. */
    public DetailedActivity createManual(Viewer viewer, ManualActivity manual) {
        StartTime start = manual.start();
        Measures measures = Measures.manual(manual.distance(), manual.elapsedTime());
        Lap lap = new Lap(0, 1, start.instant(), manual.elapsedTime(), manual.elapsedTime(), manual.distance(), 0, 0, 0, 0,
                measures.averageHeartrate(), measures.maxHeartrate(), measures.averageCadence(), measures.averageWatts());
        Recording recording = new Recording(Optional.empty(), measures, ActivityMap.NONE, List.of(lap), start);
        long id = store.jdbi().inTransaction(handle ->
                store.insert(handle, viewer.athleteId(), manual.details(), recording, ActivitySource.MANUAL, clock.instant()));
        return find(viewer, id);
    }

    /** {@code GET /activities/{id}}. */
    public DetailedActivity find(Viewer viewer, long id) {
        Activity activity = visible(viewer, id);
        PrivacyFilter filter = filterFor(viewer, activity.athleteId());
        Optional<Streams> recorded = store.streams(id);
        Optional<Streams> streams = recorded.map(filter::trim);
        String polyline = streams.map(s -> {
            double[][] positions = s.positions();
            return SummaryLine.encode(positions[0], positions[1]);
        }).orElse("");
        return new DetailedActivity(trim(activity, filter, streams), polyline, store.laps(id),
                recorded.map(s -> Split.of(s, Split.KILOMETRE)).orElse(List.of()),
                recorded.map(s -> Split.of(s, Split.MILE)).orElse(List.of()));
    }

    /** {@code GET /athlete/activities}: the viewer's own, Only Me ones only with {@code activity:read_all}. */
    public List<Activity> list(Viewer viewer, ActivityQuery query) {
        PrivacyFilter filter = filterFor(viewer, viewer.athleteId());
        return store.list(viewer.athleteId(), viewer.readAll(), query).stream()
                .map(activity -> activity.withMap(filter.trim(activity.map())))
                .toList();
    }

    /** {@code PUT /activities/{id}}: the same visibility rule as reading (Only Me needs {@code activity:read_all}). */
    public DetailedActivity update(Viewer viewer, long id, ActivityUpdate update) {
        Activity activity = visible(viewer, id);
        store.jdbi().useTransaction(handle ->
                store.updateDetails(handle, id, update.applyTo(activity.details()), clock.instant()));
        return find(viewer, id);
    }

    public List<Lap> laps(Viewer viewer, long id) {
        visible(viewer, id);
        return store.laps(id);
    }

    /** The recorded streams as the viewer may see them; empty for a manual activity. */
    public Optional<Streams> streams(Viewer viewer, long id) {
        Activity activity = visible(viewer, id);
        PrivacyFilter filter = filterFor(viewer, activity.athleteId());
        return store.streams(id).map(filter::trim);
    }

    /** An athlete's totals, of Everyone activities only, whatever the token may see (spec §7.5). */
    public ActivityStats stats(long athleteId) {
        Instant now = clock.instant();
        Instant recentSince = now.minus(RECENT);
        Instant yearStart = LocalDate.ofInstant(now, ZoneOffset.UTC).withDayOfYear(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        ActivityStats.Totals[] totals = new ActivityStats.Totals[9];
        java.util.Arrays.fill(totals, ActivityStats.Totals.ZERO);
        double biggestRide = 0;
        double biggestClimb = 0;
        for (Activity activity : store.listByVisibility(athleteId, Visibility.EVERYONE)) {
            int kind = switch (activity.details().sportType().activityType()) {
                case "Ride", "VirtualRide" -> 0;
                case "Run", "VirtualRun" -> 1;
                case "Swim" -> 2;
                default -> -1;
            };
            if (kind < 0) {
                continue;
            }
            Instant start = activity.start().instant();
            if (!start.isBefore(recentSince)) {
                totals[kind] = totals[kind].plus(activity);
            }
            if (!start.isBefore(yearStart)) {
                totals[3 + kind] = totals[3 + kind].plus(activity);
            }
            totals[6 + kind] = totals[6 + kind].plus(activity);
            if (kind == 0) {
                biggestRide = Math.max(biggestRide, activity.measures().distance());
                biggestClimb = Math.max(biggestClimb, activity.measures().totalElevationGain());
            }
        }
        return new ActivityStats(biggestRide, biggestClimb, totals[0], totals[1], totals[2], totals[3], totals[4],
                totals[5], totals[6], totals[7], totals[8]);
    }

    public void addPrivacyZone(long athleteId, PrivacyZone zone) {
        store.insertPrivacyZone(athleteId, zone, clock.instant());
    }

    public List<PrivacyZone> privacyZones(long athleteId) {
        return store.privacyZones(athleteId);
    }

    /** The activity, if the viewer may see it at all; otherwise Record Not Found, never a hint that it exists. */
    private Activity visible(Viewer viewer, long id) {
        return store.find(id).filter(viewer::maySee).orElseThrow(() -> FaultException.notFound("Activity", "id"));
    }

    private PrivacyFilter filterFor(Viewer viewer, long ownerId) {
        return viewer.readAll() ? new PrivacyFilter(List.of()) : new PrivacyFilter(store.privacyZones(ownerId));
    }

    /** The map of the detailed view: start and end from the (trimmed) streams when there are any. */
    private static Activity trim(Activity activity, PrivacyFilter filter, Optional<Streams> streams) {
        ActivityMap summary = filter.trim(activity.map());
        if (filter.hidesNothing() || streams.isEmpty()) {
            return activity.withMap(summary);
        }
        double[][] positions = streams.get().positions();
        int count = positions[0].length;
        return activity.withMap(new ActivityMap(
                count == 0 ? Optional.empty() : Optional.of(new LatLng(positions[0][0], positions[1][0])),
                count == 0 ? Optional.empty() : Optional.of(new LatLng(positions[0][count - 1], positions[1][count - 1])),
                summary.summaryPolyline()));
    }
}
