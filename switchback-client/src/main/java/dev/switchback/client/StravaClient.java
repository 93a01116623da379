package dev.switchback.client;

import dev.switchback.client.model.Activity;
import dev.switchback.client.model.Athlete;
import dev.switchback.client.model.Club;
import dev.switchback.client.model.Lap;
import dev.switchback.client.model.Route;
import dev.switchback.client.model.Segment;
import dev.switchback.client.model.StreamKey;
import dev.switchback.client.model.StreamSet;
import dev.switchback.client.model.Upload;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A client of Strava's OAuth 2.0 endpoints and API v3, for one app: against strava.com by default, or
 * any server that speaks the same protocol, such as Switchback. Built once with {@link #builder()},
 * which rejects bad input at once; immutable and safe to share between threads.
 *
 * <p>Every failed call throws {@link StravaException}. To keep one athlete's token fresh across
 * threads and processes, wrap the client in a {@link TokenManager}.
 */
public final class StravaClient {
    /** Where Strava lives: the default base URL. */
    public static final URI STRAVA = URI.create("https://www.strava.com");
    /** How long one call may take, body included, unless the builder says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9_:.\\-]+");
    private static final String USER_AGENT = "switchback-client";
    private static final String FORM = "application/x-www-form-urlencoded";

    private final URI baseUrl;
    private final long clientId;
    private final String clientSecret;
    private final Optional<URI> redirectUri;
    private final Duration timeout;
    private final Clock clock;
    private final RetryPolicy retry;
    private final Transport transport;

    private StravaClient(Builder builder) {
        this.baseUrl = builder.baseUrl;
        this.clientId = builder.clientId;
        this.clientSecret = builder.clientSecret;
        this.redirectUri = Optional.ofNullable(builder.redirectUri);
        this.timeout = builder.timeout;
        this.clock = builder.clock;
        this.retry = builder.retry;
        HttpClient http = builder.httpClient != null
                ? builder.httpClient
                : HttpClient.newBuilder()
                        .connectTimeout(timeout)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
        this.transport = new Transport(http, timeout, baseUrl.toString());
    }

    /** {@return a builder with Strava's base URL and the default timeout} The client id and secret are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the server's base URL, without a trailing slash} */
    public URI baseUrl() {
        return baseUrl;
    }

    /** {@return the app's client id} */
    public long clientId() {
        return clientId;
    }

    /** {@return the redirect URI used by {@link #authorizeUrl}, if one was set} */
    public Optional<URI> redirectUri() {
        return redirectUri;
    }

    /** {@return how long one call may take} */
    public Duration timeout() {
        return timeout;
    }

    /** {@return the clock that dates token expiry} */
    public Clock clock() {
        return clock;
    }

    // --- authorize (contract#authorize) ------------------------------------------------------------

    /** {@code approval_prompt}: whether the consent page shows when the athlete already granted the scopes. */
    public enum ApprovalPrompt {
        /** Skip the consent page when the athlete already granted every requested scope. */
        AUTO,
        /** Always show the consent page. */
        FORCE;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The URL to send the athlete to (web): {@code /oauth/authorize} with this app's client id and
     * redirect URI. The redirect comes back with {@code code}, {@code scope} (what the athlete granted)
     * and {@code state}, or with {@code error=access_denied}.
     *
     * @param scopes        the scopes to request, e.g. {@code List.of("read", "activity:read_all")}
     * @param state         an unguessable value to check on the redirect, or null to send none
     * @param approvalPrompt when to show the consent page
     * @return the authorize URL
     * @throws IllegalStateException    when the client was built without a redirect URI
     * @throws IllegalArgumentException when a scope is blank or malformed, or there is none
     */
    public URI authorizeUrl(Collection<String> scopes, String state, ApprovalPrompt approvalPrompt) {
        return authorize("/oauth/authorize", scopes, state, approvalPrompt, null);
    }

    /**
     * The same as {@link #authorizeUrl(Collection, String, ApprovalPrompt)} with a PKCE challenge
     * ({@code code_challenge}, {@code code_challenge_method=S256}); exchange the code with
     * {@link #exchange(String, String, Pkce)} and the same {@code pkce}.
     *
     * @param scopes         the scopes to request
     * @param state          an unguessable value to check on the redirect, or null to send none
     * @param approvalPrompt when to show the consent page
     * @param pkce           the proof key, e.g. {@link Pkce#generate()}
     * @return the authorize URL
     */
    public URI authorizeUrl(Collection<String> scopes, String state, ApprovalPrompt approvalPrompt, Pkce pkce) {
        return authorize("/oauth/authorize", scopes, state, approvalPrompt, Objects.requireNonNull(pkce, "pkce"));
    }

    /**
     * The same as {@link #authorizeUrl} for {@code /oauth/mobile/authorize}, which opens the Strava app
     * on a phone when it is installed.
     *
     * @param scopes        the scopes to request
     * @param state         an unguessable value to check on the redirect, or null to send none
     * @param approvalPrompt when to show the consent page
     * @return the mobile authorize URL
     */
    public URI mobileAuthorizeUrl(Collection<String> scopes, String state, ApprovalPrompt approvalPrompt) {
        return authorize("/oauth/mobile/authorize", scopes, state, approvalPrompt, null);
    }

    private URI authorize(
            String path, Collection<String> scopes, String state, ApprovalPrompt approvalPrompt, Pkce pkce) {
        URI redirect = redirectUri.orElseThrow(() -> new IllegalStateException(
                "this client has no redirect URI: set redirectUri(...) on the builder to build an authorize URL"));
        Objects.requireNonNull(approvalPrompt, "approvalPrompt");
        StringJoiner query = new StringJoiner("&");
        query.add("client_id=" + clientId);
        query.add("redirect_uri=" + encode(redirect.toString()));
        query.add("response_type=code");
        query.add("approval_prompt=" + approvalPrompt.wireName());
        query.add("scope=" + String.join(",", checkScopes(scopes)));
        if (state != null) {
            query.add("state=" + encode(state));
        }
        if (pkce != null) {
            query.add("code_challenge=" + pkce.challenge());
            query.add("code_challenge_method=S256");
        }
        return URI.create(baseUrl + path + "?" + query);
    }

    private static List<String> checkScopes(Collection<String> scopes) {
        if (scopes == null || scopes.isEmpty()) {
            throw new IllegalArgumentException("scopes must name at least one scope, such as read");
        }
        for (String scope : scopes) {
            if (scope == null || !SCOPE.matcher(scope).matches()) {
                throw new IllegalArgumentException(
                        "scope must be a name such as activity:read (got " + quote(scope) + ")");
            }
        }
        return List.copyOf(scopes);
    }

    // --- token endpoint (contract#token-endpoint) ---------------------------------------------------------

    /**
     * Exchanges an authorization code for tokens and the athlete summary. The granted scopes stay
     * unknown; use {@link #exchange(String, String)} when you have the redirect's {@code scope}.
     *
     * @param code the {@code code} parameter of the redirect
     * @return the tokens, with the athlete
     * @throws StravaException on any failure, e.g. 400 {@code AuthorizationCode/code: invalid}
     */
    public Tokens exchange(String code) {
        return exchange(code, null);
    }

    /**
     * Exchanges an authorization code for tokens, recording the scopes the athlete granted (the token
     * response does not carry them; only the redirect does).
     *
     * @param code                     the {@code code} parameter of the redirect
     * @param grantedScopeFromRedirect the {@code scope} parameter of the redirect, e.g.
     *                                 {@code read,activity:read}, or null when unknown
     * @return the tokens, with the athlete and the granted scopes
     * @throws StravaException on any failure
     */
    public Tokens exchange(String code, String grantedScopeFromRedirect) {
        return exchange(code, grantedScopeFromRedirect, null);
    }

    /**
     * Exchanges an authorization code obtained with a PKCE challenge, sending its verifier.
     *
     * @param code                     the {@code code} parameter of the redirect
     * @param grantedScopeFromRedirect the {@code scope} parameter of the redirect, or null when unknown
     * @param pkce                     the proof key whose challenge went into the authorize URL, or null
     * @return the tokens, with the athlete and the granted scopes
     * @throws StravaException on any failure, e.g. 400 {@code AuthorizationCode/code_verifier: invalid}
     */
    public Tokens exchange(String code, String grantedScopeFromRedirect, Pkce pkce) {
        requireToken(code, "code");
        List<String> granted = grantedScopeFromRedirect == null
                ? List.of()
                : Arrays.stream(grantedScopeFromRedirect.split("[,\\s]+"))
                        .filter(s -> !s.isEmpty())
                        .toList();
        Map<String, String> form = form(
                "client_id",
                Long.toString(clientId),
                "client_secret",
                clientSecret,
                "code",
                code,
                "grant_type",
                "authorization_code");
        if (pkce != null) {
            form.put("code_verifier", pkce.verifier());
        }
        return token(form, granted);
    }

    /**
     * Gets a new access token with a refresh token. The response may carry a new refresh token, and the
     * old one then stops working at once: save the returned tokens before using them. A
     * {@link TokenManager} does this for you.
     *
     * @param refreshToken the latest refresh token
     * @return the new tokens (no athlete, no scopes: the response carries neither)
     * @throws StravaException on any failure; {@link StravaException#isRefreshTokenInvalid()} when the
     *                         token was revoked or already rotated
     */
    public Tokens refresh(String refreshToken) {
        requireToken(refreshToken, "refreshToken");
        return token(
                form(
                        "client_id",
                        Long.toString(clientId),
                        "client_secret",
                        clientSecret,
                        "grant_type",
                        "refresh_token",
                        "refresh_token",
                        refreshToken),
                List.of());
    }

    private Tokens token(Map<String, String> form, List<String> grantedScopes) {
        Instant requestedAt = clock.instant();
        Transport.Received received = transport.send(request("/oauth/token", Optional.empty())
                .header("Content-Type", FORM)
                .POST(HttpRequest.BodyPublishers.ofString(encodeForm(form)))
                .build());
        if (!received.success()) {
            throw Transport.error(received);
        }
        return TokenResponses.read(received, transport.json(received), requestedAt, grantedScopes);
    }

    /**
     * Revokes the athlete's grant to this app: every access and refresh token of it stops working
     * (contract#deauthorize).
     *
     * @param accessToken a live access token of the grant
     * @return the response ({@code {"access_token":"..."}}) with its rate-limit usage
     * @throws StravaException on any failure; {@link StravaException#isAccessTokenInvalid()} when the
     *                         token is not live (perhaps already revoked)
     */
    public ApiResponse deauthorize(String accessToken) {
        requireToken(accessToken, "accessToken");
        return call(request("/oauth/deauthorize", Optional.empty())
                .header("Content-Type", FORM)
                .POST(HttpRequest.BodyPublishers.ofString(encodeForm(form("access_token", accessToken))))
                .build());
    }

    // --- the API ---------------------------------------------------------------------------------

    /**
     * {@code GET} an API path with the athlete's access token.
     *
     * @param accessToken the bearer token
     * @param path        a path under {@code /api/v3}, such as {@code /athlete} (a leading
     *                    {@code /api/v3} is accepted too)
     * @return the 2xx response
     * @throws StravaException on any failure
     */
    public ApiResponse get(String accessToken, String path) {
        return get(accessToken, path, Map.of());
    }

    /**
     * {@code GET} an API path with query parameters.
     *
     * @param accessToken the bearer token
     * @param path        a path under {@code /api/v3}
     * @param query       query parameters, encoded here
     * @return the 2xx response
     * @throws StravaException on any failure
     */
    public ApiResponse get(String accessToken, String path, Map<String, String> query) {
        return call(authorized(accessToken, path, query).GET().build());
    }

    /**
     * {@code POST} to an API path.
     *
     * @param accessToken the bearer token
     * @param path        a path under {@code /api/v3}
     * @param body        the request body: {@link Body#form}, {@link Body#json} or {@link Body#empty()}
     * @return the 2xx response
     * @throws StravaException on any failure
     */
    public ApiResponse post(String accessToken, String path, Body body) {
        return call(withBody(authorized(accessToken, path, Map.of()), body)
                .POST(body.publisher())
                .build());
    }

    /**
     * {@code PUT} to an API path.
     *
     * @param accessToken the bearer token
     * @param path        a path under {@code /api/v3}
     * @param body        the request body
     * @return the 2xx response
     * @throws StravaException on any failure
     */
    public ApiResponse put(String accessToken, String path, Body body) {
        return call(withBody(authorized(accessToken, path, Map.of()), body)
                .PUT(body.publisher())
                .build());
    }

    /** A request body for {@link #post} and {@link #put}. */
    public static final class Body {
        private final String contentType;
        private final byte[] bytes;

        private Body(String contentType, byte[] bytes) {
            this.contentType = contentType;
            this.bytes = bytes;
        }

        /**
         * Form fields, sent as {@code application/x-www-form-urlencoded}.
         *
         * @param fields names and values, encoded here, in iteration order
         * @return the body
         */
        public static Body form(Map<String, String> fields) {
            return new Body(FORM, encodeForm(fields).getBytes(StandardCharsets.UTF_8));
        }

        /**
         * A value serialized with Jackson (a {@code Map}, a record, a {@code JsonNode}...), sent as
         * {@code application/json}.
         *
         * @param value what to send
         * @return the body
         * @throws IllegalArgumentException when Jackson cannot serialize it
         */
        public static Body json(Object value) {
            try {
                return new Body("application/json", Transport.JSON.writeValueAsBytes(value));
            } catch (JacksonException e) {
                throw new IllegalArgumentException("cannot serialize the body as JSON: " + e.getOriginalMessage(), e);
            }
        }

        /** {@return No body at all} */
        public static Body empty() {
            return new Body(null, new byte[0]);
        }

        HttpRequest.BodyPublisher publisher() {
            return bytes.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(bytes);
        }
    }

    private static HttpRequest.Builder withBody(HttpRequest.Builder request, Body body) {
        Objects.requireNonNull(body, "body");
        return body.contentType == null ? request : request.header("Content-Type", body.contentType);
    }

    private HttpRequest.Builder authorized(String accessToken, String path, Map<String, String> query) {
        requireToken(accessToken, "accessToken");
        return request(apiPath(path), query.isEmpty() ? Optional.empty() : Optional.of(encodeForm(query)))
                .header("Authorization", "Bearer " + accessToken);
    }

    private static String apiPath(String path) {
        if (path == null
                || !path.startsWith("/")
                || path.startsWith("//")
                || !path.chars().allMatch(c -> c > 0x20 && c < 0x7f)
                || path.contains("?")
                || path.contains("#")) {
            throw new IllegalArgumentException(
                    "path must be an API path such as /athlete, without query or fragment (got " + quote(path) + ")");
        }
        return path.startsWith("/api/v3/") ? path : "/api/v3" + path;
    }

    /** One API call, sent again while the retry policy says so (by default it never does). */
    private ApiResponse call(HttpRequest request) {
        for (int attempt = 1; ; attempt++) {
            Transport.Received received = transport.send(request);
            if (received.success()) {
                JsonNode body = transport.json(received);
                return new ApiResponse(received.status(), received.headers(), body, received.rateLimit());
            }
            Optional<Duration> wait =
                    retry.waitAfter(attempt, received.status(), received.headers(), request.method(), clock.instant());
            if (wait.isEmpty() || !retry.sleep(wait.get())) {
                throw Transport.error(received);
            }
        }
    }

    private HttpRequest.Builder request(String path, Optional<String> query) {
        URI uri;
        try {
            uri = new URI(baseUrl + path + query.map(q -> "?" + q).orElse(""));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid path: " + quote(path), e);
        }
        return HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT);
    }

    // --- uploads (contract#uploads) ---------------------------------------------------------------

    /** How often {@link #awaitUpload(String, long)} polls: Strava advises no faster than once a second. */
    public static final Duration UPLOAD_POLL_INTERVAL = Duration.ofSeconds(1);
    /** How long {@link #awaitUpload(String, long)} waits in all; Strava's mean processing time is under 2 s. */
    public static final Duration UPLOAD_DEADLINE = Duration.ofMinutes(2);

    private static final String PROCESSING = "Your activity is still being processed.";
    private static final String DELETED = "The created activity has been deleted.";

    /**
     * Uploads a GPX, TCX or FIT file (each also gzipped) as {@code multipart/form-data}, its data type
     * inferred from the file name. Needs {@code activity:write}.
     *
     * @param accessToken the bearer token
     * @param file        the file, e.g. {@code morning-ride.gpx} or {@code 17611540601.fit.gz}
     * @return the 201 response: the Upload, still processing; follow it with {@link #awaitUpload}
     * @throws IllegalArgumentException when the file name ends in no known type, or the file cannot be read
     * @throws StravaException          on any failure, e.g. 400 {@code Upload/data_type: invalid}
     */
    public ApiResponse upload(String accessToken, Path file) {
        return upload(accessToken, file, UploadRequest.defaults());
    }

    /**
     * Uploads a file with the fields of {@code request}; its data type, when not set, is inferred from the
     * file name. The file is streamed from disk, not held in memory.
     *
     * @param accessToken the bearer token
     * @param file        the file
     * @param request     the other form fields
     * @return the 201 response: the Upload, still processing
     * @throws IllegalArgumentException when no data type is set and the file name ends in no known type
     * @throws StravaException          on any failure
     */
    public ApiResponse upload(String accessToken, Path file, UploadRequest request) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(request, "request");
        UploadRequest.DataType type = request.dataType()
                .or(() -> UploadRequest.DataType.fromFileName(file.getFileName().toString()))
                .orElseThrow(() -> new IllegalArgumentException("file must end in .fit, .tcx or .gpx, each "
                        + "optionally .gz, or the request must set its dataType (got " + quote(file.toString())
                        + ")"));
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("data_type", type.wireName());
        request.name().ifPresent(name -> fields.put("name", name));
        request.description().ifPresent(description -> fields.put("description", description));
        request.externalId().ifPresent(id -> fields.put("external_id", id));
        request.trainer().ifPresent(trainer -> fields.put("trainer", trainer ? "1" : "0"));
        request.commute().ifPresent(commute -> fields.put("commute", commute ? "1" : "0"));
        request.sportType().ifPresent(sport -> fields.put("sport_type", sport));
        Multipart body = Multipart.of(fields, "file", file);
        return call(authorized(accessToken, "/uploads", Map.of())
                .header("Content-Type", body.contentType())
                .POST(body.publisher())
                .build());
    }

    /**
     * Polls {@code GET /uploads/{id}} once a second until the upload has an activity, for at most
     * {@link #UPLOAD_DEADLINE}.
     *
     * @param accessToken the bearer token
     * @param uploadId    the {@code id} of the Upload that {@link #upload} answered
     * @return the last response: the Upload with its {@code activity_id}
     * @throws UploadException when the upload ends with an {@code error} (e.g. a duplicate), its activity was
     *                         deleted, or it is still processing at the deadline
     * @throws StravaException on any failure of a poll (after the retry policy, when one is set)
     */
    public ApiResponse awaitUpload(String accessToken, long uploadId) {
        return awaitUpload(accessToken, uploadId, UPLOAD_POLL_INTERVAL, UPLOAD_DEADLINE);
    }

    /**
     * Polls {@code GET /uploads/{id}} every {@code interval} until the upload has an {@code activity_id} or an
     * {@code error}. The deadline is elapsed time on this machine's monotonic clock, not the builder's clock
     * (which dates tokens and may be a test's fixed clock). Each poll goes through the retry policy.
     *
     * @param accessToken the bearer token
     * @param uploadId    the upload's id
     * @param interval    the wait between polls, positive; Strava advises at least 1 second
     * @param deadline    the longest wait in all, not negative; no poll starts after it
     * @return the last response: the Upload with its {@code activity_id}
     * @throws UploadException when the upload ends without an activity, or is still processing at the deadline
     * @throws StravaException on any failure of a poll
     */
    public ApiResponse awaitUpload(String accessToken, long uploadId, Duration interval, Duration deadline) {
        if (uploadId <= 0) {
            throw new IllegalArgumentException("uploadId must be a positive integer (got " + uploadId + ")");
        }
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive (got " + interval + ")");
        }
        if (deadline == null || deadline.isNegative()) {
            throw new IllegalArgumentException("deadline must not be negative (got " + deadline + ")");
        }
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            ApiResponse response = get(accessToken, "/uploads/" + uploadId);
            JsonNode upload = response.body();
            if (hasValue(upload, "activity_id")) {
                return response;
            }
            if (hasValue(upload, "error")) {
                throw new UploadException(
                        "upload " + uploadId + ": " + upload.path("status").asString("failed") + " ("
                                + upload.get("error").asString() + ")",
                        UploadException.Reason.ERROR,
                        uploadId,
                        upload);
            }
            if (DELETED.equals(upload.path("status").asString(""))) {
                throw new UploadException(
                        "upload " + uploadId + ": " + DELETED, UploadException.Reason.DELETED, uploadId, upload);
            }
            if (end - System.nanoTime() < interval.toNanos() || !pause(interval)) {
                throw new UploadException(
                        "upload " + uploadId + ": " + upload.path("status").asString(PROCESSING) + " after "
                                + Durations.format(deadline),
                        UploadException.Reason.DEADLINE,
                        uploadId,
                        upload);
            }
        }
    }

    private static boolean hasValue(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value != null && !value.isNull();
    }

    /** Waits between polls; false when interrupted (the interrupt is kept). */
    private static boolean pause(Duration interval) {
        try {
            Thread.sleep(interval.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // --- paging -----------------------------------------------------------------------------------

    /**
     * The items of a list endpoint, such as {@code /athlete/activities}, {@code /athletes/{id}/routes},
     * {@code /segments/starred} or {@code /athlete/clubs}, across pages: lazily, page 1 is fetched when the
     * first item is asked for, page 2 when page 1's items are used up, and so on until a page holds fewer
     * than {@code perPage} items. Each page is one {@code GET} through the retry policy; a failure is thrown
     * from the stream's terminal operation. Use {@code limit(n)} to read no further than needed.
     *
     * @param accessToken the bearer token
     * @param path        a list path under {@code /api/v3}
     * @param query       other query parameters, such as {@code before} or {@code after}; not {@code page}
     *                    or {@code per_page}
     * @param perPage     items per page: 1 to 200
     * @return the items, in the server's order
     * @throws IllegalArgumentException when {@code perPage} is out of range or the query names a paging
     *                                  parameter
     */
    public Stream<JsonNode> pages(String accessToken, String path, Map<String, String> query, int perPage) {
        if (perPage < 1 || perPage > Pages.MAX_PER_PAGE) {
            throw new IllegalArgumentException(
                    "perPage must be within 1.." + Pages.MAX_PER_PAGE + " (got " + perPage + ")");
        }
        Objects.requireNonNull(query, "query");
        if (query.containsKey("page") || query.containsKey("per_page")) {
            throw new IllegalArgumentException(
                    "query must not set page or per_page: pages(...) sets them (got " + query.keySet() + ")");
        }
        requireToken(accessToken, "accessToken");
        String checked = apiPath(path);
        return Pages.stream(
                page -> {
                    Map<String, String> withPage = new LinkedHashMap<>(query);
                    withPage.put("page", Integer.toString(page));
                    withPage.put("per_page", Integer.toString(perPage));
                    return get(accessToken, checked, withPage);
                },
                perPage,
                "GET " + checked);
    }

    // --- typed calls: the API's resources as records (dev.switchback.client.model) ------------------

    /**
     * {@code GET /athlete}: the DetailedAthlete to a token with {@code profile:read_all}, else the summary.
     *
     * @param accessToken the bearer token
     * @return the authenticated athlete
     * @throws StravaException on any failure
     */
    public Athlete athlete(String accessToken) {
        return get(accessToken, "/athlete").as(Athlete.class);
    }

    /**
     * {@code GET /athlete/activities}: the athlete's activities (summaries), newest first.
     *
     * @param accessToken the bearer token ({@code activity:read})
     * @param page        the page, from 1
     * @param perPage     activities per page, 1 to 200
     * @return one page of activities
     * @throws StravaException on any failure
     */
    public List<Activity> activities(String accessToken, int page, int perPage) {
        return get(accessToken, "/athlete/activities", paging(page, perPage)).asList(Activity.class);
    }

    /**
     * {@code GET /activities/{id}}: the DetailedActivity, with laps, splits and efforts.
     *
     * @param accessToken the bearer token ({@code activity:read})
     * @param activityId  the activity's id
     * @return the activity
     * @throws StravaException on any failure
     */
    public Activity activity(String accessToken, long activityId) {
        return get(accessToken, "/activities/" + activityId).as(Activity.class);
    }

    /**
     * {@code GET /activities/{id}/laps}.
     *
     * @param accessToken the bearer token ({@code activity:read})
     * @param activityId  the activity's id
     * @return its laps, none for a manual activity
     * @throws StravaException on any failure
     */
    public List<Lap> laps(String accessToken, long activityId) {
        return get(accessToken, "/activities/" + activityId + "/laps").asList(Lap.class);
    }

    /**
     * {@code GET /activities/{id}/streams?keys=...&key_by_type=true}: the streams asked for that the
     * activity recorded, and {@code distance} always.
     *
     * @param accessToken the bearer token ({@code activity:read})
     * @param activityId  the activity's id
     * @param keys        the streams to ask for, at least one
     * @return the streams by type
     * @throws StravaException on any failure
     * @throws IllegalArgumentException when {@code keys} is empty
     */
    public StreamSet streams(String accessToken, long activityId, Set<StreamKey> keys) {
        if (keys == null || keys.isEmpty()) {
            throw new IllegalArgumentException("keys must name at least one stream, such as TIME (got " + keys + ")");
        }
        String wire = keys.stream().map(StreamKey::wireName).collect(Collectors.joining(","));
        return get(accessToken, "/activities/" + activityId + "/streams", Map.of("keys", wire, "key_by_type", "true"))
                .as(StreamSet.class);
    }

    /**
     * {@code GET /routes/{id}}.
     *
     * @param accessToken the bearer token ({@code read}; a private route needs {@code read_all})
     * @param routeId     the route's id
     * @return the route, its map with the full polyline
     * @throws StravaException on any failure
     */
    public Route route(String accessToken, long routeId) {
        return get(accessToken, "/routes/" + routeId).as(Route.class);
    }

    /**
     * {@code GET /segments/{id}}: the DetailedSegment.
     *
     * @param accessToken the bearer token ({@code read}; a private segment needs {@code read_all})
     * @param segmentId   the segment's id
     * @return the segment
     * @throws StravaException on any failure
     */
    public Segment segment(String accessToken, long segmentId) {
        return get(accessToken, "/segments/" + segmentId).as(Segment.class);
    }

    /**
     * {@code GET /segments/starred}: the segments the athlete starred (summaries), newest star first.
     *
     * @param accessToken the bearer token ({@code read})
     * @param page        the page, from 1
     * @param perPage     segments per page, 1 to 200
     * @return one page of segments
     * @throws StravaException on any failure
     */
    public List<Segment> starredSegments(String accessToken, int page, int perPage) {
        return get(accessToken, "/segments/starred", paging(page, perPage)).asList(Segment.class);
    }

    /**
     * {@code GET /athlete/clubs}: the athlete's clubs (summaries).
     *
     * @param accessToken the bearer token ({@code read})
     * @param page        the page, from 1
     * @param perPage     clubs per page, 1 to 200
     * @return one page of clubs
     * @throws StravaException on any failure
     */
    public List<Club> clubs(String accessToken, int page, int perPage) {
        return get(accessToken, "/athlete/clubs", paging(page, perPage)).asList(Club.class);
    }

    /**
     * {@code GET /clubs/{id}}: the DetailedClub.
     *
     * @param accessToken the bearer token ({@code read}; a private club only for its members)
     * @param clubId      the club's id
     * @return the club
     * @throws StravaException on any failure
     */
    public Club club(String accessToken, long clubId) {
        return get(accessToken, "/clubs/" + clubId).as(Club.class);
    }

    /**
     * {@code GET /uploads/{id}}: where the processing of an upload stands.
     *
     * @param accessToken the bearer token ({@code activity:write})
     * @param uploadId    the upload's id
     * @return its status; {@link Upload#done()} once it made an activity or failed
     * @throws StravaException on any failure
     */
    public Upload upload(String accessToken, long uploadId) {
        return get(accessToken, "/uploads/" + uploadId).as(Upload.class);
    }

    private static Map<String, String> paging(int page, int perPage) {
        if (page < 1) {
            throw new IllegalArgumentException("page must be 1 or more (got " + page + ")");
        }
        if (perPage < 1 || perPage > 200) {
            throw new IllegalArgumentException("perPage must be 1 to 200 (got " + perPage + ")");
        }
        return form("page", Integer.toString(page), "per_page", Integer.toString(perPage));
    }

    // --- encoding and checks ---------------------------------------------------------------------

    private static Map<String, String> form(String... namesAndValues) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return form;
    }

    private static String encodeForm(Map<String, String> fields) {
        StringJoiner joiner = new StringJoiner("&");
        fields.forEach((name, value) -> joiner.add(encode(Objects.requireNonNull(name, "form field name")) + "="
                + encode(Objects.requireNonNull(value, () -> "value of form field " + name))));
        return joiner.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void requireToken(String token, String name) {
        if (token == null || !TokenResponses.TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException(name + " must be 1 to 4096 visible ASCII characters (got "
                    + (token == null ? "null" : token.length() + " characters") + ")");
        }
    }

    private static String quote(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }

    /**
     * Configures a {@link StravaClient}. Each setter checks its value at once and throws
     * {@link IllegalArgumentException} naming the setting and the value seen (never a secret).
     */
    public static final class Builder {
        private URI baseUrl = STRAVA;
        private RetryPolicy retry = RetryPolicy.none();
        private long clientId;
        private String clientSecret;
        private URI redirectUri;
        private HttpClient httpClient;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /**
         * The server: {@code https://www.strava.com} (the default) or another, e.g. a Switchback at
         * {@code http://127.0.0.1:8080}.
         *
         * @param baseUrl an http or https URL with a host and no query or fragment
         * @return this builder
         */
        public Builder baseUrl(String baseUrl) {
            URI uri = parse("baseUrl", baseUrl);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https"))
                    || uri.getHost() == null
                    || uri.getRawQuery() != null
                    || uri.getRawFragment() != null
                    || uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException("baseUrl must be an http or https URL with a host and no query, "
                        + "such as https://www.strava.com (got " + quote(baseUrl) + ")");
            }
            String text = uri.toString();
            this.baseUrl = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            return this;
        }

        /**
         * The app's client id, from the app's settings page.
         *
         * @param clientId a positive integer
         * @return this builder
         */
        public Builder clientId(long clientId) {
            if (clientId <= 0) {
                throw new IllegalArgumentException("clientId must be a positive integer (got " + clientId + ")");
            }
            this.clientId = clientId;
            return this;
        }

        /**
         * The app's client secret. It is sent only to the token endpoint and never appears in a message.
         *
         * @param clientSecret the secret, visible ASCII characters
         * @return this builder
         */
        public Builder clientSecret(String clientSecret) {
            if (clientSecret == null || clientSecret.isBlank()) {
                throw new IllegalArgumentException(
                        "clientSecret must not be " + (clientSecret == null ? "null" : "blank"));
            }
            if (!TokenResponses.TOKEN.matcher(clientSecret).matches()) {
                throw new IllegalArgumentException("clientSecret must be visible ASCII characters without spaces");
            }
            this.clientSecret = clientSecret;
            return this;
        }

        /**
         * Where the authorize page sends the athlete back: an absolute URI whose host is the app's
         * callback domain ({@code localhost} and {@code 127.0.0.1} are always allowed), or a custom
         * scheme for a mobile app such as {@code myapp://example.com/callback}. Needed only for
         * {@link StravaClient#authorizeUrl}.
         *
         * @param redirectUri an absolute URI with a host and no fragment
         * @return this builder
         */
        public Builder redirectUri(String redirectUri) {
            URI uri = parse("redirectUri", redirectUri);
            if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("redirectUri must be an absolute URI with a host and no fragment, "
                        + "such as http://localhost/exchange_token (got " + quote(redirectUri) + ")");
            }
            this.redirectUri = uri;
            return this;
        }

        /**
         * The JDK HTTP client to send with, e.g. one with a proxy. By default the client builds its own
         * that never follows redirects.
         *
         * @param httpClient the client
         * @return this builder
         */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        /**
         * How long one call may take, from sending to the last byte of the body; default 30 seconds.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive (got " + timeout + ")");
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * The clock that dates token expiry (default: the system clock in UTC); tests pass a clock they move.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Retries API calls refused with a 429 or a 503 as {@code policy} says (default: {@link RetryPolicy#none()}).
         *
         * @param policy the retry policy
         * @return this builder
         */
        public Builder retry(RetryPolicy policy) {
            this.retry = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * The client.
         *
         * @return an immutable client
         * @throws IllegalArgumentException when the client id or secret was not set
         */
        public StravaClient build() {
            if (clientId == 0) {
                throw new IllegalArgumentException("clientId is required");
            }
            if (clientSecret == null) {
                throw new IllegalArgumentException("clientSecret is required");
            }
            return new StravaClient(this);
        }

        private static URI parse(String name, String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be " + (value == null ? "null" : "blank"));
            }
            try {
                return new URI(value.trim());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(name + " is not a valid URI (got " + quote(value) + ")", e);
            }
        }
    }
}
