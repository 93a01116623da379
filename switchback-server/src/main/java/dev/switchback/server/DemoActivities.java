package dev.switchback.server;

import dev.switchback.Switchback;
import dev.switchback.api.Viewer;
import dev.switchback.api.activity.ActivityDetails;
import dev.switchback.api.activity.ManualActivity;
import dev.switchback.api.activity.PrivacyZone;
import dev.switchback.api.activity.SportType;
import dev.switchback.api.activity.StartTime;
import dev.switchback.api.activity.TrackImport;
import dev.switchback.api.activity.Visibility;
import dev.switchback.api.geo.GeoPoint;
import dev.switchback.api.track.DataType;
import dev.switchback.api.track.Track;
import dev.switchback.api.track.TrackFormatException;
import dev.switchback.api.track.TrackPoint;
import dev.switchback.athlete.Athlete;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The demo athlete's activities, so that every activity rule of contract#scope-matrix, contract#privacy-zones can be tried with the demo app:
 * a privacy zone around home, activities of every visibility, two of them starting at home (trimmed
 * without {@code activity:read_all}), and a manual one. Tracks are made here, at 1 Hz, from a few
 * waypoints in San Francisco.
 */
public final class DemoActivities {
    private static final GeoPoint HOME = GeoPoint.of(37.75410, -122.44750, 120);
    /** The demo athlete's home, hidden from apps without activity:read_all. */
    public static final PrivacyZone HOME_ZONE = new PrivacyZone(HOME.latitude(), HOME.longitude(), 300);

    private static final GeoPoint[] COMMUTE = {
        HOME,
        GeoPoint.of(37.75300, -122.44650, 160),
        GeoPoint.of(37.76500, -122.43500, 60),
        GeoPoint.of(37.78800, -122.43900, 40),
        GeoPoint.of(37.80400, -122.44900, 3)
    };
    private static final GeoPoint HAWK_HILL_FOOT = GeoPoint.of(37.83260, -122.48300, 62);
    private static final GeoPoint HAWK_HILL_BEND = GeoPoint.of(37.83050, -122.48980, 120);
    private static final GeoPoint HAWK_HILL_TOP = GeoPoint.of(37.82650, -122.49900, 280);
    /** From Crissy Field to the foot of Hawk Hill, then up it three times: three efforts, the second the fastest. */
    private static final GeoPoint[] HAWK_HILL = {
        GeoPoint.of(37.80550, -122.46400, 3),
        GeoPoint.of(37.80700, -122.47500, 20),
        HAWK_HILL_FOOT,
        HAWK_HILL_BEND,
        HAWK_HILL_TOP,
        HAWK_HILL_BEND,
        HAWK_HILL_FOOT,
        HAWK_HILL_BEND,
        HAWK_HILL_TOP,
        HAWK_HILL_BEND,
        HAWK_HILL_FOOT,
        HAWK_HILL_BEND,
        HAWK_HILL_TOP
    };
    /** m/s on each leg of {@link #HAWK_HILL}: climbs at 5.0, 5.6 and 4.6, descents at 9. */
    private static final double[] HAWK_HILL_SPEEDS = {6.5, 6.5, 5.0, 5.0, 9, 9, 5.6, 5.6, 9, 9, 4.6, 4.6};

    private static final GeoPoint[] RECOVERY_LOOP = {
        HOME,
        GeoPoint.of(37.75900, -122.44200, 110),
        GeoPoint.of(37.76300, -122.44900, 90),
        GeoPoint.of(37.75800, -122.45300, 130),
        HOME
    };
    private static final GeoPoint[] CRISSY_FIELD = {
        GeoPoint.of(37.80550, -122.46400, 3),
        GeoPoint.of(37.80480, -122.45600, 4),
        GeoPoint.of(37.80400, -122.44900, 3),
        GeoPoint.of(37.80550, -122.46400, 3)
    };

    private DemoActivities() {}

    /** Creates the zone and the activities, dated in the days before the athlete was created. */
    public static void create(Switchback switchback, Athlete demo) {
        Instant today = demo.createdAt().truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        switchback.activities().addPrivacyZone(demo.id(), HOME_ZONE);
        importTrack(
                switchback,
                demo,
                "Morning Commute",
                Visibility.EVERYONE,
                track("Ride", today.minus(Duration.ofDays(1)).plus(Duration.ofHours(15)), 6.5, true, COMMUTE));
        importTrack(
                switchback,
                demo,
                "Hawk Hill Repeats",
                Visibility.FOLLOWERS_ONLY,
                track(
                        "Ride",
                        today.minus(Duration.ofDays(2)).plus(Duration.ofHours(16)),
                        HAWK_HILL_SPEEDS,
                        true,
                        HAWK_HILL));
        importTrack(
                switchback,
                demo,
                "Recovery Run",
                Visibility.ONLY_ME,
                track("Run", today.minus(Duration.ofDays(3)).plus(Duration.ofHours(14)), 2.8, false, RECOVERY_LOOP));
        importTrack(
                switchback,
                demo,
                "Crissy Field Run",
                Visibility.EVERYONE,
                track("Run", today.minus(Duration.ofDays(5)).plus(Duration.ofHours(1)), 3.2, false, CRISSY_FIELD));
        ZoneId zone = StartTime.fixedZone(-8 * 3600);
        switchback
                .activities()
                .createManual(
                        Viewer.owner(demo.id()),
                        new ManualActivity(
                                new ActivityDetails(
                                        "Gym Session",
                                        Optional.of("Entered by hand: no file, no map."),
                                        SportType.WeightTraining,
                                        Visibility.EVERYONE,
                                        false,
                                        false,
                                        false,
                                        Optional.empty()),
                                LocalDateTime.ofInstant(
                                        today.minus(Duration.ofDays(4)).plus(Duration.ofHours(2)), zone),
                                zone,
                                0,
                                3600));
    }

