package dev.switchback.api.track;

import java.time.Instant;

/**
 * Reads Garmin's Training Center XML (TrainingCenterDatabase v2): the first {@code Activity} with its
 * {@code Sport}, each {@code Lap} (from its {@code StartTime}), each {@code Trackpoint}'s
 * {@code Time}, {@code Position}, {@code AltitudeMeters}, {@code DistanceMeters}, {@code HeartRateBpm},
 * {@code Cadence} and, from the ActivityExtension {@code TPX}, {@code Watts} and {@code RunCadence}; the
 * activity's {@code Creator/Name} is the device. Courses are not activities and are ignored.
 */
final class TcxReader {
    private static final String FORMAT = "TCX";

    private final TrackParsers.Limits limits;

    TcxReader(TrackParsers.Limits limits) {
        this.limits = limits;
    }

    Track read(Payload content) throws TrackFormatException {
        XmlCursor xml = XmlCursor.open(content.open(), FORMAT);
        checkRoot(xml.root());
        TrackBuilder track = new TrackBuilder(FORMAT, limits);
        boolean activityRead = false;
        while (xml.nextStartWithin(1)) {
            switch (xml.name()) {
                case "Activity" -> {
                    if (activityRead) {
                        xml.skip(); // Strava makes one activity of a file: the first
                    } else {
                        activity(xml, track);
                        activityRead = true;
                    }
                }
                case "Courses", "Workouts", "Author" -> xml.skip();
                default -> {}
            }
        }
        return track.build();
    }

    private static void checkRoot(String root) throws TrackFormatException {
        if (root.equals("gpx")) {
            throw new TrackFormatException("The file is not a TCX file: it looks like a GPX file.");
        }
        if (!root.equals("TrainingCenterDatabase")) {
            throw new TrackFormatException(
                    "The file is not a TCX file: its root element is <" + root + ">, not <TrainingCenterDatabase>.");
        }
    }

    private void activity(XmlCursor xml, TrackBuilder track) throws TrackFormatException {
        xml.attribute("Sport").ifPresent(sport -> track.sport(SportTypes.fromTcxSport(sport)));
        int depth = xml.depth();
        while (xml.nextStartWithin(depth)) {
            switch (xml.name()) {
                case "Lap" -> lap(xml, track);
                case "Name" -> {
                    if (xml.parent().equals("Creator")) {
                        track.device(xml.text());
                    }
                }
                default -> {}
            }
        }
    }

    /** A lap runs from its StartTime to its last point or StartTime plus TotalTimeSeconds, whichever is later. */
    private void lap(XmlCursor xml, TrackBuilder track) throws TrackFormatException {
        String startText = xml.attribute("StartTime").orElse(null);
        Instant start = startText == null ? null : Values.time(startText, "Lap StartTime", FORMAT, xml.line());
        Instant end = null;
        int depth = xml.depth();
        while (xml.nextStartWithin(depth)) {
            switch (xml.name()) {
                case "Trackpoint" -> {
                    Instant time = trackpoint(xml, track);
                    if (time != null && (end == null || time.isAfter(end))) {
                        end = time;
                    }
                }
                case "TotalTimeSeconds" -> {
                    double seconds = xml.number();
                    if (start != null
                            && seconds >= 0
                            && seconds <= limits.maxDuration().toSeconds()) {
                        Instant timerEnd = start.plusMillis(Math.round(seconds * 1000));
                        end = end == null || timerEnd.isAfter(end) ? timerEnd : end;
                    }
                }
                default -> {}
            }
        }
        if (start != null) {
            track.lap(start, end == null ? start : end);
        }
    }

    /** One Trackpoint, added to the track; returns its time, or null when it has none (then it is skipped). */
    private static Instant trackpoint(XmlCursor xml, TrackBuilder track) throws TrackFormatException {
        Instant time = null;
        double latitude = Double.NaN;
        double longitude = Double.NaN;
        double altitude = Double.NaN;
        double distance = Double.NaN;
        double heartrate = Double.NaN;
        double cadence = Double.NaN;
        double watts = Double.NaN;
        int depth = xml.depth();
        while (xml.nextStartWithin(depth)) {
            switch (xml.name()) {
                case "Time" -> time = xml.time();
                case "LatitudeDegrees" -> latitude = xml.degrees(90);
                case "LongitudeDegrees" -> longitude = xml.degrees(180);
                case "AltitudeMeters" -> altitude = xml.number();
                case "DistanceMeters" -> distance = xml.number();
                case "Value" -> {
                    if (xml.parent().equals("HeartRateBpm")) {
                        heartrate = xml.number();
                    }
                }
                case "Cadence", "RunCadence" -> cadence = xml.number();
                case "Watts" -> watts = xml.number();
                default -> {}
            }
        }
        track.point(time, latitude, longitude, altitude, distance, heartrate, cadence, watts);
        return time;
    }
}
