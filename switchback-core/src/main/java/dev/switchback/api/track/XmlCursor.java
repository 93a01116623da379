package dev.switchback.api.track;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A StAX reader over an uploaded XML file (GPX or TCX), set up so that a hostile file cannot reach outside
 * it or blow up: no DTD is processed and a DOCTYPE is refused, so no external entity (XXE) is fetched and
 * no entity expanded (billion laughs); element depth and text length are capped. It walks start and end
 * elements, keeping the path of local names, whatever the namespace (GPX 1.0 and 1.1, prefixes as they come).
 */
final class XmlCursor {
    /** Deeper than any GPX or TCX file nests. */
    static final int MAX_DEPTH = 64;
    /** Longer than any value these formats hold (a name, a number, a time). */
    static final int MAX_TEXT_CHARS = 4096;

    /** How much of the start is looked at to tell what the file is and its encoding. */
    private static final int HEAD_BYTES = 256;

    private static final Pattern ENCODING_DECLARATION =
            Pattern.compile("^\\s*<\\?xml[^>]*?\\sencoding\\s*=\\s*[\"']([A-Za-z0-9._:-]{1,40})[\"']");

    private final XMLStreamReader reader;
    private final String format;
    private final Deque<String> path = new ArrayDeque<>();

    private XmlCursor(XMLStreamReader reader, String format) {
        this.reader = reader;
        this.format = format;
    }

    /** Opens {@code in} (read as a stream, never whole), refusing at once what is not XML at all. */
    static XmlCursor open(InputStream in, String format) throws TrackFormatException {
        BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
        byte[] head;
        try {
            buffered.mark(HEAD_BYTES);
            head = buffered.readNBytes(HEAD_BYTES);
            buffered.reset();
        } catch (IOException e) {
            throw new TrackFormatException("The file could not be read.", e);
        }
        if (FileSniffer.looksLikeFit(head)) {
            throw new TrackFormatException("The file is not a " + format + " file: it looks like a FIT file.");
        }
        if (!FileSniffer.looksLikeXml(head)) {
            throw new TrackFormatException("The file is not a " + format + " file: it is not XML.");
        }
        try {
            return new XmlCursor(secureFactory().createXMLStreamReader(decoded(buffered, head)), format);
        } catch (XMLStreamException e) {
            throw invalidXml(e);
        }
    }

    /**
     * The content as characters, decoded here rather than by the parser (which prints bad bytes to the
     * console): in the encoding its byte-order mark or XML declaration names, else UTF-8, strictly.
     */
    private static Reader decoded(InputStream content, byte[] head) throws TrackFormatException {
        Charset charset = StandardCharsets.UTF_8;
        if (head.length >= 2
                && ((head[0] & 0xff) == 0xfe && (head[1] & 0xff) == 0xff
                        || (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xfe)) {
            charset = StandardCharsets.UTF_16;
        } else if (head.length >= 3
                && (head[0] & 0xff) == 0xef
                && (head[1] & 0xff) == 0xbb
                && (head[2] & 0xff) == 0xbf) {
            try {
                content.skipNBytes(3);
            } catch (IOException e) {
                throw new TrackFormatException("The file could not be read.", e);
            }
        } else {
            charset = declaredEncoding(head);
        }
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new InputStreamReader(content, decoder);
    }

    private static Charset declaredEncoding(byte[] content) throws TrackFormatException {
        String head = new String(content, 0, Math.min(content.length, 256), StandardCharsets.ISO_8859_1);
        Matcher declaration = ENCODING_DECLARATION.matcher(head);
        if (!declaration.find()) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(declaration.group(1));
        } catch (IllegalArgumentException e) {
            throw new TrackFormatException("The file declares an unknown encoding '" + declaration.group(1) + "'.");
        }
    }

