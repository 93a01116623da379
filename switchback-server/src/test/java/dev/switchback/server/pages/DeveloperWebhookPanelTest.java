package dev.switchback.server.pages;

import static dev.switchback.server.pages.DeveloperPageTest.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppService;
import dev.switchback.athlete.Athlete;
import dev.switchback.server.testing.Browser;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.Receiver;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The developer page's webhook subscription and its latest deliveries (contract#developer-page), with events
 * delivered to a real receiver on loopback: the app's own events and how they went, never another app's; how to
 * subscribe when the app has no subscription.
 */
@HttpTest
class DeveloperWebhookPanelTest {
    private TestServer server;
    private Receiver receiver;
    private Athlete runner;
    private AppService.CreatedApp marianneApp;
    private AppService.CreatedApp pierreApp;

    @BeforeEach
    void start() {
        server = TestServer.start();
        receiver = Receiver.start();
        server.createAthlete("marianne");
        server.createAthlete("pierre");
        runner = server.createAthlete("runner");
        marianneApp = server.createApp("Training Log", "localhost", Optional.of("marianne"), 10);
        pierreApp = server.createApp("Ride Diary", "localhost", Optional.of("pierre"), 10);
    }

    @AfterEach
    void stop() {
        receiver.close();
        server.close();
    }

    @Test
    void anAppWithoutSubscription_isToldHowToCreateOne() {
        Http.Response page = marianne().get("/settings/api");

        assertThat(text(page, "subscription-none")).startsWith("This application has no webhook subscription.");
        assertThat(page.body()).contains("<code>POST /api/v3/push_subscriptions</code>");
    }

    @Test
    void deliveredEvents_appearOnTheirAppsPage_withTheSubscription_andNoneOfAnotherApps() {
        long subscription = subscribe(marianneApp, "/marianne");
        subscribe(pierreApp, "/pierre");
        String marianneBearer = bearer(marianneApp);
        String pierreBearer = bearer(pierreApp);
        long activity = manualActivity(marianneBearer);
        Http.Response deauthorized =
                server.http().postForm("/oauth/deauthorize", Http.form("access_token", pierreBearer));
        assertThat(deauthorized.status()).as(deauthorized.body()).isEqualTo(200);
        receiver.awaitEvents("/marianne", 1);
        receiver.awaitEvents("/pierre", 2);

        Http.Response page = pageOnceSettled(marianne());

        assertThat(text(page, "subscription-id")).isEqualTo(Long.toString(subscription));
        assertThat(text(page, "subscription-callback")).isEqualTo(receiver.url("/marianne"));
        assertThat(text(page, "subscription-created")).isEqualTo("March 1, 2026 10:00:00 UTC");
        assertThat(page.body())
                .containsPattern("<th scope=\"row\">create activity " + activity
                        + "</th><td>March 1, 2026 10:00:00 UTC</td><td>Delivered \\(HTTP 200\\)</td><td>1</td>")
                .doesNotContain("/pierre")
                .doesNotContain("update athlete " + runner.id().value());
        assertThat(page.body().split("id=\"delivery-", -1)).hasSize(2);
        Http.Response pierres =
                pageOnceSettled(new Browser(server, "pierre").logIn().http());
        assertThat(pierres.body())
                .contains("update athlete " + runner.id().value())
                .contains("create activity " + activity)
                .doesNotContain("/marianne");
    }

    private Http marianne() {
        return new Browser(server, "marianne").logIn().http();
    }

    private long subscribe(AppService.CreatedApp app, String path) {
        return Flows.subscribe(server, app, receiver.url(path));
    }

    private String bearer(AppService.CreatedApp app) {
        return Flows.tokens(server, app, "runner", "activity:read,activity:write")
                .get("access_token")
                .asString();
    }

    private long manualActivity(String accessToken) {
        return Flows.manualRun(server, "Bearer " + accessToken, "2026-03-01 10:04:26 +0100");
    }

    /**
     * The page once no delivery it shows is pending: the receiver has the event before the dispatcher records
     * its answer. Waits up to {@link Receiver#PATIENCE}.
     */
    private static Http.Response pageOnceSettled(Http browser) {
        long deadline = System.nanoTime() + Receiver.PATIENCE.toNanos();
        Http.Response page = browser.get("/settings/api");
        while (page.body().contains("<td>Pending") && System.nanoTime() < deadline) {
            pause();
            page = browser.get("/settings/api");
        }
        return page;
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
