package dev.switchback.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** A small HTTP client for tests: keeps cookies like a browser, never follows redirects. */
public final class Http {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient client;

    public Http(String baseUrl) {
        this.baseUrl = baseUrl;
        this.client = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public Response get(String pathAndQuery, String... headers) {
        return send(request(pathAndQuery, headers).GET());
    }

    /** POST with a form-urlencoded body built from {@code form} (values encoded here). */
    public Response postForm(String pathAndQuery, Map<String, String> form, String... headers) {
        return postRaw(
                pathAndQuery,
                "application/x-www-form-urlencoded",
                encode(form).getBytes(StandardCharsets.UTF_8),
                headers);
    }

    public Response postJson(String pathAndQuery, String json, String... headers) {
        return postRaw(pathAndQuery, "application/json", json.getBytes(StandardCharsets.UTF_8), headers);
    }

    public Response postRaw(String pathAndQuery, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder builder = request(pathAndQuery, headers).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder);
    }

    /** POST with no body at all (parameters in the query string, as stravalib sends them). */
    public Response postEmpty(String pathAndQuery, String... headers) {
        return send(request(pathAndQuery, headers).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** Any method, with an optional body and content type (for PUT, HEAD and other unusual requests). */
    public Response send(String method, String pathAndQuery, String contentType, byte[] body, String... headers) {
        HttpRequest.BodyPublisher publisher =
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest.Builder builder = request(pathAndQuery, headers).method(method, publisher);
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder);
    }

    /** POST with a body of unknown length (chunked transfer encoding, no Content-Length). */
    public Response postChunked(String pathAndQuery, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder builder = request(pathAndQuery, headers)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)));
        builder.header("Content-Type", contentType);
        return send(builder);
    }

    public static String encode(Map<String, String> form) {
        StringJoiner joiner = new StringJoiner("&");
        form.forEach((name, value) -> joiner.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return joiner.toString();
    }

    /** An insertion-ordered map from alternating names and values. */
    public static Map<String, String> form(String... namesAndValues) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return form;
    }

    private HttpRequest.Builder request(String pathAndQuery, String... headers) {
        String url = pathAndQuery.startsWith("http") ? pathAndQuery : baseUrl + pathAndQuery;
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response =
                    client.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A response, with the helpers tests need. */
    public record Response(int status, Map<String, java.util.List<String>> headers, String body) {
        public Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .flatMap(entry -> entry.getValue().stream())
                    .findFirst();
        }

        public String location() {
            return header("Location")
                    .orElseThrow(() -> new AssertionError("no Location header; status " + status + ", body " + body));
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JacksonException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        /** A query parameter of the Location header, decoded. */
        public Optional<String> locationParam(String name) {
            return queryParam(location(), name);
        }

        /** The value of a hidden or text input named {@code name} in an HTML body. */
        public String inputValue(String name) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                            "name=\"" + java.util.regex.Pattern.quote(name) + "\" value=\"([^\"]*)\"")
                    .matcher(body);
            if (!m.find()) {
                throw new AssertionError("no input " + name + " in " + body);
            }
            return m.group(1)
                    .replace("&amp;", "&")
                    .replace("&quot;", "\"")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&#39;", "'")
                    .replace("&#34;", "\"");
        }
    }

    public static Optional<String> queryParam(String url, String name) {
        String query = URI.create(url).getRawQuery();
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                return Optional.of(
                        java.net.URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }
}
