package dev.switchback.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.athlete.Athlete;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.TestServer;
import dev.switchback.store.testing.TestDatabase;
import dev.switchback.testing.HttpTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sessions are kept on the server (contract#login, contract#token-digests): a copy of the database opens none,
 * logout ends one on the server, and the pre-login cookie is one the server issued. On SQLite and PostgreSQL.
 */
@HttpTest
class SessionTest {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{40,}");

    private TestDatabase database;
    private TestServer server;
    private Athlete marianne;
    private final HttpClient raw = HttpClient.newHttpClient();

    private void start(TestDatabase.Kind kind) {
        database = TestDatabase.create(kind);
        server = TestServer.start(Map.of("database.url", database.url()));
        marianne = server.createAthlete("marianne");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void everyCookieMadeFromACopyOfTheDatabase_isRefused_andTheCopyHoldsNoSessionId(TestDatabase.Kind kind)
            throws Exception {
        start(kind);
        String liveSession = logIn();
        assertThat(statusWithSession(liveSession)).isEqualTo(200);

        Map<String, List<String>> copy = copyOfTheDatabase();
        List<String> forged = new ArrayList<>();
        for (String row : copy.getOrDefault("server_keys", List.of())) {
            for (String key : hexValues(row)) {
                forged.add(signedTheOldWay(marianne.id().value(), key));
            }
        }
        for (String row : copy.getOrDefault("sessions", List.of())) {
            for (String digest : hexValues(row)) {
                forged.add(digest);
                forged.add(digest.substring(0, 40));
            }
        }

        assertThat(copy.toString()).doesNotContain(liveSession);
        assertThat(copy).containsKey("sessions");
        for (String cookie : forged) {
            assertThat(statusWithSession(cookie)).as("forged cookie %s", cookie).isEqualTo(302);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void afterLogout_theOldSessionCookie_isRefusedByTheServer(TestDatabase.Kind kind) throws Exception {
        start(kind);
        String session = logIn();
        Http.Response myApps = get("/settings/apps", "sb_session=" + session);
        assertThat(myApps.status()).isEqualTo(200);

        Http.Response logout = post("/logout", "sb_session=" + session, Http.form("csrf", myApps.inputValue("csrf")));

        assertThat(logout.status()).isEqualTo(303);
        assertThat(logout.headers().get("set-cookie"))
                .anySatisfy(cookie -> assertThat(cookie).startsWith("sb_session=;"));
        assertThat(statusWithSession(session))
                .as("the cookie kept from before the logout")
                .isEqualTo(302);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void preLoginCookieTheClientChose_isReplaced_andTheFormTokenMadeForItLogsNobodyIn(TestDatabase.Kind kind)
            throws Exception {
        start(kind);
        for (String chosen : List.of("00112233445566778899aabbccddeeff", "00112233445566778899aabbccddeeff00112233")) {
            Http.Response form = get("/login", "sb_presession=" + chosen);

            Http.Response login = post(
                    "/login",
                    "sb_presession=" + chosen,
                    Http.form(
                            "csrf", form.inputValue("csrf"), "username", "marianne", "password", TestServer.PASSWORD));

            assertThat(cookieValue(form, "sb_presession"))
                    .as("the server issues its own pre-login cookie instead of %s", chosen)
                    .isNotEqualTo(chosen);
            assertThat(login.status()).as(chosen).isEqualTo(403);
            assertThat(login.headers().getOrDefault("set-cookie", List.of()))
                    .noneMatch(cookie -> cookie.startsWith("sb_session="));
        }
    }

    /** Logs marianne in through the form, as a browser would; returns the session cookie's value. */
    private String logIn() throws Exception {
        Http.Response form = get("/login", null);
        String preSession = cookieValue(form, "sb_presession");
        Http.Response login = post(
                "/login",
                "sb_presession=" + preSession,
                Http.form("csrf", form.inputValue("csrf"), "username", "marianne", "password", TestServer.PASSWORD));
        assertThat(login.status()).isEqualTo(303);
        String session = cookieValue(login, "sb_session");
        assertThat(session).isNotEqualTo(preSession);
        return session;
    }

    private int statusWithSession(String cookie) throws Exception {
        return get("/settings/apps", "sb_session=" + cookie).status();
    }

    /** A GET with exactly the cookies given (no cookie jar). */
    private Http.Response get(String path, String cookies) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).GET();
        if (cookies != null) {
            request.header("Cookie", cookies);
        }
        return send(request);
    }

    private Http.Response post(String path, String cookies, Map<String, String> form) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Cookie", cookies)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Http.encode(form))));
    }

    private Http.Response send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response =
                raw.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Http.Response(response.statusCode(), response.headers().map(), response.body());
    }

    /** Every row of every table, as text: what someone holding a copy of the database sees. */
    private Map<String, List<String>> copyOfTheDatabase() {
        String tablesQuery = database.kind() == TestDatabase.Kind.SQLITE
                ? "SELECT name FROM sqlite_master WHERE type = 'table'"
                : "SELECT tablename FROM pg_tables WHERE schemaname = 'public'";
        return server.switchback().database().read(tx -> {
            Map<String, List<String>> tables = new java.util.TreeMap<>();
            for (String table : tx.sql(tablesQuery).list(row -> row.getString(1))) {
                tables.put(table, tx.sql("SELECT * FROM " + table).list(row -> {
                    ResultSetMetaData meta = row.getMetaData();
                    List<String> values = new ArrayList<>();
                    for (int column = 1; column <= meta.getColumnCount(); column++) {
                        values.add(String.valueOf(row.getObject(column)));
                    }
                    return String.join(" ", values);
                }));
            }
            return tables;
        });
    }

    private static List<String> hexValues(String row) {
        List<String> values = new ArrayList<>();
        Matcher matcher = HEX.matcher(row);
        while (matcher.find()) {
            values.add(matcher.group());
        }
        return values;
    }

    /** A cookie as sessions were signed before they were kept on the server: athlete.expiry.nonce.hmac. */
    private static String signedTheOldWay(long athleteId, String hexKey) throws Exception {
        String payload =
                athleteId + "." + (TestServer.START.getEpochSecond() + 3600) + ".00112233445566778899aabbccddeeff";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(
                HexFormat.of().parseHex(hexKey.length() % 2 == 0 ? hexKey : hexKey + "0"), "HmacSHA256"));
        return payload + "."
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    }

    private static String cookieValue(Http.Response response, String name) {
        return response.headers().getOrDefault("set-cookie", List.of()).stream()
                .filter(cookie -> cookie.startsWith(name + "="))
                .map(cookie -> cookie.substring(name.length() + 1, cookie.indexOf(';')))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " cookie in " + response.headers()));
    }
}
