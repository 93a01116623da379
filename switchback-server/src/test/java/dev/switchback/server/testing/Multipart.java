package dev.switchback.server.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A {@code multipart/form-data} body as a browser sends a form with a file input. */
public final class Multipart {
    private static final String BOUNDARY = "----switchback-test-boundary-7MA4YWxkTrZu0gW";

    private final Map<String, String> fields = new LinkedHashMap<>();
    private final Map<String, FilePart> files = new LinkedHashMap<>();

    private record FilePart(String filename, String contentType, byte[] bytes) {}

    public Multipart field(String name, String value) {
        fields.put(name, value);
        return this;
    }

    /** Adds every field of {@code form}. */
    public Multipart fields(Map<String, String> form) {
        fields.putAll(form);
        return this;
    }

    public Multipart file(String name, String filename, String contentType, byte[] bytes) {
        files.put(name, new FilePart(filename, contentType, bytes));
        return this;
    }

    public String contentType() {
        return "multipart/form-data; boundary=" + BOUNDARY;
    }

    public byte[] body() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fields.forEach((name, value) -> write(
                out,
                "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value
                        + "\r\n"));
        files.forEach((name, file) -> {
            write(
                    out,
                    "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                            + file.filename() + "\"\r\nContent-Type: " + file.contentType() + "\r\n\r\n");
            out.writeBytes(file.bytes());
            write(out, "\r\n");
        });
        write(out, "--" + BOUNDARY + "--\r\n");
        return out.toByteArray();
    }

    /** Posts this body with {@code http}. */
    public Http.Response post(Http http, String path) {
        return http.postRaw(path, contentType(), body());
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
