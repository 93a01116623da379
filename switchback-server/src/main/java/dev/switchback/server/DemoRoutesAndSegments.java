package dev.switchback.server;

import dev.switchback.Switchback;
import dev.switchback.api.Viewer;
import dev.switchback.api.club.ClubSportType;
import dev.switchback.api.club.NewClub;
import dev.switchback.api.geo.GeoPoint;
import dev.switchback.api.route.NewRoute;
import dev.switchback.api.route.RouteSubType;
import dev.switchback.api.route.RouteType;
import dev.switchback.api.segment.NewSegment;
import dev.switchback.api.segment.Segment;
import dev.switchback.api.segment.SegmentActivityType;
import dev.switchback.athlete.Athlete;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo athlete's routes, segments and clubs, so that every rule of contract#scope-matrix can be tried with the
 * demo app: public and private routes (one through a segment), public and private segments (a public
 * and a private one starred), a public and a private club. The athlete's record on Hawk Hill comes from the
 * efforts of the demo ride that climbs it ({@link DemoActivities}).
 */
public final class DemoRoutesAndSegments {
    private static final List<GeoPoint> HAWK_HILL = path(
            8,
            GeoPoint.of(37.83260, -122.48300, 62),
            GeoPoint.of(37.83050, -122.48980, 120),
            GeoPoint.of(37.82890, -122.49420, 190),
            GeoPoint.of(37.82650, -122.49900, 280));
    private static final List<GeoPoint> CRISSY_FIELD = path(
            6,
            GeoPoint.of(37.80550, -122.46400, 3),
            GeoPoint.of(37.80480, -122.45600, 4),
            GeoPoint.of(37.80400, -122.44900, 3));
    private static final List<GeoPoint> BACKYARD_HILL = path(
            5,
            GeoPoint.of(37.75410, -122.44750, 120),
            GeoPoint.of(37.75300, -122.44650, 160),
            GeoPoint.of(37.75190, -122.44530, 205));

    private DemoRoutesAndSegments() {}

    /** Creates the demo athlete's routes, segments, stars and clubs. */
    public static void create(Switchback switchback, Athlete demo) {
        Viewer asDemo = Viewer.owner(demo.id());
        Segment hawkHill = switchback
                .segments()
                .create(NewSegment.of("Hawk Hill", SegmentActivityType.RIDE, HAWK_HILL)
                        .in("Sausalito", "CA", "United States"));
        Segment crissyField = switchback
                .segments()
                .create(NewSegment.of("Crissy Field Sprint", SegmentActivityType.RUN, CRISSY_FIELD)
                        .in("San Francisco", "CA", "United States"));
        Segment backyard = switchback
                .segments()
                .create(NewSegment.of("Backyard Hill Repeats", SegmentActivityType.RUN, BACKYARD_HILL)
                        .createdBy(demo.id())
                        .asPrivate()
                        .in("San Francisco", "CA", "United States"));
        switchback.segments().star(asDemo, hawkHill.id(), true);
        switchback.segments().star(asDemo, backyard.id(), true);
        switchback
                .routes()
                .create(NewRoute.ride(demo.id(), "Marin Headlands Loop", concat(CRISSY_FIELD, HAWK_HILL))
                        .describedAs("Over the bridge and up Hawk Hill.")
                        .through(List.of(crissyField.id(), hawkHill.id())));
        switchback
                .routes()
                .create(NewRoute.ride(demo.id(), "Commute", concat(BACKYARD_HILL, CRISSY_FIELD))
                        .describedAs("Home to work; private, it starts at home.")
                        .asPrivate());
        switchback
                .routes()
                .create(NewRoute.ride(demo.id(), "Crissy Field Run", CRISSY_FIELD)
                        .ofType(RouteType.RUN, RouteSubType.ROAD));

        switchback
                .clubs()
                .create(NewClub.of(demo.id(), "Switchback Riders", ClubSportType.CYCLING)
                        .in("San Francisco", "CA", "United States")
                        .at("switchback-riders")
                        .describedAs("Weekend rides from the Golden Gate Bridge."));
        switchback
                .clubs()
                .create(NewClub.of(demo.id(), "Dawn Patrol", ClubSportType.RUNNING)
                        .asPrivate()
                        .in("San Francisco", "CA", "United States")
                        .describedAs("Invitation only. 6 a.m., every day."));
    }

    /** The waypoints with {@code steps - 1} points evenly between each pair, so that the files have some body. */
    private static List<GeoPoint> path(int steps, GeoPoint... waypoints) {
        List<GeoPoint> points = new ArrayList<>();
        for (int i = 0; i + 1 < waypoints.length; i++) {
            GeoPoint from = waypoints[i];
            GeoPoint to = waypoints[i + 1];
            for (int step = 0; step < steps; step++) {
                double f = step / (double) steps;
                points.add(GeoPoint.of(
                        from.latitude() + (to.latitude() - from.latitude()) * f,
                        from.longitude() + (to.longitude() - from.longitude()) * f,
                        Math.round((from.altitude() + (to.altitude() - from.altitude()) * f) * 10) / 10.0));
            }
        }
        points.add(waypoints[waypoints.length - 1]);
        return points;
    }

    private static List<GeoPoint> concat(List<GeoPoint> first, List<GeoPoint> second) {
        List<GeoPoint> points = new ArrayList<>(first);
        points.addAll(second);
        return points;
    }
}
