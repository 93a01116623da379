package dev.switchback.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.switchback.app.AppService;
import dev.switchback.server.testing.Chromium;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.BrowserTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The authorize flow in a real headless Chromium: log in, untick a scope, authorize, and land on the
 * client's redirect URI (a small HTTP server of the test) with a code for the ticked scopes only.
 */
@BrowserTest
class AuthorizeBrowserTest {
    private static final Duration WAIT = Chromium.WAIT;

    private TestServer server;
    private AppService.CreatedApp app;
    private HttpServer client;
    private final List<String> callbacks = new CopyOnWriteArrayList<>();
    private Chromium chromium;
    private WebDriver driver;

    @BeforeEach
    void start() throws IOException {
        Chromium.require();
        server = TestServer.start();
        server.createAthlete("marianne");
        app = server.createApp("Training Log", "example.com");
        client = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        client.createContext("/cb", exchange -> {
            callbacks.add(exchange.getRequestURI().toString());
            byte[] page = "<!DOCTYPE html><html><body><h1 id=\"received\">Callback received</h1></body></html>"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(page);
            }
        });
        client.start();
        chromium = Chromium.start();
        driver = chromium.driver();
    }

    @AfterEach
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (client != null) {
            client.stop(0);
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void authorize_untickScope_redirectsWithOnlyTickedScopes() {
        driver.get(server.baseUrl() + authorizePath("activity:read_all,profile:read_all", "xyz"));

        logIn();
        WebElement read = driver.findElement(By.id("scope-read"));
        WebElement activity = driver.findElement(By.id("scope-activity:read_all"));
        WebElement profileScope = driver.findElement(By.id("scope-profile:read_all"));
        assertThat(read.isSelected()).isTrue();
        assertThat(read.isEnabled()).isFalse();
        assertThat(activity.isSelected()).isTrue();
        assertThat(profileScope.isSelected()).isTrue();
        profileScope.click();
        assertThat(profileScope.isSelected()).isFalse();
        driver.findElement(By.id("authorize")).click();

        String landed = waitForCallback();
        assertThat(landed)
                .matches(java.util.regex.Pattern.quote(callback() + "?state=xyz&code=") + "[0-9a-f]{40}"
                        + java.util.regex.Pattern.quote("&scope=read,activity:read_all"));
        assertThat(driver.findElement(By.id("received")).getText()).isEqualTo("Callback received");
        assertThat(callbacks).hasSize(1);
        String code = Http.queryParam(landed, "code").orElseThrow();
        JsonNode tokens = Flows.exchange(server, app, code);
        Http.Response athlete = server.http()
                .get(
                        "/api/v3/athlete",
                        "Authorization",
                        "Bearer " + tokens.get("access_token").asString());
        assertThat(athlete.json().get("resource_state").asInt()).isEqualTo(2);
    }

    @Test
    void authorize_cancel_redirectsWithAccessDeniedAndState() {
        driver.get(server.baseUrl() + authorizePath("activity:read", "abc"));

        logIn();
        driver.findElement(By.id("cancel")).click();

        assertThat(waitForCallback()).isEqualTo(callback() + "?state=abc&error=access_denied");
        assertThat(callbacks).containsExactly("/cb?state=abc&error=access_denied");
    }

    private void logIn() {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        assertThat(driver.getCurrentUrl()).startsWith(server.baseUrl() + "/login?return_to=");
        driver.findElement(By.id("username")).sendKeys("marianne");
        driver.findElement(By.id("password")).sendKeys(TestServer.PASSWORD);
        driver.findElement(By.id("login")).click();
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.presenceOfElementLocated(By.id("authorize")));
        assertThat(driver.getTitle()).isEqualTo("Authorize Training Log | Switchback");
    }

    private String waitForCallback() {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.urlContains(callback()));
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.presenceOfElementLocated(By.id("received")));
        return driver.getCurrentUrl();
    }

    private String callback() {
        return "http://127.0.0.1:" + client.getAddress().getPort() + "/cb";
    }

    private String authorizePath(String scope, String state) {
        return "/oauth/authorize?client_id=" + app.app().clientId()
                + "&redirect_uri=" + URLEncoder.encode(callback(), StandardCharsets.UTF_8)
                + "&response_type=code&approval_prompt=force"
                + "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8)
                + "&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8);
    }
}
