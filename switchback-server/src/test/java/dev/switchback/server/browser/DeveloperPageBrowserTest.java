package dev.switchback.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.App;
import dev.switchback.app.AppService;
import dev.switchback.server.testing.Axe;
import dev.switchback.server.testing.Chromium;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.Receiver;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.BrowserTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * My API Application in a real headless Chromium (contract#developer-page): create the app, see it, show the
 * secret, reset it (the old one is refused by the token endpoint at once), use the page's access token on the API,
 * edit, delete; axe-core finds no WCAG 2.1 A/AA violation on any state of the page, the day's usage chart and the
 * webhook deliveries included, and at 320 px nothing scrolls sideways.
 */
@BrowserTest
class DeveloperPageBrowserTest {
    private static final byte[] PNG = Base64.getDecoder()
            .decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    private TestServer server;
    private Chromium chromium;
    private Axe axe;
    private Path icon;

    @BeforeEach
    void start() throws IOException {
        Chromium.require();
        axe = Axe.load();
        server = TestServer.start();
        server.createAthlete("marianne");
        chromium = Chromium.start();
        icon = Files.createTempFile("icon", ".png");
        Files.write(icon, PNG);
    }

    @AfterEach
    void stop() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.close();
        }
        if (icon != null) {
            Files.deleteIfExists(icon);
        }
    }

    @Test
    void developerPage_endToEnd_createShowResetUseEditDelete() {
        chromium.open(server.baseUrl() + "/settings/api");
        chromium.logIn("marianne");
        chromium.waitFor("create");
        assertThat(chromium.driver().getTitle()).isEqualTo("My API Application | Switchback");
        assertAccessible("the create form");

        // A callback domain with a scheme comes back with the message beside the field, and nothing is created.
        fillForm("Training Log", "https://example.com");
        chromium.byId("create").click();
        assertThat(chromium.waitFor("callback_domain-error").getText()).contains("without scheme, port or path");
        assertThat(chromium.byId("name").getAttribute("value")).isEqualTo("Training Log");
        assertThat(server.switchback().apps().list()).isEmpty();
        assertAccessible("the form with an error");

        chromium.byId("callback_domain").clear();
        chromium.byId("callback_domain").sendKeys("localhost");
        chromium.byId("icon").sendKeys(icon.toString());
        chromium.byId("create").click();
        assertThat(chromium.waitFor("notice").getText()).isEqualTo("Your application was created.");
        App app = server.switchback().apps().list().get(0);
        assertThat(chromium.byId("client-id").getText())
                .isEqualTo(app.clientId().toString());
        assertThat(chromium.byId("app-icon").getAttribute("src")).startsWith("data:image/png;base64,");
        assertAccessible("the app");

        // Show (the login is recent: no password asked), then Reset: the old secret dies at once.
        chromium.byId("show-secret").click();
        String secret = chromium.waitFor("client-secret").getText();
        assertThat(secret).matches("[0-9a-f]{40}");
        assertThat(tokenRequest(app, secret).body())
                .contains("AuthorizationCode")
                .doesNotContain("invalid_client");
        chromium.byId("reset-secret").click();
        assertAccessible("the reset confirmation");
        chromium.waitFor("confirm-reset").click();
        assertThat(chromium.waitFor("notice").getText()).contains("A new client secret was created");
        Http.Response refused = tokenRequest(app, secret);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("invalid_client");
        chromium.byId("show-secret").click();
        assertThat(chromium.waitFor("client-secret").getText())
                .isNotEqualTo(secret)
                .matches("[0-9a-f]{40}");

        // The access token the page shows works on the API, with read.
        String access = chromium.byId("access-token").getText();
        Http.Response athlete = server.http().get("/api/v3/athlete", "Authorization", "Bearer " + access);
        assertThat(athlete.status()).isEqualTo(200);
        assertThat(athlete.json().get("username").asString()).isEqualTo("marianne");

        // Edit, with the keyboard only: focus the link, press Enter.
        chromium.byId("edit").sendKeys(Keys.ENTER);
        chromium.waitFor("save");
        WebElement name = chromium.byId("name");
        assertAccessible("the edit form");
        name.clear();
        name.sendKeys("Training Log Pro");
        chromium.byId("save").click();
        assertThat(chromium.waitFor("notice").getText()).isEqualTo("Your application was updated.");
        assertThat(chromium.byId("app-name").getText()).isEqualTo("Training Log Pro");

        chromium.byId("delete").click();
        assertAccessible("the delete confirmation");
        chromium.waitFor("confirm-delete").click();
        assertThat(chromium.waitFor("notice").getText()).startsWith("Your application was deleted");
        assertThat(server.switchback().apps().list()).isEmpty();
        assertThat(server.http()
                        .get("/api/v3/athlete", "Authorization", "Bearer " + access)
                        .status())
                .isEqualTo(401);
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {320, 1366})
    void developerPage_withTodaysUsageAndWebhookDeliveries_fitsTheWidth_andHasNoAccessibilityViolation(int width) {
        AppService.CreatedApp app = server.createApp("Training Log", "localhost", Optional.of("marianne"), 10);
        try (Receiver receiver = Receiver.start()) {
            Flows.subscribe(server, app, receiver.url("/hook"));
            String bearer = "Bearer "
                    + Flows.tokens(server, app, "marianne", "activity:read,activity:write")
                            .get("access_token")
                            .asString();
            server.http().get("/api/v3/athlete", "Authorization", bearer);
            server.clock().advance(Duration.ofMinutes(50));
            Flows.manualRun(server, bearer, "2026-03-01 10:04:26 +0100");
            receiver.awaitEvents("/hook", 1);

            chromium.viewport(width);
            chromium.open(server.baseUrl() + "/settings/api");
            chromium.logIn("marianne");
            chromium.waitFor("deliveries");
            // the subscription's creation counts too, as every push_subscriptions call does
            assertThat(chromium.byId("bar-1000").getAttribute("data-overall")).isEqualTo("2");
            assertThat(chromium.byId("bar-1045").getAttribute("data-read")).isEqualTo("0");
            chromium.driver()
                    .findElement(By.cssSelector("#usage-details summary"))
                    .sendKeys(Keys.ENTER);
            assertThat(chromium.byId("usage-table").isDisplayed()).isTrue();
            assertThat(chromium.horizontalOverflow())
                    .as("the page at %d px scrolls sideways by this many pixels", width)
                    .isZero();
            assertAccessible("the app with today's usage and its webhook deliveries");
        }
    }

    private void fillForm(String name, String domain) {
        chromium.byId("name").sendKeys(name);
        new Select(chromium.byId("category")).selectByVisibleText("Training");
        chromium.byId("website").sendKeys("https://traininglog.example");
        chromium.byId("description").sendKeys("Keeps a log of your training.");
        chromium.byId("callback_domain").sendKeys(domain);
    }

    private void assertAccessible(String state) {
        assertThat(axe.violations(chromium.driver()))
                .as("axe-core on %s (%s)", state, chromium.driver().getCurrentUrl())
                .isEmpty();
        assertThat(chromium.driver().findElement(By.tagName("html")).getAttribute("lang"))
                .isEqualTo("en");
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
}
