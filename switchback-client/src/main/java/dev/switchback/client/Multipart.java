package dev.switchback.client;

import java.io.FileNotFoundException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * A {@code multipart/form-data} body (RFC 7578): text fields, then one file streamed from disk, each part
 * opened by {@code --boundary} and CRLF, and the body closed by {@code --boundary--}. The boundary is 128
 * random bits, so it cannot occur in the file by chance.
 */
final class Multipart {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String CRLF = "\r\n";

    private final String boundary;
    private final HttpRequest.BodyPublisher publisher;

    private Multipart(String boundary, HttpRequest.BodyPublisher publisher) {
        this.boundary = boundary;
        this.publisher = publisher;
    }

    /**
     * The fields in iteration order, then the file as the part {@code fileField}.
     *
     * @throws IllegalArgumentException when the file cannot be read
     */
    static Multipart of(Map<String, String> fields, String fileField, Path file) {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        String boundary = "switchback-" + HexFormat.of().formatHex(random);
        StringBuilder head = new StringBuilder();
        fields.forEach((name, value) -> head.append("--")
                .append(boundary)
                .append(CRLF)
                .append("Content-Disposition: form-data; name=\"")
                .append(escape(name))
                .append('"')
                .append(CRLF)
                .append(CRLF)
                .append(value)
                .append(CRLF));
        head.append("--")
                .append(boundary)
                .append(CRLF)
                .append("Content-Disposition: form-data; name=\"")
                .append(escape(fileField))
                .append("\"; filename=\"")
                .append(escape(file.getFileName().toString()))
                .append('"')
                .append(CRLF)
                .append("Content-Type: application/octet-stream")
                .append(CRLF)
                .append(CRLF);
        String tail = CRLF + "--" + boundary + "--" + CRLF;
        HttpRequest.BodyPublisher content;
        try {
            content = HttpRequest.BodyPublishers.ofFile(file);
        } catch (FileNotFoundException e) {
            throw new IllegalArgumentException("file cannot be read: " + file, e);
        }
        return new Multipart(
                boundary,
                HttpRequest.BodyPublishers.concat(
                        HttpRequest.BodyPublishers.ofByteArray(head.toString().getBytes(StandardCharsets.UTF_8)),
                        content,
                        HttpRequest.BodyPublishers.ofByteArray(tail.getBytes(StandardCharsets.UTF_8))));
    }

    /** {@return the Content-Type header, with the boundary} */
    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** {@return the body; it can be sent more than once (a retry reads the file again)} */
    HttpRequest.BodyPublisher publisher() {
        return publisher;
    }

    /** A name or file name inside quotes, escaped as browsers do (the WHATWG HTML form encoding). */
    private static String escape(String value) {
        return value.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }
}