    /**
     * Uploads the track as a GPX file, read at once: the activity has the upload that its {@code external_id}
     * names, as on Strava (contract#upload-provenance).
     */
    private static void importTrack(
            Switchback switchback, Athlete demo, String name, Visibility visibility, Track track) {
        String file = name.toLowerCase(java.util.Locale.ROOT).replace(' ', '-') + ".gpx";
        try {
            switchback
                    .uploads()
                    .importFile(
                            demo.id(),
                            gpx(track).getBytes(StandardCharsets.UTF_8),
                            DataType.GPX,
                            new TrackImport(
                                    Optional.of(name),
                                    Optional.empty(),
                                    visibility,
                                    false,
                                    false,
                                    Optional.of(file),
                                    Optional.empty(),
                                    Optional.empty()));
        } catch (TrackFormatException e) {
            throw new IllegalStateException("the demo file " + file + " is unreadable: " + e.getMessage(), e);
        }
    }

    /** GPX 1.1 with Garmin's heart rate and cadence extensions and a power element, as devices write it. */
    private static String gpx(Track track) {
        StringBuilder gpx = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <gpx version="1.1" creator="%s" xmlns="http://www.topografix.com/GPX/1/1"
                     xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
                <trk><type>%s</type><trkseg>
                """.formatted(
                        track.device().orElse(""), track.sport().orElse("Ride").equals("Run") ? "running" : "cycling"));
        for (TrackPoint p : track.points()) {
            gpx.append(String.format(
                    java.util.Locale.ROOT,
                    "<trkpt lat=\"%.6f\" lon=\"%.6f\"><ele>%.1f</ele><time>%s</time><extensions>",
                    p.latitude(),
                    p.longitude(),
                    p.altitude(),
                    p.time()));
            if (!Double.isNaN(p.watts())) {
                gpx.append("<power>").append(Math.round(p.watts())).append("</power>");
            }
            gpx.append("<gpxtpx:TrackPointExtension><gpxtpx:hr>")
                    .append(Math.round(p.heartrate()))
                    .append("</gpxtpx:hr>");
            if (!Double.isNaN(p.cadence())) {
                gpx.append("<gpxtpx:cad>").append(Math.round(p.cadence())).append("</gpxtpx:cad>");
            }
            gpx.append("</gpxtpx:TrackPointExtension></extensions></trkpt>\n");
        }
        return gpx.append("</trkseg></trk></gpx>\n").toString();
    }

    /**
     * One point a second along the waypoints at {@code speed} m/s, with a heart rate that rises on climbs,
     * a steady cadence, and power on rides.
     */
    private static Track track(String sport, Instant start, double speed, boolean power, GeoPoint... waypoints) {
        double[] speeds = new double[waypoints.length - 1];
        java.util.Arrays.fill(speeds, speed);
        return track(sport, start, speeds, power, waypoints);
    }

    /** The same, at {@code speeds[i]} from waypoint {@code i} to the next. */
    private static Track track(String sport, Instant start, double[] speeds, boolean power, GeoPoint... waypoints) {
        List<TrackPoint> points = new ArrayList<>();
        int second = 0;
        for (int i = 0; i + 1 < waypoints.length; i++) {
            GeoPoint from = waypoints[i];
            GeoPoint to = waypoints[i + 1];
            double length = from.position().distanceTo(to.position());
            int steps = Math.max(1, (int) Math.round(length / speeds[i]));
            double grade = (to.altitude() - from.altitude()) / Math.max(1, length);
            for (int step = 0; step < steps; step++, second++) {
                double f = (double) step / steps;
                double wobble = Math.sin(second / 37.0);
                points.add(new TrackPoint(
                        start.plusSeconds(second),
                        from.latitude() + (to.latitude() - from.latitude()) * f,
                        from.longitude() + (to.longitude() - from.longitude()) * f,
                        from.altitude() + (to.altitude() - from.altitude()) * f,
                        Double.NaN,
                        Math.round(135 + grade * 400 + wobble * 4),
                        Math.round(power ? 88 + wobble * 3 : 172 + wobble * 2),
                        power ? Math.max(0, Math.round(190 + grade * 2500 + wobble * 25)) : Double.NaN));
            }
        }
        GeoPoint last = waypoints[waypoints.length - 1];
        points.add(new TrackPoint(
                start.plusSeconds(second),
                last.latitude(),
                last.longitude(),
                last.altitude(),
                Double.NaN,
                120,
                Double.NaN,
                Double.NaN));
        return new Track(
                points, List.of(), Optional.of(sport), Optional.empty(), Optional.of("Switchback Demo Device"));
    }
}
