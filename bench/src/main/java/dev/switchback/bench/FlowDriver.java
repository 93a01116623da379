package dev.switchback.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scenario 4: the whole flow as a browser does it, with forms and cookies: authorize (302 to login), the
 * login form, the login POST (Argon2id), authorize again (the consent page), the consent POST, and the
 * code exchange. One completed flow is one "request" of the table; its latency is the whole flow's.
 */
final class FlowDriver {
    private static final Pattern INPUT = Pattern.compile("name=\"([a-z_]+)\" value=\"([^\"]*)\"");

    private final String base;
    private final BenchData data;
    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    FlowDriver(String base, BenchData data) {
        this.base = base;
        this.data = data;
    }

    Wrk.Result run(int threads, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong errors = new AtomicLong();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long started = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    String username = data.usernames.get(Math.floorMod(next.getAndIncrement(), data.usernames.size()));
                    long begin = System.nanoTime();
                    try {
                        flow(username);
                        latencies.add(System.nanoTime() - begin);
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - started) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Wrk.Result(
                sorted.size() / elapsed,
                percentile(sorted, 0.50),
                percentile(sorted, 0.99),
                sorted.size(),
                errors.get(),
                "");
    }

    private void flow(String username) throws Exception {
        Map<String, String> cookies = new HashMap<>();
        String authorize =
                "/oauth/authorize?client_id=" + data.clientId + "&redirect_uri=" + encode("http://localhost/cb")
                        + "&response_type=code&approval_prompt=force&scope=read,profile:read_all&state=bench";
        HttpResponse<String> first = get(authorize, cookies);
        expect(first, 302);
        HttpResponse<String> loginForm =
                get(first.headers().firstValue("Location").orElseThrow(), cookies);
        expect(loginForm, 200);
        Map<String, String> login = inputs(loginForm.body());
        HttpResponse<String> loggedIn = post(
                "/login",
                Map.of(
                        "csrf",
                        login.get("csrf"),
                        "return_to",
                        login.get("return_to"),
                        "username",
                        username,
                        "password",
                        BenchData.PASSWORD),
                cookies);
        expect(loggedIn, 303);
        HttpResponse<String> consent =
                get(loggedIn.headers().firstValue("Location").orElseThrow(), cookies);
        expect(consent, 200);
        Map<String, String> form = inputs(consent.body());
        form.put("granted", "profile:read_all");
        form.put("decision", "authorize");
        HttpResponse<String> approved = post("/oauth/accept_application", form, cookies);
        expect(approved, 303);
        String location = approved.headers().firstValue("Location").orElseThrow();
        Matcher code = Pattern.compile("code=([0-9a-f]{40})").matcher(location);
        if (!code.find()) {
            throw new IllegalStateException("no code in " + location);
        }
        HttpResponse<String> token = post(
                "/oauth/token",
                Map.of(
                        "client_id",
                        Long.toString(data.clientId),
                        "client_secret",
                        data.clientSecret,
                        "code",
                        code.group(1),
                        "grant_type",
                        "authorization_code"),
                Map.of());
        expect(token, 200);
    }

    private HttpResponse<String> get(String path, Map<String, String> cookies) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), cookies);
    }

    private HttpResponse<String> post(String path, Map<String, String> form, Map<String, String> cookies)
            throws Exception {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&")
                .append(encode(k))
                .append('=')
                .append(encode(v)));
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())),
                cookies);
    }

    private HttpResponse<String> send(HttpRequest.Builder builder, Map<String, String> cookies) throws Exception {
        if (!cookies.isEmpty()) {
            StringBuilder header = new StringBuilder();
            cookies.forEach((k, v) -> header.append(header.length() == 0 ? "" : "; ")
                    .append(k)
                    .append('=')
                    .append(v));
            builder.header("Cookie", header.toString());
        }
        HttpResponse<String> response = client.send(
                builder.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (cookies instanceof HashMap) {
            for (String cookie : response.headers().allValues("Set-Cookie")) {
                String pair = cookie.split(";", 2)[0];
                int eq = pair.indexOf('=');
                cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return response;
    }

    private static Map<String, String> inputs(String html) {
        Map<String, String> inputs = new HashMap<>();
        Matcher m = INPUT.matcher(html);
        while (m.find()) {
            inputs.putIfAbsent(
                    m.group(1),
                    m.group(2).replace("&amp;", "&").replace("&#34;", "\"").replace("&quot;", "\""));
        }
        inputs.remove("granted");
        return inputs;
    }

    private static void expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("expected " + status + ", got " + response.statusCode());
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static double percentile(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1)) / 1e6;
    }
}
