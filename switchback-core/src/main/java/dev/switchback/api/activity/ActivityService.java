package dev.switchback.api.activity;

import dev.switchback.api.Viewer;
import dev.switchback.api.geo.LatLng;
import dev.switchback.api.track.Track;
import dev.switchback.athlete.AthleteId;
import dev.switchback.fault.FaultException;
import dev.switchback.store.Database;
import dev.switchback.store.StorageFaults;
import dev.switchback.store.Tx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Activities as the API and the CLI see them. Every read goes through a {@link Viewer}: another athlete's
 * activity, or an Only Me one without {@code activity:read_all}, is {@code Record Not Found}; without
 * {@code activity:read_all} what lies inside the owner's privacy zones is left out (contract#privacy-zones).
 */
public final class ActivityService {
    /** "Recent" totals cover this much time (contract#activity-stats: the last four weeks). */
    private static final Duration RECENT = Duration.ofDays(28);

    private final Database database;
    private final ActivityStore store;
    private final Clock clock;

    public ActivityService(Database database, ActivityStore store, Clock clock) {
        this.database = database;
        this.store = store;
        this.clock = clock;
    }

    /** Makes an activity of a parsed file, in its own transaction. */
    public Activity importTrack(AthleteId athlete, Track track, TrackImport options) {
        NewActivity activity = prepare(athlete, track, options);
        try {
            return database.write(tx -> store.find(tx, insert(tx, activity)).orElseThrow());
        } catch (RuntimeException e) {
            throw duplicateOrRethrow(e, activity);
        }
    }

    /**
     * Analyses a parsed file into the activity it makes: its streams, measures and laps, its name (the
     * uploader's, else the file's, else Strava's "Morning Ride"). Computation only, before any transaction.
     */
    public NewActivity prepare(AthleteId athlete, Track track, TrackImport options) {
        Recording recording = TrackAnalysis.analyse(track);
        SportType sport = track.sport().flatMap(SportType::fromWireName).orElse(SportType.Ride);
        String name = options.name()
                .or(() -> track.name().map(String::strip).filter(s -> !s.isEmpty()))
                .map(s -> s.length() > ManualActivity.MAX_NAME ? s.substring(0, ManualActivity.MAX_NAME) : s)
                .orElseGet(() -> defaultName(recording.start(), sport));
        ActivityDetails details = new ActivityDetails(
                name,
                options.description(),
                sport,
                options.visibility(),
                options.trainer(),
                options.commute(),
                false,
                Optional.empty());
        ActivitySource source =
                new ActivitySource(false, track.device(), options.externalId(), options.uploadId(), options.digest());
        return new NewActivity(athlete, details, recording, source);
    }

    /**
     * Stores a prepared activity, its streams and laps, in the caller's transaction (an upload marks itself
     * done in the same one). A file this athlete already made an activity of is a
     * {@link DuplicateActivityException}.
     */
    public ActivityId insert(Tx tx, NewActivity activity) {
        Optional<String> digest = activity.source().digest();
        if (digest.isPresent()) {
            Optional<ActivityId> existing = store.findBySource(tx, activity.athleteId(), digest.get());
            if (existing.isPresent()) {
                throw new DuplicateActivityException(existing.get());
            }
        }
        return store.insert(tx, activity, clock.instant());
    }

    /**
     * A second upload of one file that raced the first past the duplicate check hits the unique index on
     * (athlete, digest): that, too, is a duplicate.
     */
    public RuntimeException duplicateOrRethrow(RuntimeException e, NewActivity activity) {
        Optional<String> digest = activity.source().digest();
        if (digest.isEmpty() || !StorageFaults.isUniqueViolation(e)) {
            return e;
        }
        return database.read(tx -> store.findBySource(tx, activity.athleteId(), digest.get()))
                .<RuntimeException>map(DuplicateActivityException::new)
                .orElse(e);
    }

    /** Strava's default names: "Morning Ride", "Lunch Run", "Evening Walk", by the local start hour. */
    static String defaultName(StartTime start, SportType sport) {
        int hour = start.local().getHour();
        String part = hour >= 5 && hour < 11
                ? "Morning"
                : hour >= 11 && hour < 14
                        ? "Lunch"
                        : hour >= 14 && hour < 18 ? "Afternoon" : hour >= 18 && hour < 22 ? "Evening" : "Night";
        return part + " " + sport.label();
    }

    /** {@code POST /activities}: a manual activity, with one lap and no streams. */
    public DetailedActivity createManual(Viewer viewer, ManualActivity manual) {
        StartTime start = manual.start();
        Measures measures = Measures.manual(manual.distance(), manual.elapsedTime());
        Lap lap = new Lap(
                0,
                1,
                start.instant(),
                manual.elapsedTime(),
                manual.elapsedTime(),
                manual.distance(),
                0,
                0,
                0,
                0,
                measures.averageHeartrate(),
                measures.maxHeartrate(),
                measures.averageCadence(),
                measures.averageWatts());
        Recording recording = new Recording(Optional.empty(), measures, ActivityMap.NONE, List.of(lap), start);
        NewActivity activity = new NewActivity(viewer.athleteId(), manual.details(), recording, ActivitySource.MANUAL);
        Instant now = clock.instant();
        ActivityId id = database.write(tx -> store.insert(tx, activity, now));
        return find(viewer, id);
    }

