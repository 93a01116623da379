package dev.switchback.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * Sends one request and turns whatever comes back into a {@link Received} or a {@link StravaException}:
 * the whole exchange, body included, is bounded by the timeout and the body by a size limit, so a slow
 * or hostile server can neither hang the caller nor crash a parser.
 */
final class Transport {
    static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
    private static final int SNIPPET_CHARS = 120;

    private final HttpClient http;
    private final Duration timeout;
    private final String origin;

    Transport(HttpClient http, Duration timeout, String origin) {
        this.http = http;
        this.timeout = timeout;
        this.origin = origin;
    }

    /** A response as received; {@code call} is "METHOD /path" for messages. */
    record Received(String call, int status, HttpHeaders headers, byte[] body) {
        boolean success() {
            return status >= 200 && status < 300;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        Optional<RateLimitUsage> rateLimit() {
            return RateLimitUsage.fromHeaders(headers);
        }

        String contentType() {
            return headers.firstValue("Content-Type").orElse("no content type");
        }
    }

    Received send(HttpRequest request) {
        String call = request.method() + " " + request.uri().getRawPath();
        CompletableFuture<HttpResponse<byte[]>> future =
                http.sendAsync(request, info -> new LimitedBody(MAX_BODY_BYTES));
        try {
            HttpResponse<byte[]> response = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Received(call, response.statusCode(), response.headers(), response.body());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw network(call, "no complete response within " + Durations.format(timeout), e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw network(call, "interrupted", e);
        } catch (ExecutionException e) {
            throw failure(call, e.getCause() == null ? e : e.getCause());
        }
    }

    private StravaException failure(String call, Throwable cause) {
        if (cause instanceof BodyTooLargeException) {
            return invalid(call, 0, "the response body is larger than " + MAX_BODY_BYTES + " bytes", "", cause);
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return network(call, "connecting timed out after " + Durations.format(timeout), cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return network(call, "no response within " + Durations.format(timeout), cause);
        }
        return network(call, describe(cause), cause);
    }

    private StravaException network(String call, String reason, Throwable cause) {
        return new StravaException(
                call + ": cannot reach " + origin + " (" + reason + ")",
                StravaException.Kind.NETWORK,
                0,
                null,
                null,
                "",
                cause);
    }

    /** The innermost message of a cause chain: "Connection refused" rather than a wrapper's null. */
    private static String describe(Throwable cause) {
        String message = null;
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return message != null ? message : cause.getClass().getSimpleName();
    }

    /** The body of a 2xx response as JSON; an empty body is a {@code MissingNode}. */
    JsonNode json(Received received) {
        if (received.body().length == 0) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode node = JSON.readTree(received.body());
            return node == null ? MissingNode.getInstance() : node;
        } catch (JacksonException e) {
            throw invalid(
                    received.call(),
                    received.status(),
                    "the body is not valid JSON (" + received.contentType() + ")",
                    received.text(),
                    e);
        }
    }

    /** A 2xx response with content the client cannot use. The message leaves the body out: it may hold tokens. */
    static StravaException invalid(Received received, String problem) {
        return invalid(received.call(), received.status(), problem, received.text(), null);
    }

    private static StravaException invalid(String call, int status, String problem, String body, Throwable cause) {
        String message = call + ": " + (status == 0 ? "" : "HTTP " + status + " but ") + problem;
        return new StravaException(message, StravaException.Kind.INVALID_RESPONSE, status, null, null, body, cause);
    }

    /** A non-2xx response: Strava's Fault when the body is one, else a snippet of what came instead. */
    static StravaException error(Received received) {
        Optional<StravaException.Fault> fault = Faults.parse(received.body());
        String detail = fault.map(Faults::describe)
                .orElseGet(() -> "not a Strava error body (" + received.contentType() + ")" + snippet(received.text()));
        return new StravaException(
                received.call() + ": HTTP " + received.status() + ", " + detail,
                StravaException.Kind.ERROR_STATUS,
                received.status(),
                fault.orElse(null),
                received.rateLimit().orElse(null),
                received.text(),
                null);
    }

    private static String snippet(String text) {
        String flat = text.replaceAll("\\s+", " ").trim();
        if (flat.isEmpty()) {
            return ", empty body";
        }
        return ": \"" + (flat.length() > SNIPPET_CHARS ? flat.substring(0, SNIPPET_CHARS) + "..." : flat) + "\"";
    }

    /** The body is over the limit. */
    static final class BodyTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooLargeException() {
            super("response body too large");
        }
    }

    /** Collects the body up to a limit, and gives up (cancelling the stream) past it. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int limit;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        LimitedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : new ArrayList<>(buffers)) {
                if (bytes.size() + (long) buffer.remaining() > limit) {
                    subscription.cancel();
                    result.completeExceptionally(new BodyTooLargeException());
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }
}