    private static XMLInputFactory secureFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory(); // the JDK's own, whose limits we set below
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty("jdk.xml.maxElementDepth", MAX_DEPTH);
        return factory;
    }

    /** The root element's local name, after which the cursor stands on the root. */
    String root() throws TrackFormatException {
        if (next() != XMLStreamConstants.START_ELEMENT) {
            throw new TrackFormatException("The file is not a " + format + " file: it has no root element.");
        }
        return name();
    }

    /**
     * Moves to the next start element, end element or the end of the document, and returns which. Text,
     * comments and processing instructions are skipped; a DOCTYPE or an entity reference is refused.
     */
    int next() throws TrackFormatException {
        try {
            while (reader.hasNext()) {
                int event = reader.next();
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        path.push(reader.getLocalName());
                        return event;
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        path.pop();
                        return event;
                    }
                    case XMLStreamConstants.DTD ->
                        throw new TrackFormatException("The file has a DOCTYPE declaration," + " which " + format
                                + " files never have; it is refused (line " + line() + ").");
                    case XMLStreamConstants.ENTITY_REFERENCE -> throw entityReference();
                    default -> {}
                }
            }
            return XMLStreamConstants.END_DOCUMENT;
        } catch (XMLStreamException e) {
            throw invalid(e);
        }
    }

    /**
     * Moves to the next start element inside the element open at {@code depth} (1 for the root), skipping
     * ends and text; false once that element has ended.
     */
    boolean nextStartWithin(int depth) throws TrackFormatException {
        while (true) {
            int event = next();
            if (event == XMLStreamConstants.END_DOCUMENT || path.size() < depth) {
                return false;
            }
            if (event == XMLStreamConstants.START_ELEMENT) {
                return true;
            }
        }
    }

    /** How many elements are open, the current one included. */
    int depth() {
        return path.size();
    }

    /** The local name of the element the cursor stands on. */
    String name() {
        return path.isEmpty() ? "" : path.peek();
    }

    /** The local name of the element enclosing the current one, or "". */
    String parent() {
        Iterator<String> names = path.iterator();
        names.next();
        return names.hasNext() ? names.next() : "";
    }

    /** Whether an element of this local name encloses the current one. */
    boolean within(String localName) {
        Iterator<String> names = path.iterator();
        names.next();
        while (names.hasNext()) {
            if (names.next().equals(localName)) {
                return true;
            }
        }
        return false;
    }

    /** The current start element's attribute of this local name, in any namespace or none. */
    Optional<String> attribute(String localName) {
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            if (reader.getAttributeLocalName(i).equals(localName)) {
                return Optional.of(reader.getAttributeValue(i).trim());
            }
        }
        return Optional.empty();
    }

    /** Reads the current element's text, trimmed, leaving the cursor on its end; it must hold no elements. */
    String text() throws TrackFormatException {
        String element = name();
        StringBuilder text = new StringBuilder();
        try {
            while (true) {
                int event = reader.next();
                switch (event) {
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (text.length() + reader.getTextLength() > MAX_TEXT_CHARS) {
                            throw new TrackFormatException("The " + format + " file has more than " + MAX_TEXT_CHARS
                                    + " characters in <" + element + "> (line " + line() + ").");
                        }
                        text.append(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        path.pop();
                        return text.toString().trim();
                    }
                    case XMLStreamConstants.START_ELEMENT ->
                        throw new TrackFormatException("The " + format
                                + " file has an element <" + reader.getLocalName() + "> inside <" + element
                                + ">, where only text is expected (line " + line() + ").");
                    case XMLStreamConstants.ENTITY_REFERENCE -> throw entityReference();
                    default -> {}
                }
            }
        } catch (XMLStreamException e) {
            throw invalid(e);
        }
    }

    /** The current element's text as a time (ISO 8601). */
    java.time.Instant time() throws TrackFormatException {
        String element = name();
        return Values.time(text(), element, format, line());
    }

    /** The current element's text as a finite number. */
    double number() throws TrackFormatException {
        String element = name();
        return Values.number(text(), element, format, line());
    }

    /** The current element's text as degrees of latitude or longitude, within +-{@code limit}. */
    double degrees(double limit) throws TrackFormatException {
        String element = name();
        return Values.degrees(text(), limit, element, format, line());
    }

    /** The current start element's attribute as degrees within +-{@code limit}; it must be there. */
    double degreesAttribute(String attribute, double limit) throws TrackFormatException {
        String element = name() + " " + attribute;
        String text = attribute(attribute)
                .orElseThrow(() -> new TrackFormatException("The " + format + " file has a <" + name()
                        + "> without its " + attribute + " attribute (line " + line() + ")."));
        return Values.degrees(text, limit, element, format, line());
    }

    /** Skips the current element and all it holds, leaving the cursor on its end. */
    void skip() throws TrackFormatException {
        int depth = path.size();
        while (path.size() >= depth) {
            if (next() == XMLStreamConstants.END_DOCUMENT) {
                return;
            }
        }
    }

    int line() {
        return reader.getLocation() == null ? -1 : reader.getLocation().getLineNumber();
    }

    private TrackFormatException entityReference() {
        return new TrackFormatException("The file refers to an entity &" + reader.getLocalName() + "; which " + format
                + " files never declare; it is refused (line " + line() + ").");
    }

    private TrackFormatException invalid(XMLStreamException e) {
        if (e.getNestedException() instanceof CharacterCodingException) {
            return new TrackFormatException(
                    "The file has bytes that are not text in its encoding (near line " + line() + ").", e);
        }
        return invalidXml(e);
    }

    private static TrackFormatException invalidXml(XMLStreamException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        int start = message.indexOf("Message: ");
        String reason = start >= 0 ? message.substring(start + "Message: ".length()) : message;
        String where = e.getLocation() == null
                ? ""
                : " (line " + e.getLocation().getLineNumber() + ", column "
                        + e.getLocation().getColumnNumber() + ")";
        return new TrackFormatException("The file is not well-formed XML" + where + ": " + reason.strip(), e);
    }
}