    /** {@code GET /activities/{id}}. */
    public DetailedActivity find(Viewer viewer, ActivityId id) {
        Seen seen = database.read(tx -> {
            Activity activity = visible(tx, viewer, id);
            return new Seen(
                    activity, filterFor(tx, viewer, activity.athleteId()), store.streams(tx, id), store.laps(tx, id));
        });
        Optional<Streams> streams = seen.recorded().map(seen.filter()::trim);
        String polyline = streams.map(s -> {
                    double[][] positions = s.positions();
                    return SummaryLine.encode(positions[0], positions[1]);
                })
                .orElse("");
        return new DetailedActivity(
                trim(seen.activity(), seen.filter(), streams),
                polyline,
                seen.laps(),
                seen.recorded().map(s -> Split.of(s, Split.KILOMETRE)).orElse(List.of()),
                seen.recorded().map(s -> Split.of(s, Split.MILE)).orElse(List.of()));
    }

    /** {@code GET /athlete/activities}: the viewer's own, Only Me ones only with {@code activity:read_all}. */
    public List<Activity> list(Viewer viewer, ActivityQuery query) {
        return database.read(tx -> {
            PrivacyFilter filter = filterFor(tx, viewer, viewer.athleteId());
            return store.list(tx, viewer.athleteId(), viewer.seesOnlyMeActivities(), query).stream()
                    .map(activity -> activity.withMap(filter.trim(activity.map())))
                    .toList();
        });
    }

    /** {@code PUT /activities/{id}}: the same visibility rule as reading (Only Me needs {@code activity:read_all}). */
    public DetailedActivity update(Viewer viewer, ActivityId id, ActivityUpdate update) {
        Instant now = clock.instant();
        database.write(tx -> {
            Activity activity = visible(tx, viewer, id);
            store.updateDetails(tx, id, update.applyTo(activity.details()), now);
            return null;
        });
        return find(viewer, id);
    }

    /** The recorded streams as the viewer may see them; empty for a manual activity. */
    public Optional<Streams> streams(Viewer viewer, ActivityId id) {
        Seen seen = database.read(tx -> {
            Activity activity = visible(tx, viewer, id);
            return new Seen(activity, filterFor(tx, viewer, activity.athleteId()), store.streams(tx, id), List.of());
        });
        return seen.recorded().map(seen.filter()::trim);
    }

    /**
     * {@code GET /athletes/{id}/stats}: an athlete's totals, of Everyone activities only, whatever the token
     * may see (contract#activity-stats); another athlete's are a 401.
     */
    public ActivityStats stats(Viewer viewer, AthleteId athlete) {
        if (!viewer.maySeeStatsOf(athlete)) {
            throw FaultException.authorization("Athlete", "id", "invalid");
        }
        List<Activity> everyone = database.read(tx -> store.listByVisibility(tx, athlete, Visibility.EVERYONE));
        return totals(everyone, clock.instant());
    }

    private static ActivityStats totals(List<Activity> activities, Instant now) {
        Instant recentSince = now.minus(RECENT);
        Instant yearStart = LocalDate.ofInstant(now, ZoneOffset.UTC)
                .withDayOfYear(1)
                .atStartOfDay()
                .toInstant(ZoneOffset.UTC);
        ActivityStats.Totals[] totals = new ActivityStats.Totals[9];
        java.util.Arrays.fill(totals, ActivityStats.Totals.ZERO);
        double biggestRide = 0;
        double biggestClimb = 0;
        for (Activity activity : activities) {
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
        return new ActivityStats(
                biggestRide,
                biggestClimb,
                totals[0],
                totals[1],
                totals[2],
                totals[3],
                totals[4],
                totals[5],
                totals[6],
                totals[7],
                totals[8]);
    }

    public void addPrivacyZone(AthleteId athlete, PrivacyZone zone) {
        Instant now = clock.instant();
        database.write(tx -> {
            store.insertPrivacyZone(tx, athlete, zone, now);
            return null;
        });
    }

    public List<PrivacyZone> privacyZones(AthleteId athlete) {
        return database.read(tx -> store.privacyZones(tx, athlete));
    }

    /** The activity, if the viewer may see it at all; otherwise Record Not Found, never a hint that it exists. */
    private Activity visible(Tx tx, Viewer viewer, ActivityId id) {
        return store.find(tx, id).filter(viewer::maySee).orElseThrow(() -> FaultException.notFound("Activity", "id"));
    }

    private PrivacyFilter filterFor(Tx tx, Viewer viewer, AthleteId owner) {
        return viewer.seesInsidePrivacyZones()
                ? new PrivacyFilter(List.of())
                : new PrivacyFilter(store.privacyZones(tx, owner));
    }
    /**
     * What a read found, for the trimming and the splits to run after it, off the connection: an activity the
     * viewer may see, the filter of what they may not, and as much of the recording as the view needs.
     */
    private record Seen(Activity activity, PrivacyFilter filter, Optional<Streams> recorded, List<Lap> laps) {}

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
                count == 0
                        ? Optional.empty()
                        : Optional.of(new LatLng(positions[0][count - 1], positions[1][count - 1])),
                summary.summaryPolyline()));
    }
}
