package dev.switchback.server.http;

import dev.switchback.fault.FaultException;
import dev.switchback.request.Params;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.servlet.MaxRequestSize;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parameters from the query string and, for a POST, from a form, multipart or JSON body: every
 * encoding Strava's clients use (contract#token-encodings, contract#input-limits). Text is decoded as strict UTF-8; a parameter that is
 * repeated, malformed or longer than {@link #MAX_VALUE} is a Strava-shaped 400 when it is read.
 */
public final class HttpParams implements Params {
    public static final int MAX_VALUE = 4096;
    private static final JsonMapper STRICT_JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Map<String, List<String>> values;
    private final Set<String> malformed;

    private HttpParams(Map<String, List<String>> values, Set<String> malformed) {
        this.values = values;
        this.malformed = malformed;
    }

    /** The query string only (GET endpoints). */
    public static HttpParams query(Context ctx) {
        HttpParams params = new HttpParams(new LinkedHashMap<>(), new HashSet<>());
        params.addUrlEncoded(ctx.queryString());
        return params;
    }

    /** The query string and the body, whatever its encoding. */
    public static HttpParams queryAndBody(Context ctx) {
        HttpParams params = query(ctx);
        String type = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
        if (type.startsWith("application/x-www-form-urlencoded")) {
            params.addUrlEncoded(new String(ctx.bodyAsBytes(), StandardCharsets.ISO_8859_1));
        } else if (type.startsWith("multipart/form-data")) {
            params.addMultipart(ctx);
        } else if (type.startsWith("application/json") || type.contains("+json")) {
            params.addJson(ctx.bodyAsBytes());
        }
        return params;
    }

    @Override
    public Optional<String> get(String name, String resource) {
        List<String> list = values.get(name);
        if (malformed.contains(name)) {
            throw FaultException.invalid(resource, name, name + " is malformed: not one value of UTF-8 text");
        }
        if (list != null && list.size() > 1) {
            throw FaultException.invalid(resource, name, name + " is given more than once");
        }
        if (list == null) {
            return Optional.empty();
        }
        String value = list.get(0);
        if (value.length() > MAX_VALUE) {
            throw FaultException.invalid(resource, name, name + " is longer than " + MAX_VALUE + " characters");
        }
        return Optional.of(value);
    }

    /** Every value of a parameter that may repeat, such as the ticked checkboxes of a form. */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    private void add(String name, String value) {
        values.computeIfAbsent(name, key -> new ArrayList<>(1)).add(value);
    }

    /** Parses {@code a=1&b=2} whose bytes were read as ISO-8859-1, decoding each part as strict UTF-8. */
    private void addUrlEncoded(String raw) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = decode(eq < 0 ? "" : pair.substring(eq + 1));
            if (name == null) {
                continue;
            }
            if (value == null) {
                malformed.add(name);
            } else {
                add(name, value);
            }
        }
    }

    /**
     * Multipart is parsed by the servlet container, which stops at the request size limit; Javalin rethrows
     * its checked {@code ServletException} unchecked. A declared length over the limit is a 413, any other
     * failure a bad body.
     */
    private void addMultipart(Context ctx) {
        try {
            ctx.formParamMap().forEach((name, list) -> list.forEach(value -> add(name, value)));
        } catch (Exception e) {
            if (ctx.contentLength() > ctx.appData(MaxRequestSize.INSTANCE.getMaxRequestSizeKey())) {
                throw new HttpResponseException(HttpStatus.CONTENT_TOO_LARGE.getCode());
            }
            throw FaultException.invalid("Request", "body", "body is not valid multipart/form-data");
        }
    }

    private void addJson(byte[] body) {
        if (body.length == 0) {
            return;
        }
        JsonNode root;
        try {
            root = STRICT_JSON.readTree(body);
        } catch (JacksonException e) {
            throw FaultException.invalid("Request", "body", "body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw FaultException.invalid("Request", "body", "body is not a JSON object");
        }
        root.properties().forEach(field -> {
            JsonNode node = field.getValue();
            if (node.isNull()) {
                return;
            }
            if (node.isValueNode()) {
                add(field.getKey(), node.asString());
            } else {
                malformed.add(field.getKey());
            }
        });
    }

    /** Percent-decodes one part ({@code +} is a space) and decodes the bytes as strict UTF-8; null if malformed. */
    private static String decode(String part) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(part.length());
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= part.length()) {
                    return null;
                }
                int hi = Character.digit(part.charAt(i + 1), 16);
                int lo = Character.digit(part.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c > 0xFF) {
                return null;
            } else {
                bytes.write(c);
            }
        }
        return utf8OrNull(bytes.toByteArray());
    }

    private static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
