package dev.switchback.api.activity;

import dev.switchback.api.Viewer;
import dev.switchback.api.geo.LatLng;
import dev.switchback.api.segment.SegmentActivityType;
import dev.switchback.api.segment.SegmentStore;
import dev.switchback.api.segment.SegmentView;
import dev.switchback.api.track.Track;
import dev.switchback.athlete.AthleteId;
import dev.switchback.fault.FaultException;
import dev.switchback.store.Database;
import dev.switchback.store.StorageFaults;
import dev.switchback.store.Tx;
import dev.switchback.webhook.ActivityEvent;
import dev.switchback.webhook.Outbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

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
    private final EffortStore efforts;
    private final SegmentStore segments;
    private final Outbox outbox;
    private final Clock clock;

    public ActivityService(Database database, ActivityStore store, Clock clock) {
        this(database, store, new EffortStore(), new SegmentStore(), new Outbox(), clock);
    }

    public ActivityService(Database database, ActivityStore store, Outbox outbox, Clock clock) {
        this(database, store, new EffortStore(), new SegmentStore(), outbox, clock);
    }

    /** Every change that subscribed apps hear of writes its events to {@code outbox} in its own transaction. */
    public ActivityService(
            Database database,
            ActivityStore store,
            EffortStore efforts,
            SegmentStore segments,
            Outbox outbox,
            Clock clock) {
        this.database = database;
        this.store = store;
        this.efforts = efforts;
        this.segments = segments;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Makes an activity of a parsed file, in its own transaction. */
    public Activity importTrack(AthleteId athlete, Track track, TrackImport options) {
        NewActivity activity = prepare(athlete, track, options);
        try {
            return database.write(tx -> stored(tx, insert(tx, activity)));
        } catch (RuntimeException e) {
            throw duplicateOrRethrow(e, activity);
        }
    }

    /** Any athlete's activity, whoever may see it (the CLI, which acts for the owner). */
    public Optional<Activity> findAny(ActivityId id) {
        return database.read(tx -> store.find(tx, id));
    }

    /** An activity just stored in the caller's transaction. */
    public Activity stored(Tx tx, ActivityId id) {
        return store.find(tx, id).orElseThrow();
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
        Instant now = clock.instant();
        ActivityId id = store.insert(tx, activity, now);
        activity.recording().streams().ifPresent(streams -> makeEfforts(tx, id, activity, streams));
        outbox.activity(
                tx,
                ActivityEvent.created(
                        id, activity.athleteId(), activity.details().visibility()),
                now);
        return id;
    }

    /**
     * The segment efforts and best efforts of a new activity (contract#segment-efforts), in its transaction: the
     * segments it rode (public ones and the athlete's own private ones, of its kind), each effort ranked among
     * the athlete's on the segment ({@code pr_rank} 1 to 3); for a run, its best efforts, ranked alike.
     */
    private void makeEfforts(Tx tx, ActivityId id, NewActivity activity, Streams streams) {
        Instant start = activity.recording().start().instant();
        SportType sport = activity.details().sportType();
        Optional<SegmentActivityType> kind = segmentKind(sport);
        Optional<double[][]> box = box(streams);
        if (kind.isPresent() && box.isPresent()) {
            LatLng southWest = new LatLng(box.get()[0][0], box.get()[0][1]);
            LatLng northEast = new LatLng(box.get()[1][0], box.get()[1][1]);
            List<SegmentEffort> found = new ArrayList<>();
            for (SegmentPath segment : efforts.candidates(tx, activity.athleteId(), kind.get(), southWest, northEast)) {
                found.addAll(SegmentMatcher.efforts(segment, streams, start));
            }
            efforts.insertSegmentEfforts(tx, id, activity.athleteId(), rankSegmentEfforts(tx, activity, found));
        }
        if (BestEfforts.forSport(sport)) {
            List<BestEffort> best = BestEfforts.of(streams, start).stream()
                    .map(e -> e.ranked(
                            rank(1 + efforts.bestEffortsAtMost(tx, activity.athleteId(), e.name(), e.elapsedTime()))))
                    .toList();
            efforts.insertBestEfforts(tx, id, activity.athleteId(), best);
        }
    }

    /**
     * Each effort's rank among the athlete's efforts on its segment, earlier ones first on a tie; of several
     * efforts on one segment in this activity the fastest is shown, the others only with
     * {@code include_all_efforts}.
     */
    private List<SegmentEffort> rankSegmentEfforts(Tx tx, NewActivity activity, List<SegmentEffort> found) {
        List<SegmentEffort> ranked = new ArrayList<>();
        for (SegmentEffort effort : found) {
            long faster = 0;
            for (SegmentEffort other : found) {
                boolean before = other.elapsedTime() < effort.elapsedTime()
                        || (other.elapsedTime() == effort.elapsedTime() && other.startIndex() < effort.startIndex());
                if (other != effort && other.segmentId().equals(effort.segmentId()) && before) {
                    faster++;
                }
            }
            long rank = 1
                    + faster
                    + efforts.segmentEffortsAtMost(tx, activity.athleteId(), effort.segmentId(), effort.elapsedTime());
            boolean fastestHere = found.stream()
                    .filter(other -> other != effort && other.segmentId().equals(effort.segmentId()))
                    .noneMatch(other -> other.elapsedTime() < effort.elapsedTime()
                            || (other.elapsedTime() == effort.elapsedTime()
                                    && other.startIndex() < effort.startIndex()));
            ranked.add(effort.ranked(rank(rank), !fastestHere));
        }
        return ranked;
    }

    /** Strava's pr_rank: 1, 2 or 3, else none. */
    private static OptionalInt rank(long rank) {
        return rank <= 3 ? OptionalInt.of((int) rank) : OptionalInt.empty();
    }

    /** Which segments a sport rides: ride segments for rides (and e-bike rides), run segments on foot. */
    static Optional<SegmentActivityType> segmentKind(SportType sport) {
        return switch (sport.activityType()) {
            case "Ride", "EBikeRide" -> Optional.of(SegmentActivityType.RIDE);
            case "Run", "Walk", "Hike" -> Optional.of(SegmentActivityType.RUN);
            default -> Optional.empty();
        };
    }

    /** The box around every position, {@code [[south, west], [north, east]]}, if there is one. */
    private static Optional<double[][]> box(Streams streams) {
        if (streams.latitude().isEmpty()) {
            return Optional.empty();
        }
        double[] lat = streams.latitude().get();
        double[] lng = streams.longitude().get();
        double south = 90;
        double north = -90;
        double west = 180;
        double east = -180;
        boolean any = false;
        for (int i = 0; i < lat.length; i++) {
            if (!Double.isNaN(lat[i]) && !Double.isNaN(lng[i])) {
                any = true;
                south = Math.min(south, lat[i]);
                north = Math.max(north, lat[i]);
                west = Math.min(west, lng[i]);
                east = Math.max(east, lng[i]);
            }
        }
        double margin = 0.001; // a little over the matching tolerance
        return any
                ? Optional.of(new double[][] {
                    {Math.max(-90, south - margin), Math.max(-180, west - margin)},
                    {Math.min(90, north + margin), Math.min(180, east + margin)}
                })
                : Optional.empty();
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

    /**
     * {@code POST /activities}: a manual activity, with no streams and no laps (contract#manual-laps: Strava's
     * answer has no {@code laps}, so its laps endpoint has none either).
     */
    public DetailedActivity createManual(Viewer viewer, ManualActivity manual) {
        StartTime start = manual.start();
        Measures measures = Measures.manual(manual.distance(), manual.elapsedTime());
        Recording recording = new Recording(Optional.empty(), measures, ActivityMap.NONE, List.of(), start);
        NewActivity activity = new NewActivity(viewer.athleteId(), manual.details(), recording, ActivitySource.MANUAL);
        Instant now = clock.instant();
        ActivityId id = database.write(tx -> {
            ActivityId made = store.insert(tx, activity, now);
            outbox.activity(
                    tx,
                    ActivityEvent.created(
                            made, activity.athleteId(), activity.details().visibility()),
                    now);
            return made;
        });
        return find(viewer, id);
    }

    /** {@code GET /activities/{id}}, with Strava's default of efforts (the hidden ones left out). */
    public DetailedActivity find(Viewer viewer, ActivityId id) {
        return find(viewer, id, false);
    }

    /**
     * {@code GET /activities/{id}}; {@code allEfforts} is {@code include_all_efforts}. Efforts on segments the
     * viewer may not see (another's or, without {@code read_all}, one's own private ones) are left out.
     */
    public DetailedActivity find(Viewer viewer, ActivityId id, boolean allEfforts) {
        Seen seen = database.read(tx -> {
            Activity activity = visible(tx, viewer, id);
            List<Lap> laps = activity.source().manual() ? List.of() : store.laps(tx, id); // older manual ones had one
            return new Seen(
                    activity,
                    filterFor(tx, viewer, activity.athleteId()),
                    store.streams(tx, id),
                    laps,
                    segmentEfforts(tx, viewer, id, allEfforts),
                    efforts.bestEfforts(tx, id));
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
                seen.recorded().map(s -> Split.of(s, Split.MILE)).orElse(List.of()),
                seen.segmentEfforts(),
                seen.bestEfforts());
    }

    private List<DetailedActivity.Effort> segmentEfforts(Tx tx, Viewer viewer, ActivityId id, boolean allEfforts) {
        List<DetailedActivity.Effort> shown = new ArrayList<>();
        for (SegmentEffort effort : efforts.segmentEfforts(tx, id)) {
            if (effort.hidden() && !allEfforts) {
                continue;
            }
            segments.find(tx, effort.segmentId())
                    .filter(viewer::maySee)
                    .ifPresent(segment -> shown.add(new DetailedActivity.Effort(
                            effort,
                            new SegmentView(
                                    segment,
                                    segments.isStarred(tx, viewer.athleteId(), segment.id()),
                                    Optional.empty()))));
        }
        return shown;
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
            Activity activity = changeable(tx, viewer, id);
            change(tx, activity, update.applyTo(activity.details()), now);
            return null;
        });
        return find(viewer, id);
    }

    /**
     * Who may see an activity: its owner moves it to or from Only Me (the CLI; Strava's athletes do it on the
     * website). Subscribed apps hear of it as their scopes allow (contract#webhook-events).
     */
    public Activity changeVisibility(AthleteId owner, ActivityId id, Visibility visibility) {
        Instant now = clock.instant();
        return database.write(tx -> {
            Activity activity = changeable(tx, Viewer.owner(owner), id);
            ActivityDetails details = activity.details();
            change(
                    tx,
                    activity,
                    new ActivityDetails(
                            details.name(),
                            details.description(),
                            details.sportType(),
                            visibility,
                            details.trainer(),
                            details.commute(),
                            details.hideFromHome(),
                            details.gearId()),
                    now);
            return stored(tx, id);
        });
    }

    /**
     * Deletes one of the viewer's activities with its streams, laps and efforts ({@code DELETE
     * /activities/{id}}, not in Strava's public API); subscribed apps get a {@code delete} event.
     */
    public void delete(Viewer viewer, ActivityId id) {
        Instant now = clock.instant();
        database.write(tx -> {
            Activity activity = changeable(tx, viewer, id);
            store.delete(tx, id);
            outbox.activity(tx, ActivityEvent.deleted(activity), now);
            return null;
        });
    }

    private void change(Tx tx, Activity activity, ActivityDetails after, Instant now) {
        store.updateDetails(tx, activity.id(), after, now);
        outbox.activity(tx, ActivityEvent.updated(activity.id(), activity.athleteId(), activity.details(), after), now);
    }

    /** The recorded streams as the viewer may see them; empty for a manual activity. */
    public Optional<Streams> streams(Viewer viewer, ActivityId id) {
        Seen seen = database.read(tx -> {
            Activity activity = visible(tx, viewer, id);
            return new Seen(
                    activity,
                    filterFor(tx, viewer, activity.athleteId()),
                    store.streams(tx, id),
                    List.of(),
                    List.of(),
                    List.of());
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

    /** As {@link #visible}, with the row held until the change commits: its event compares with what it changes. */
    private Activity changeable(Tx tx, Viewer viewer, ActivityId id) {
        return store.findForChange(tx, id)
                .filter(viewer::maySee)
                .orElseThrow(() -> FaultException.notFound("Activity", "id"));
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
    private record Seen(
            Activity activity,
            PrivacyFilter filter,
            Optional<Streams> recorded,
            List<Lap> laps,
            List<DetailedActivity.Effort> segmentEfforts,
            List<BestEffort> bestEfforts) {}

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
