package dev.switchback.api.track;

import java.time.Instant;
import java.util.Locale;

/**
 * Reads GPX 1.0 and 1.1 (topografix.com/GPX): the points of every {@code trk/trkseg/trkpt} with their time,
 * position and {@code ele}, and heart rate, cadence and power from the extensions devices write (Garmin's
 * TrackPointExtension {@code hr} and {@code cad}, {@code power} or {@code PowerInWatts}, ClueTrust's
 * {@code heartrate}/{@code cadence}), matched by local name whatever the prefix. The name is the first
 * track's, else the file's; {@code trk/type} gives the sport; the {@code creator} attribute the device.
 * Routes and waypoints are not activities and are ignored.
 */
final class GpxReader {
    private static final String FORMAT = "GPX";

    private final TrackParsers.Limits limits;

    GpxReader(TrackParsers.Limits limits) {
        this.limits = limits;
    }

    Track read(Payload content) throws TrackFormatException {
        XmlCursor xml = XmlCursor.open(content.open(), FORMAT);
        checkRoot(xml.root());
        TrackBuilder track = new TrackBuilder(FORMAT, limits);
        xml.attribute("creator").ifPresent(track::device);
        String documentName = null;
        int tracks = 0;
        while (xml.nextStartWithin(1)) {
            switch (xml.name()) {
                case "trk" -> tracks++;
                case "trkpt" -> point(xml, track);
                case "name" -> {
                    String parent = xml.parent();
                    if (parent.equals("trk") && tracks == 1) {
                        track.name(xml.text());
                    } else if (parent.equals("metadata") || parent.equals("gpx")) {
                        documentName = xml.text();
                    }
                }
                case "type" -> {
                    if (xml.parent().equals("trk") && tracks == 1) {
                        track.sport(SportTypes.fromGpxType(xml.text()));
                    }
                }
                case "rte", "wpt" -> xml.skip();
                default -> {}
            }
        }
        track.name(documentName);
        return track.build();
    }

    private static void checkRoot(String root) throws TrackFormatException {
        if (root.equals("TrainingCenterDatabase")) {
            throw new TrackFormatException("The file is not a GPX file: it looks like a TCX file.");
        }
        if (!root.equals("gpx")) {
            throw new TrackFormatException(
                    "The file is not a GPX file: its root element is <" + root + ">, not <gpx>.");
        }
    }

    /** One {@code trkpt}: lat and lon attributes, then its children up to its end. */
    private static void point(XmlCursor xml, TrackBuilder track) throws TrackFormatException {
        double latitude = xml.degreesAttribute("lat", 90);
        double longitude = xml.degreesAttribute("lon", 180);
        Instant time = null;
        double altitude = Double.NaN;
        double heartrate = Double.NaN;
        double cadence = Double.NaN;
        double watts = Double.NaN;
        int depth = xml.depth();
        while (xml.nextStartWithin(depth)) {
            switch (xml.name().toLowerCase(Locale.ROOT)) {
                case "time" -> time = xml.time();
                case "ele" -> altitude = xml.number();
                case "hr", "heartrate" -> heartrate = xml.number();
                case "cad", "cadence" -> cadence = xml.number();
                case "power", "watts", "powerinwatts" -> watts = xml.number();
                default -> {}
            }
        }
        track.point(time, latitude, longitude, altitude, Double.NaN, heartrate, cadence, watts);
    }
}
