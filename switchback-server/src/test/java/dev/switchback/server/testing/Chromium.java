package dev.switchback.server.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium through Debian's chromedriver, for the browser tests: named explicitly, so that
 * Selenium Manager never downloads anything. Missing, the test is skipped with the reason; with {@code CI=true}
 * it fails instead.
 */
public final class Chromium implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Bounds each wait for Chromium (a cold start on a busy machine takes seconds); never a speed. */
    public static final Duration WAIT = Duration.ofSeconds(120);

    private final Path profile;
    private final ChromeDriver driver;

    private Chromium(Path profile, ChromeDriver driver) {
        this.profile = profile;
        this.driver = driver;
    }

    /** Skips the test (fails it under {@code CI=true}) when Chromium or chromedriver is missing. */
    public static void require() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        String message = "browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                + " (apt-get install chromium chromium-driver); missing: "
                + (Files.isExecutable(CHROMIUM) ? "" : CHROMIUM + " ")
                + (Files.isExecutable(CHROMEDRIVER) ? "" : CHROMEDRIVER);
        skipOrFail(message);
    }

    /** The test stops here: skipped with {@code message}, or failed with it under {@code CI=true}. */
    public static void skipOrFail(String message) {
        if ("true".equals(System.getenv("CI"))) {
            fail(message + " (CI=true, so this is a failure, not a skip)");
        }
        Assumptions.abort(message + " (skipped; set CI=true to make this a failure)");
    }

    /** Starts a headless Chromium with a profile of its own (after {@link #require()}). */
    public static Chromium start() {
        require();
        try {
            Path profile = Files.createTempDirectory("switchback-chromium");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .withTimeout(WAIT)
                    .build();
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments(
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--user-data-dir=" + profile);
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(WAIT);
            return new Chromium(profile, driver);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** The viewport is {@code width} CSS pixels wide (a phone at 360, a laptop at 1366), as a device would be. */
    public void viewport(int width) {
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", 800, "deviceScaleFactor", 1, "mobile", width < 600));
    }

    /** How far the page is wider than the viewport, in CSS pixels: 0 when nothing scrolls sideways. */
    public long horizontalOverflow() {
        Object overflow = driver.executeScript("return Math.max(document.documentElement.scrollWidth,"
                + " document.body.scrollWidth) - document.documentElement.clientWidth;");
        return ((Number) overflow).longValue();
    }

    public void open(String url) {
        driver.get(url);
    }

    /** The element with this id, once it is there. */
    public WebElement waitFor(String id) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.presenceOfElementLocated(By.id(id)));
    }

    public WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    /** Logs in on the login form the browser is on (or was sent to). */
    public void logIn(String username) {
        waitFor("username").sendKeys(username);
        byId("password").sendKeys(TestServer.PASSWORD);
        byId("login").click();
    }

    @Override
    public void close() {
        driver.quit();
        deleteRecursively(profile);
    }

    private static void deleteRecursively(Path directory) {
        try (var files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
