package dev.switchback.server.testing;

import dev.switchback.app.AppIcon;
import dev.switchback.app.AppProfile;
import dev.switchback.app.AppService;
import dev.switchback.token.PageSeal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;

/**
 * Screenshots of every page at a phone's width (360 px) and a laptop's (1366 px), into {@code docs/images/}, for
 * the README: {@code mvn -B -o -Pscreenshots -pl switchback-server -am test-compile}. A real server on a
 * temporary database, with made-up athletes and apps, driven by Debian's headless Chromium.
 */
public final class Screenshots {
    private static final int[] WIDTHS = {360, 1366};
    /** A 16x16 orange square with a white diamond, as a PNG: the demo app's icon. */
    private static final String ICON =
            "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAANklEQVR4nGP4E8RAEiJN9QBq+A8GxGr4jwQIa/iPAfBpwFSNqYcyDSQ7iRxPkxOsdIlpamoAAIp5kWiYd++AAAAAAElFTkSuQmCC";

    private Screenshots() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/images").toAbsolutePath();
        Files.createDirectories(out);
        try (TestServer server = TestServer.start(Map.of());
                Receiver receiver = Receiver.start();
                Chromium chromium = Chromium.start()) {
            server.createAthlete("marianne");
            var pierre = server.createAthlete("pierre");
            AppService.CreatedApp trainingLog = server.switchback()
                    .apps()
                    .createOwned(
                            pierre.id(),
                            AppProfile.parse(
                                    "Training Log",
                                    "Training",
                                    "https://traininglog.example",
                                    "Keeps a log of your training, with charts of every week.",
                                    "localhost"),
                            Optional.of(AppIcon.of(Base64.getDecoder().decode(ICON))),
                            PageSeal.random());
            String access = Flows.tokens(server, trainingLog, "marianne", "activity:read_all,profile:read_all")
                    .get("access_token")
                    .asString();
            subscribe(server, trainingLog, receiver);
            aMorningOfUse(server, access);
            Flows.tokens(server, server.createApp("Zwift Sync", "localhost"), "marianne", "read,activity:write");
            for (int width : WIDTHS) {
                chromium.viewport(width);
                chromium.open(server.baseUrl() + "/login");
                shoot(chromium, out.resolve("login-" + width + ".png"));
            }
            chromium.open(server.baseUrl() + "/login");
            chromium.logIn("pierre");
            chromium.waitFor("logout");
            chromium.open(server.baseUrl() + "/settings/api");
            chromium.waitFor("client-id");
            for (int width : WIDTHS) {
                chromium.viewport(width);
                chromium.open(server.baseUrl() + "/settings/api");
                shoot(chromium, out.resolve("developer-" + width + ".png"));
            }
            chromium.driver().manage().deleteAllCookies();
            chromium.open(server.baseUrl() + "/login");
            chromium.logIn("marianne");
            chromium.waitFor("logout");
            for (int width : WIDTHS) {
                chromium.viewport(width);
                chromium.open(server.baseUrl() + "/settings/apps");
                shoot(chromium, out.resolve("my-apps-" + width + ".png"));
                chromium.open(server.baseUrl()
                        + Flows.authorizePath(
                                trainingLog.app().clientId(), "activity:read_all,profile:read_all,activity:write"));
                chromium.waitFor("authorize");
                shoot(chromium, out.resolve("consent-" + width + ".png"));
            }
        }
        System.out.println("screenshots written to " + out);
    }

    /** Training Log's webhook subscription, with a few activities of Marianne's sent to it. */
    private static void subscribe(TestServer server, AppService.CreatedApp app, Receiver receiver) {
        Flows.subscribe(server, app, receiver.url("/strava/events"));
        var marianne = server.switchback().athletes().findByUsername("marianne").orElseThrow();
        for (int day = 1; day <= 3; day++) {
            server.switchback()
                    .activities()
                    .importTrack(
                            marianne.id(),
                            dev.switchback.api.testing.TestTracks.ride(TestServer.START.minus(Duration.ofDays(day))),
                            dev.switchback.api.activity.TrackImport.of(
                                    dev.switchback.api.activity.Visibility.EVERYONE));
        }
        receiver.awaitEvents("/strava/events", 3);
    }

    /** Four hours of an app's calls, a little different each quarter hour, for the usage chart. */
    private static void aMorningOfUse(TestServer server, String access) {
        for (int quarter = 0; quarter < 16; quarter++) {
            int calls = 2 + (quarter * 7) % 9;
            for (int call = 0; call < calls; call++) {
                server.http().get("/api/v3/athlete", "Authorization", "Bearer " + access);
            }
            server.clock().advance(Duration.ofMinutes(15));
        }
    }

    /** The whole page, however long: the viewport is made as tall as the document first. */
    private static void shoot(Chromium chromium, Path file) throws IOException {
        chromium.waitFor("main");
        long width =
                ((Number) chromium.driver().executeScript("return document.documentElement.clientWidth;")).longValue();
        long height =
                ((Number) chromium.driver().executeScript("return document.documentElement.scrollHeight;")).longValue();
        chromium.driver()
                .executeCdpCommand(
                        "Emulation.setDeviceMetricsOverride",
                        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 600));
        chromium.driver().findElement(By.tagName("body"));
        Files.write(file, chromium.driver().getScreenshotAs(OutputType.BYTES));
        chromium.viewport((int) width);
    }
}
