package dev.switchback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppService;
import dev.switchback.server.testing.Browser;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real server with an athlete and an app, a private home directory, and the {@code login} command
 * driven to the browser step, where the test plays the browser.
 */
final class LoginFlow implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(30);
    /** Where {@code login} listens, registered as hardened requires: any port of loopback matches it. */
    static final String LOGIN_REDIRECT_URI = "http://127.0.0.1/callback";

    final TestServer server;
    final AppService.CreatedApp app;
    final CliEnvironment environment;
    final Path tokenFile;

    LoginFlow(Path home, Map<String, String> settings) {
        server = TestServer.start(settings);
        server.createAthlete("marianne");
        app = server.createApp("Training Log", "example.com", List.of(LOGIN_REDIRECT_URI));
        environment = new CliEnvironment(server.clock(), Map.of(), home, uri -> false);
        tokenFile = home.resolve("tokens.json");
    }

    /** The login arguments for this server and app (a 60s timeout unless {@code extra} sets one), then {@code extra}. */
    String[] loginArgs(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "login",
                "--client-id",
                app.app().clientId().toString(),
                "--client-secret",
                app.secret().value(),
                "--base-url",
                server.baseUrl(),
                "--token-file",
                tokenFile.toString(),
                "--no-browser"));
        if (!List.of(extra).contains("--timeout")) {
            args.addAll(List.of("--timeout", "60s"));
        }
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    /** Starts {@code login} with {@link #loginArgs} and {@code extra}, and waits for it to print the authorize URL. */
    Started startLogin(String... extra) throws InterruptedException {
        return startLoginWith(loginArgs(extra));
    }

    /** Starts {@code login} with exactly {@code args}, and waits for it to print the authorize URL. */
    Started startLoginWith(String[] args) throws InterruptedException {
        CliWithEnvironment.Running running = CliWithEnvironment.start(environment, args);
        String url = running.awaitLine(
                        line -> line.trim().startsWith("http") && line.contains("/oauth/authorize?"), WAIT)
                .trim();
        return new Started(running, url);
    }

    record Started(CliWithEnvironment.Running running, String authorizeUrl) {
        /** The loopback redirect URI from the authorize URL. */
        String callback() {
            return Http.queryParam(authorizeUrl, "redirect_uri").orElseThrow();
        }

        String state() {
            return Http.queryParam(authorizeUrl, "state").orElseThrow();
        }
    }

    /** The browser: Marianne logs in and ticks {@code ticked} on the consent page; returns the redirect to the loopback. */
    Http.Response approve(Started login, List<String> ticked) {
        Browser browser = new Browser(server, "marianne").logIn();
        Http.Response redirect = browser.approve(browser.authorize(login.authorizeUrl()), ticked);
        assertThat(redirect.status()).as(redirect.body()).isEqualTo(303);
        return redirect;
    }

    /** The browser follows the redirect to the loopback listener. */
    Http.Response follow(Http.Response redirect) {
        return new Http(server.baseUrl()).get(redirect.location());
    }

    /** A whole successful login with {@code scope} ticked. */
    CliWithEnvironment.Result login(List<String> ticked, String... extra) throws Exception {
        Started started = startLogin(extra);
        follow(approve(started, ticked));
        CliWithEnvironment.Result result = started.running().await(WAIT);
        assertThat(result.exit()).as(result.err()).isZero();
        return result;
    }

    CliWithEnvironment.Result run(String... args) {
        return CliWithEnvironment.run(environment, args);
    }

    @Override
    public void close() {
        server.close();
    }
}
