package dev.switchback.server.api;

import dev.switchback.api.geo.Geo;
import dev.switchback.api.geo.GeoPoint;
import dev.switchback.api.route.Route;
import dev.switchback.api.route.RoutePath;
import dev.switchback.api.route.RouteType;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A route as a file, for {@code export_gpx} (GPX 1.1, one track) and {@code export_tcx} (a TCX course).
 * Written with StAX, so every name and description is escaped; positions as plain decimals.
 */
public final class RouteFiles {
    public static final String GPX_CONTENT_TYPE = "application/gpx+xml";
    public static final String TCX_CONTENT_TYPE = "application/vnd.garmin.tcx+xml";
    private static final String GPX = "http://www.topografix.com/GPX/1/1";
    private static final String TCX = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2";
    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    /** TCX's course name is a {@code RestrictedToken_t}: at most 15 characters. */
    private static final int TCX_NAME_LENGTH = 15;
    /** Characters XML 1.0 cannot carry at all, not even escaped (control characters, lone surrogates). */
    private static final Pattern XML_1_0_INVALID =
            Pattern.compile("[^\\u0009\\u000A\\u000D\\u0020-\\uD7FF\\uE000-\\uFFFD\\x{10000}-\\x{10FFFF}]");

    private RouteFiles() {}

    public static byte[] gpx(RoutePath path) {
        Route route = path.route();
        return write(xml -> {
            xml.writeStartElement("gpx");
            xml.writeDefaultNamespace(GPX);
            xml.writeNamespace("xsi", XSI);
            xml.writeAttribute("version", "1.1");
            xml.writeAttribute("creator", "Switchback");
            xml.writeAttribute(XSI, "schemaLocation", GPX + " http://www.topografix.com/GPX/1/1/gpx.xsd");
            xml.writeStartElement("metadata");
            text(xml, "name", route.name());
            if (!route.description().isEmpty()) {
                text(xml, "desc", route.description());
            }
            text(xml, "time", AthleteJson.iso(route.createdAt()));
            xml.writeEndElement();
            xml.writeStartElement("trk");
            text(xml, "name", route.name());
            text(xml, "type", route.type() == RouteType.RIDE ? "cycling" : "running");
            xml.writeStartElement("trkseg");
            for (GeoPoint point : path.points()) {
                xml.writeStartElement("trkpt");
                xml.writeAttribute("lat", decimal(point.latitude(), 7));
                xml.writeAttribute("lon", decimal(point.longitude(), 7));
                if (point.hasAltitude()) {
                    text(xml, "ele", decimal(point.altitude(), 1));
                }
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndElement();
        });
    }

    /**
     * A TCX course: one lap over the whole route and a track whose times follow the route's estimated
     * moving time from its creation, spread by distance.
     */
    public static byte[] tcx(RoutePath path) {
        Route route = path.route();
        List<GeoPoint> points = path.points();
        double[] along = Geo.cumulativeDistance(points);
        double total = along[along.length - 1];
        long seconds = route.estimatedMovingTime().toSeconds();
        return write(xml -> {
            xml.writeStartElement("TrainingCenterDatabase");
            xml.writeDefaultNamespace(TCX);
            xml.writeNamespace("xsi", XSI);
            xml.writeAttribute(
                    XSI, "schemaLocation", TCX + " http://www.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd");
            xml.writeStartElement("Courses");
            xml.writeStartElement("Course");
            text(xml, "Name", courseName(route.name()));
            xml.writeStartElement("Lap");
            text(xml, "TotalTimeSeconds", Long.toString(seconds));
            text(xml, "DistanceMeters", decimal(total, 1));
            position(xml, "BeginPosition", points.get(0));
            position(xml, "EndPosition", points.get(points.size() - 1));
            text(xml, "Intensity", "Active");
            xml.writeEndElement();
            xml.writeStartElement("Track");
            for (int i = 0; i < points.size(); i++) {
                long offset = total > 0 ? Math.round(seconds * along[i] / total) : 0;
                trackpoint(xml, points.get(i), route.createdAt().plusSeconds(offset), along[i]);
            }
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndElement();
        });
    }

    private static void trackpoint(XMLStreamWriter xml, GeoPoint point, Instant time, double distance)
            throws XMLStreamException {
        xml.writeStartElement("Trackpoint");
        text(xml, "Time", AthleteJson.iso(time));
        position(xml, "Position", point);
        if (point.hasAltitude()) {
            text(xml, "AltitudeMeters", decimal(point.altitude(), 1));
        }
        text(xml, "DistanceMeters", decimal(distance, 1));
        xml.writeEndElement();
    }

    private static void position(XMLStreamWriter xml, String element, GeoPoint point) throws XMLStreamException {
        xml.writeStartElement(element);
        text(xml, "LatitudeDegrees", decimal(point.latitude(), 7));
        text(xml, "LongitudeDegrees", decimal(point.longitude(), 7));
        xml.writeEndElement();
    }

    private static String courseName(String name) {
        String token = name.strip().replaceAll("\\s+", " ");
        return token.length() <= TCX_NAME_LENGTH
                ? token
                : token.substring(0, TCX_NAME_LENGTH).strip();
    }

    private static void text(XMLStreamWriter xml, String element, String value) throws XMLStreamException {
        xml.writeStartElement(element);
        xml.writeCharacters(XML_1_0_INVALID.matcher(value).replaceAll("\uFFFD"));
        xml.writeEndElement();
    }

    /** A plain decimal ({@code xsd:decimal} has no exponent), at most {@code scale} places. */
    private static String decimal(double value, int scale) {
        return BigDecimal.valueOf(value)
                .setScale(scale, RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
    }

    private interface Body {
        void write(XMLStreamWriter xml) throws XMLStreamException;
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            body.write(xml);
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write a route file", e);
        }
        return out.toByteArray();
    }
}
