package dev.switchback.api.route;

import dev.switchback.api.Decimals;
import dev.switchback.api.geo.GeoPoint;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A route read from a GPX file, as route planners export them: the points of its {@code <rte>} (or, when
 * it has none, of its {@code <trk>}s) and its name. DTDs and external entities are refused, and the
 * number of points is capped, so a hostile file cannot do more than fail.
 */
public record GpxRoute(Optional<String> name, List<GeoPoint> points) {
    /** Far beyond any planned route (Strava's own exports hold a few thousand points). */
    public static final int MAX_POINTS = 200_000;

    public static GpxRoute read(InputStream gpx) {
        try {
            return new Reader(factory().createXMLStreamReader(gpx)).read();
        } catch (XMLStreamException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a readable GPX file: " + e.getMessage(), e);
        }
    }

    private static XMLInputFactory factory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }

    /** One pass over the document, remembering route points and track points apart. */
    private static final class Reader {
        private final XMLStreamReader xml;
        private final List<GeoPoint> routePoints = new ArrayList<>();
        private final List<GeoPoint> trackPoints = new ArrayList<>();
        private Optional<String> routeName = Optional.empty();
        private Optional<String> otherName = Optional.empty();

        Reader(XMLStreamReader xml) {
            this.xml = xml;
        }

        GpxRoute read() throws XMLStreamException {
            String parent = "";
            boolean sawGpx = false;
            while (xml.hasNext()) {
                if (xml.next() != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                switch (xml.getLocalName()) {
                    case "gpx" -> sawGpx = true;
                    case "rte", "trk", "metadata", "wpt" -> parent = xml.getLocalName();
                    case "name" -> name(parent, xml.getElementText().strip());
                    case "rtept" -> add(routePoints, point());
                    case "trkpt" -> add(trackPoints, point());
                    default -> {}
                }
            }
            List<GeoPoint> points = routePoints.isEmpty() ? trackPoints : routePoints;
            if (!sawGpx || points.size() < 2) {
                throw new IllegalArgumentException(
                        "a GPX route needs at least two <rtept> or <trkpt> points (found " + points.size() + ")");
            }
            return new GpxRoute(routeName.or(() -> otherName), points);
        }

        private void name(String parent, String text) {
            if (text.isEmpty() || parent.equals("wpt")) {
                return;
            }
            if (parent.equals("rte") && routeName.isEmpty()) {
                routeName = Optional.of(text);
            } else if (otherName.isEmpty()) {
                otherName = Optional.of(text);
            }
        }

        private static void add(List<GeoPoint> points, GeoPoint point) {
            if (points.size() >= MAX_POINTS) {
                throw new IllegalArgumentException("more than " + MAX_POINTS + " points");
            }
            points.add(point);
        }

        /** A point's {@code lat} and {@code lon}, and its {@code <ele>} if it has one; the reader ends on its end tag. */
        private GeoPoint point() throws XMLStreamException {
            double latitude = number(xml.getAttributeValue(null, "lat"), "lat");
            double longitude = number(xml.getAttributeValue(null, "lon"), "lon");
            double altitude = Double.NaN;
            int depth = 1;
            while (depth > 0) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT
                        && depth == 1
                        && xml.getLocalName().equals("ele")) {
                    altitude = number(xml.getElementText().strip(), "ele");
                } else if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
            return GeoPoint.of(latitude, longitude, altitude);
        }

        private double number(String text, String what) {
            return Decimals.parse(text) // contract#plain-decimals
                    .orElseThrow(() -> new IllegalArgumentException("bad " + what + " '" + text + "' at line "
                            + xml.getLocation().getLineNumber()));
        }
    }
}
