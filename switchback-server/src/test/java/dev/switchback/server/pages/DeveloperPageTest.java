package dev.switchback.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.App;
import dev.switchback.app.AppService;
import dev.switchback.server.testing.Browser;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.Multipart;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import dev.switchback.token.Secret;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Settings &gt; My API Application (contract#developer-page, contract#developer-page-secrets): create, see, show
 * and reset the secret, the owner's tokens, limits and usage, edit and delete; every refused form comes back with
 * the message beside its field and changes nothing.
 */
@HttpTest
class DeveloperPageTest {
    /** The smallest PNG: a 1x1 transparent pixel. */
    static final byte[] PNG = java.util.Base64.getDecoder()
            .decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    private TestServer server;
    private Browser marianne;

    @BeforeEach
    void start() {
        server = TestServer.start();
        server.createAthlete("marianne");
        server.createAthlete("pierre");
        marianne = new Browser(server, "marianne").logIn();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static Map<String, String> validForm() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", "Training Log");
        form.put("category", "Training");
        form.put("website", "https://traininglog.example");
        form.put("description", "Keeps a log of your training.");
        form.put("callback_domain", "localhost");
        return form;
    }

    @Test
    void developerPage_withoutLogin_redirectsToLogin() {
        Http.Response response = server.http().get("/settings/api");

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.location()).isEqualTo("/login?return_to=%2Fsettings%2Fapi");
    }

    @Test
    void developerPage_withoutApp_showsTheCreateFormWithLabelledFields() {
        Http.Response page = marianne.http().get("/settings/api");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("<label for=\"name\">Application Name</label>")
                .contains("<label for=\"category\">Category</label>")
                .contains("<label for=\"website\">Website</label>")
                .contains("<label for=\"description\">Application Description</label>")
                .contains("<label for=\"callback_domain\">Authorization Callback Domain</label>")
                .contains("<label for=\"icon\">Icon (optional)</label>")
                .contains("enctype=\"multipart/form-data\"");
    }

    @Test
    void create_withValidForm_redirects303_andThePageShowsTheAppWithItsSecretHidden() {
        Http.Response created = create(marianne, validForm());

        assertThat(created.status()).as(created.body()).isEqualTo(303);
        assertThat(created.location()).isEqualTo("/settings/api?notice=created");
        App app = ownedApp("marianne");
        assertThat(app.name()).isEqualTo("Training Log");
        assertThat(app.callbackDomain().host()).isEqualTo("localhost");
        Http.Response page = marianne.http().get(created.location());
        assertThat(text(page, "notice")).isEqualTo("Your application was created.");
        assertThat(text(page, "client-id")).isEqualTo(app.clientId().toString());
        assertThat(text(page, "app-category")).isEqualTo("Training");
        assertThat(text(page, "app-website")).isEqualTo("https://traininglog.example");
        assertThat(text(page, "app-description")).isEqualTo("Keeps a log of your training.");
        assertThat(page.body()).contains("id=\"client-secret-masked\"").doesNotContain("id=\"client-secret\"");
        assertThat(text(page, "capacity")).isEqualTo("10");
    }

    @Test
    void ownerTokens_areReadTokensOfTheOwner_thatWorkOnTheApi_andStayTheSameOnTheNextView() {
        create(marianne, validForm());

        Http.Response page = marianne.http().get("/settings/api");
        String access = text(page, "access-token");
        assertThat(text(page, "access-scope")).isEqualTo("read");
        assertThat(text(page, "access-expires")).isEqualTo("March 1, 2026 16:00 UTC");
        assertThat(text(page, "curl"))
                .contains("Authorization: Bearer " + access)
                .contains("/api/v3/athlete");
        Http.Response athlete = server.http().get("/api/v3/athlete", "Authorization", "Bearer " + access);
        assertThat(athlete.status()).isEqualTo(200);
        assertThat(athlete.json().get("username").asString()).isEqualTo("marianne");
        assertThat(server.http()
                        .get("/api/v3/athlete/activities", "Authorization", "Bearer " + access)
                        .status())
                .isEqualTo(401);

        Http.Response again = marianne.http().get("/settings/api");
        assertThat(text(again, "access-token")).isEqualTo(access);
        assertThat(text(again, "refresh-token")).isEqualTo(text(page, "refresh-token"));
        assertThat(text(again, "connected")).isEqualTo("1");
        assertThat(again.body())
                .containsPattern(
                        "id=\"limit-overall\">\\s*<th scope=\"row\">Overall</th>\\s*<td>2 / 200</td>\\s*<td>2 / 2000</td>")
                .containsPattern(
                        "id=\"limit-read\">\\s*<th scope=\"row\">Read</th>\\s*<td>2 / 100</td>\\s*<td>2 / 1000</td>");
    }

    @Test
    void ownerTokens_nearTheirExpiry_areReplacedByNewOnes() {
        create(marianne, validForm());
        String access = text(marianne.http().get("/settings/api"), "access-token");

        server.clock().advance(Duration.ofHours(6));

        String renewed = text(marianne.http().get("/settings/api"), "access-token");
        assertThat(renewed).isNotEqualTo(access);
        Http.Response athlete = server.http().get("/api/v3/athlete", "Authorization", "Bearer " + renewed);
        assertThat(athlete.status()).as(athlete.body()).isEqualTo(200);
    }

    @Test
    void showSecret_rightAfterLogin_showsTheSecret_whichTheTokenEndpointAccepts() {
        create(marianne, validForm());

        Http.Response shown = showSecret(marianne, Map.of());

        assertThat(shown.status()).as(shown.body()).isEqualTo(200);
        String secret = text(shown, "client-secret");
        assertThat(secret).matches("[0-9a-f]{40}");
        AppService.CreatedApp app = new AppService.CreatedApp(ownedApp("marianne"), new Secret(secret));
        assertThat(Flows.tokens(server, app, "pierre", "read")
                        .get("access_token")
                        .asString())
                .hasSize(40);
    }

    @Test
    void showSecret_afterAFewMinutes_asksForThePassword_andShowsItOnlyWithTheRightOne() {
        create(marianne, validForm());
        server.clock().advance(DeveloperEndpoint.RECENT_LOGIN.plusMinutes(1));
        assertThat(marianne.http().get("/settings/api").body()).contains("<label for=\"password\">");

        Http.Response asked = showSecret(marianne, Map.of());
        assertThat(asked.status()).isEqualTo(401);
        assertThat(text(asked, "password-error")).isEqualTo("Enter your password to show the secret.");
        assertThat(asked.body()).doesNotContain("id=\"client-secret\"");

        Http.Response wrong = showSecret(marianne, Map.of("password", "not the password"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(text(wrong, "password-error")).isEqualTo("The password did not match. Please try again.");
        assertThat(wrong.body()).doesNotContain("id=\"client-secret\"");

        Http.Response right = showSecret(marianne, Map.of("password", TestServer.PASSWORD));
        assertThat(right.status()).isEqualTo(200);
        assertThat(text(right, "client-secret")).matches("[0-9a-f]{40}");
    }

    @Test
    void resetSecret_afterConfirmation_killsTheOldSecretAtOnce_andShowsTheNewOne() {
        create(marianne, validForm());
        String old = text(showSecret(marianne, Map.of()), "client-secret");
        Http.Response confirm = marianne.http().get("/settings/api?confirm=reset-secret");
        assertThat(confirm.body())
                .contains("Reset the client secret?")
                .contains("action=\"/settings/api/secret/reset\"");

        Http.Response reset =
                marianne.http().postForm("/settings/api/secret/reset", Http.form("csrf", confirm.inputValue("csrf")));

        assertThat(reset.status()).isEqualTo(303);
        assertThat(reset.location()).isEqualTo("/settings/api?notice=secret-reset");
        App app = ownedApp("marianne");
        Http.Response refused = tokenRequest(app, old);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("invalid_client");
        String fresh = text(showSecret(marianne, Map.of()), "client-secret");
        assertThat(fresh).isNotEqualTo(old);
        assertThat(tokenRequest(app, fresh).body()).doesNotContain("invalid_client");
    }

    @Test
    void resetSecret_byTheCli_leavesThePageNothingToShow_butTheNewSecretWorks() {
        create(marianne, validForm());
        App app = ownedApp("marianne");

        server.switchback().apps().rotateSecret(app.clientId());

        Http.Response shown = showSecret(marianne, Map.of());
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.body()).contains("id=\"secret-unavailable\"").doesNotContain("id=\"client-secret\"");
    }

    @Test
    void edit_changesEveryField_andKeepsTheSecretAndTokens() {
        create(marianne, validForm());
        App before = ownedApp("marianne");
        Http.Response form = marianne.http().get("/settings/api?edit=1");
        assertThat(form.inputValue("name")).isEqualTo("Training Log");
        Map<String, String> edited = new LinkedHashMap<>(validForm());
        edited.put("name", "Training Log 2");
        edited.put("category", "Visualizer");
        edited.put("website", "https://two.example");
        edited.put("description", "Second edition.");
        edited.put("callback_domain", "two.example");

        Http.Response saved = new Multipart()
                .field("csrf", form.inputValue("csrf"))
                .fields(edited)
                .file("icon", "icon.png", "image/png", PNG)
                .post(marianne.http(), "/settings/api/edit");

        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        App after = ownedApp("marianne");
        assertThat(after.name()).isEqualTo("Training Log 2");
        assertThat(after.callbackDomain().host()).isEqualTo("two.example");
        assertThat(after.secretDigest()).isEqualTo(before.secretDigest());
        Http.Response page = marianne.http().get(saved.location());
        assertThat(text(page, "app-category")).isEqualTo("Visualizer");
        assertThat(text(page, "app-description")).isEqualTo("Second edition.");
        assertThat(page.body()).contains("src=\"data:image/png;base64,");
    }

    @Test
    void delete_afterConfirmation_removesTheApp_withEveryGrantAndToken() {
        create(marianne, validForm());
        String access = text(marianne.http().get("/settings/api"), "access-token");
        App app = ownedApp("marianne");
        String secret = text(showSecret(marianne, Map.of()), "client-secret");
        String pierresToken = Flows.tokens(server, new AppService.CreatedApp(app, new Secret(secret)), "pierre", "read")
                .get("access_token")
                .asString();
        Http.Response confirm = marianne.http().get("/settings/api?confirm=delete");
        assertThat(confirm.body()).contains("Delete Training Log?");

        Http.Response deleted =
                marianne.http().postForm("/settings/api/delete", Http.form("csrf", confirm.inputValue("csrf")));

        assertThat(deleted.status()).isEqualTo(303);
        assertThat(server.switchback().apps().find(app.clientId())).isEmpty();
        for (String token : List.of(access, pierresToken)) {
            assertThat(server.http()
                            .get("/api/v3/athlete", "Authorization", "Bearer " + token)
                            .status())
                    .isEqualTo(401);
        }
        Http.Response page = marianne.http().get(deleted.location());
        assertThat(text(page, "notice")).startsWith("Your application was deleted");
        assertThat(page.body()).contains("id=\"create\"");
    }

    @Test
    void create_aSecondApp_isRefused_andNothingChanges() {
        create(marianne, validForm());
        Map<String, String> second = new LinkedHashMap<>(validForm());
        second.put("name", "Another");

        Http.Response refused = create(marianne, second);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(text(refused, "form-error")).contains("You already have an application");
        assertThat(server.switchback().apps().list()).hasSize(1);
    }

    static Stream<Arguments> badFields() {
        return Stream.of(
                Arguments.of("name", "", "Enter the application's name."),
                Arguments.of("name", "x".repeat(101), "The name must be at most 100 characters."),
                Arguments.of("category", "Spaceflight", "Choose a category."),
                Arguments.of("website", "", "Enter the application's website."),
                Arguments.of("website", "javascript:alert(1)", "The website must be an http:// or https:// address"),
                Arguments.of("description", "d".repeat(1001), "The description must be at most 1000 characters."),
                Arguments.of("description", "d".repeat(5000), "This value is too long or was sent more than once."),
                Arguments.of("callback_domain", "", "Callback domain must not be empty."),
                Arguments.of("callback_domain", "https://example.com", "without scheme, port or path"),
                Arguments.of("callback_domain", "example.com/callback", "without scheme, port or path"),
                Arguments.of("callback_domain", "example.com:8080", "without scheme, port or path"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("badFields")
    void create_withABadField_returnsTheFormWithTheMessageBesideIt_andCreatesNothing(
            String field, String value, String message) {
        Map<String, String> form = new LinkedHashMap<>(validForm());
        form.put(field, value);

        Http.Response refused = create(marianne, form);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(text(refused, field + "-error")).contains(message);
        assertThat(refused.body())
                .contains("aria-describedby=\"" + (field.equals("callback_domain") ? "callback_domain-hint " : "")
                        + field + "-error\"");
        assertThat(server.switchback().apps().list()).isEmpty();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("badFields")
    void edit_withABadField_returnsTheFormWithTheMessageBesideIt_andChangesNothing(
            String field, String value, String message) {
        create(marianne, validForm());
        App before = ownedApp("marianne");
        Map<String, String> form = new LinkedHashMap<>(validForm());
        form.put("name", "Renamed");
        form.put(field, value);

        Http.Response refused =
                new Multipart().field("csrf", csrf()).fields(form).post(marianne.http(), "/settings/api/edit");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(text(refused, field + "-error")).contains(message);
        assertThat(ownedApp("marianne")).isEqualTo(before);
    }

    static Stream<Arguments> badIcons() {
        byte[] tooBig = Arrays.copyOf(PNG, 40 * 1024);
        return Stream.of(
                Arguments.of(
                        "notes.txt",
                        "text/plain",
                        "just text".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        "Icon must be a PNG or JPEG image."),
                Arguments.of(
                        "evil.svg",
                        "image/svg+xml",
                        "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        "Icon must be a PNG or JPEG image."),
                Arguments.of("big.png", "image/png", tooBig, "Icon must be at most 32 KB (got 40 KB)."),
                Arguments.of("empty.png", "image/png", new byte[0], "Icon is an empty file."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badIcons")
    void create_withABadIcon_returnsTheFormWithTheMessageBesideIt_andCreatesNothing(
            String filename, String type, byte[] bytes, String message) {
        Http.Response refused = new Multipart()
                .field("csrf", csrf())
                .fields(validForm())
                .file("icon", filename, type, bytes)
                .post(marianne.http(), "/settings/api");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(text(refused, "icon-error")).isEqualTo(message);
        assertThat(refused.inputValue("name")).isEqualTo("Training Log");
        assertThat(server.switchback().apps().list()).isEmpty();
    }

    @Test
    void create_withAForgedCsrfToken_returns403WithTheForm_andCreatesNothing() {
        Http.Response refused = new Multipart()
                .field("csrf", "0".repeat(64))
                .fields(validForm())
                .post(marianne.http(), "/settings/api");

        assertThat(refused.status()).isEqualTo(403);
        assertThat(text(refused, "form-error")).isEqualTo("This form has expired. Please try again.");
        assertThat(refused.inputValue("name")).isEqualTo("Training Log");
        assertThat(server.switchback().apps().list()).isEmpty();
    }

    @Test
    void everyChange_withAForgedCsrfToken_returns403_andChangesNothing() {
        create(marianne, validForm());
        App before = ownedApp("marianne");
        Map<String, String> forged = Http.form("csrf", "0".repeat(64), "password", TestServer.PASSWORD);

        for (String path : List.of("/settings/api/secret", "/settings/api/secret/reset", "/settings/api/delete")) {
            Http.Response refused = marianne.http().postForm(path, forged);
            assertThat(refused.status()).as(path).isEqualTo(403);
            assertThat(refused.body()).as(path).doesNotContain("id=\"client-secret\"");
        }
        Http.Response edit = new Multipart()
                .fields(forged)
                .fields(validForm())
                .field("name", "Renamed")
                .post(marianne.http(), "/settings/api/edit");
        assertThat(edit.status()).isEqualTo(403);
        assertThat(ownedApp("marianne")).isEqualTo(before);
    }

    @Test
    void anotherAthlete_seesNoneOfTheApp_andCannotChangeIt() {
        create(marianne, validForm());
        App app = ownedApp("marianne");
        Browser pierre = new Browser(server, "pierre").logIn();

        Http.Response page = pierre.http().get("/settings/api");
        assertThat(page.body()).contains("id=\"create\"").doesNotContain("id=\"client-id\"");
        Http.Response delete =
                pierre.http().postForm("/settings/api/delete", Http.form("csrf", page.inputValue("csrf")));

        assertThat(delete.status()).isEqualTo(303);
        assertThat(server.switchback().apps().find(app.clientId())).isPresent();
    }

    @Test
    void icon_isShownOnMyAppsAndOnTheConsentPage_withTheWebsiteAndOwner() {
        Http.Response created = new Multipart()
                .field("csrf", csrf())
                .fields(validForm())
                .file("icon", "icon.png", "image/png", PNG)
                .post(marianne.http(), "/settings/api");
        assertThat(created.status()).as(created.body()).isEqualTo(303);
        App app = ownedApp("marianne");
        String secret = text(showSecret(marianne, Map.of()), "client-secret");
        AppService.CreatedApp withSecret = new AppService.CreatedApp(app, new Secret(secret));

        Browser pierre = new Browser(server, "pierre").logIn();
        Http.Response consent = pierre.authorize(Flows.authorizePath(app.clientId(), "read"));
        assertThat(consent.body())
                .contains("src=\"data:image/png;base64,")
                .contains("<dd id=\"app-owner\">First marianne Last</dd>")
                .contains(">https://traininglog.example</a>");
        Flows.tokens(server, withSecret, "pierre", "read");

        Http.Response myApps = pierre.http().get("/settings/apps");
        assertThat(myApps.body())
                .contains("src=\"data:image/png;base64,")
                .contains("id=\"website-" + app.clientId() + "\">https://traininglog.example</a>");
    }

    // --- helpers --------------------------------------------------------------------------------

    private String csrf() {
        return marianne.http().get("/settings/api").inputValue("csrf");
    }

    private Http.Response create(Browser browser, Map<String, String> form) {
        String csrf = browser.http().get("/settings/api").inputValue("csrf");
        return new Multipart().field("csrf", csrf).fields(form).post(browser.http(), "/settings/api");
    }

    private Http.Response showSecret(Browser browser, Map<String, String> extra) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("csrf", browser.http().get("/settings/api").inputValue("csrf"));
        form.putAll(extra);
        return browser.http().postForm("/settings/api/secret", form);
    }

    private App ownedApp(String username) {
        var athlete = server.switchback().athletes().findByUsername(username).orElseThrow();
        return server.switchback().apps().ownedBy(athlete.id()).orElseThrow();
    }

    private Http.Response tokenRequest(App app, String secret) {
        return server.http()
                .postForm(
                        "/oauth/token",
                        Http.form(
                                "client_id",
                                app.clientId().toString(),
                                "client_secret",
                                secret,
                                "code",
                                "0".repeat(40),
                                "grant_type",
                                "authorization_code"));
    }

    /** The text of the element with this id (its first text node, entities decoded). */
    static String text(Http.Response page, String id) {
        Matcher m =
                Pattern.compile("id=\"" + Pattern.quote(id) + "\"[^>]*>([^<]*)").matcher(page.body());
        if (!m.find()) {
            throw new AssertionError("no element #" + id + " in " + page.body());
        }
        return m.group(1)
                .replace("&amp;", "&")
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&#39;", "'")
                .replace("&#34;", "\"")
                .strip();
    }
}
