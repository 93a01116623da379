package dev.switchback.api.testing;

import dev.switchback.api.track.DataType;
import dev.switchback.api.track.Track;
import dev.switchback.api.track.TrackFormatException;
import dev.switchback.api.track.TrackParser;
import dev.switchback.api.track.TrackPoint;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * A small GPX reader for tests of the upload pipeline, until the real parsers are wired in: track points
 * with position, elevation, time and the Garmin heart-rate and cadence extensions. Refuses DOCTYPEs,
 * more than {@link #MAX_BYTES} after decompression, and every format but GPX.
 */
public final class TestGpxParser implements TrackParser {
    private static final int MAX_BYTES = 64 * 1024 * 1024;

    @Override
    public Track parse(InputStream file, DataType type) throws TrackFormatException {
        if (type.format() != DataType.GPX) {
            throw new TrackFormatException("The test parser reads GPX only.");
        }
        try (InputStream in = type.gzipped() ? new GZIPInputStream(file) : file) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new TrackFormatException("The file is too large once decompressed.");
            }
            return track(document(bytes));
        } catch (IOException e) {
            throw new TrackFormatException("The file is not a valid " + type.wireName() + " file.", e);
        }
    }

    private static Document document(byte[] bytes) throws TrackFormatException, IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(bytes));
        } catch (SAXException e) {
            throw new TrackFormatException("The file is not valid GPX: " + e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Track track(Document document) throws TrackFormatException {
        NodeList nodes = document.getElementsByTagNameNS("*", "trkpt");
        List<TrackPoint> points = new ArrayList<>();
        try {
            for (int i = 0; i < nodes.getLength(); i++) {
                Element point = (Element) nodes.item(i);
                points.add(new TrackPoint(Instant.parse(text(point, "time").orElseThrow(() ->
                        new TrackFormatException("A track point has no time."))),
                        Double.parseDouble(point.getAttribute("lat")), Double.parseDouble(point.getAttribute("lon")),
                        number(point, "ele"), Double.NaN, number(point, "hr"), number(point, "cad"), Double.NaN));
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new TrackFormatException("The file holds a malformed track point.");
        }
        if (points.isEmpty()) {
            throw new TrackFormatException("The file holds no track points.");
        }
        Optional<String> name = text(document.getDocumentElement(), "name");
        Optional<String> sport = text(document.getDocumentElement(), "type");
        return new Track(points, List.of(), sport, name, Optional.of("Switchback test device"));
    }

    private static Optional<String> text(Element parent, String localName) {
        NodeList nodes = parent.getElementsByTagNameNS("*", localName);
        return nodes.getLength() == 0 ? Optional.empty() : Optional.of(nodes.item(0).getTextContent().strip());
    }

    private static double number(Element parent, String localName) {
        return text(parent, localName).map(Double::parseDouble).orElse(Double.NaN);
    }
}
