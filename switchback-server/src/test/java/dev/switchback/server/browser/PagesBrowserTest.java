package dev.switchback.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.App;
import dev.switchback.app.AppIcon;
import dev.switchback.app.AppProfile;
import dev.switchback.app.AppService;
import dev.switchback.server.testing.Axe;
import dev.switchback.server.testing.Chromium;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.BrowserTest;
import dev.switchback.token.PageSeal;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;

/**
 * Every page at a phone's width (360 px) and a laptop's (1366 px), in a real headless Chromium: nothing scrolls
 * sideways, and axe-core finds no violation of WCAG 2.1 A or AA (contract#pages). My Apps shows cards, Revoke asks
 * for confirmation and leaves a notice; the consent page shows the app's icon, owner and website.
 */
@BrowserTest
class PagesBrowserTest {
    private static final byte[] PNG = Base64.getDecoder()
            .decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    private TestServer server;
    private Chromium chromium;
    private Axe axe;
    private App trainingLog;

    @BeforeEach
    void start() {
        Chromium.require();
        axe = Axe.load();
        server = TestServer.start();
        server.createAthlete("marianne");
        var pierre = server.createAthlete("pierre");
        AppService.CreatedApp created = server.switchback()
                .apps()
                .createOwned(
                        pierre.id(),
                        AppProfile.parse(
                                "Training Log with a rather long name for a small screen",
                                "Training",
                                "https://a-rather-long-website-address.traininglog.example/about/the/app",
                                "Keeps a log.",
                                "localhost"),
                        Optional.of(AppIcon.of(PNG)),
                        PageSeal.random());
        trainingLog = created.app();
        Flows.tokens(server, created, "marianne", "activity:read_all,profile:read_all");
        AppService.CreatedApp zwift = server.createApp("Zwift Sync", "localhost");
        Flows.tokens(server, zwift, "marianne", "read");
        chromium = Chromium.start();
    }

    @AfterEach
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {320, 360, 1366})
    void everyPage_fitsTheWidth_andHasNoAccessibilityViolation(int width) {
        chromium.viewport(width);

        chromium.open(server.baseUrl() + "/settings/apps");
        chromium.waitFor("username");
        check("login", width);
        chromium.byId("password").sendKeys("wrong password");
        chromium.byId("username").sendKeys("marianne");
        chromium.byId("login").click();
        chromium.waitFor("login-error");
        check("login with an error", width);
        chromium.byId("password").sendKeys(TestServer.PASSWORD);
        chromium.byId("login").click();

        chromium.waitFor("apps");
        assertThat(chromium.driver().findElements(By.cssSelector("ul.cards > li")))
                .hasSize(2);
        check("My Apps", width);
        assertThat(chromium.byId("revoke-" + trainingLog.clientId()).isDisplayed())
                .isTrue();

        chromium.byId("revoke-" + trainingLog.clientId()).click();
        chromium.waitFor("confirm-revoke-" + trainingLog.clientId());
        check("My Apps, confirming a revocation", width);
        chromium.byId("confirm-revoke-" + trainingLog.clientId()).click();
        assertThat(chromium.waitFor("notice").getText())
                .isEqualTo("Access revoked for Training Log with a rather long name for a small screen."
                        + " It can no longer use your data.");
        assertThat(chromium.driver().findElements(By.id("app-" + trainingLog.clientId())))
                .isEmpty();
        check("My Apps after a revocation", width);

        chromium.open(
                server.baseUrl() + Flows.authorizePath(trainingLog.clientId(), "activity:read_all,profile:write"));
        chromium.waitFor("authorize");
        assertThat(chromium.byId("app-icon").getAttribute("src")).startsWith("data:image/png;base64,");
        assertThat(chromium.byId("app-owner").getText()).isEqualTo("First pierre Last");
        assertThat(chromium.byId("app-website").getText()).startsWith("https://a-rather-long-website-address");
        check("consent", width);

        chromium.open(server.baseUrl() + "/settings/api");
        chromium.waitFor("create");
        check("My API Application", width);
    }

    private void check(String page, int width) {
        assertThat(chromium.horizontalOverflow())
                .as("%s at %d px scrolls sideways by this many pixels", page, width)
                .isZero();
        assertThat(axe.violations(chromium.driver()))
                .as(
                        "axe-core on %s at %d px (%s)",
                        page, width, chromium.driver().getCurrentUrl())
                .isEmpty();
    }
}
