package dev.switchback.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.client.FileTokenStore;
import dev.switchback.client.Tokens;
import dev.switchback.server.testing.Browser;
import dev.switchback.server.testing.Http;
import dev.switchback.testing.HttpTest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code switchback login} against the real server, with the test playing the browser. */
@HttpTest
class LoginCommandTest {
    @TempDir
    Path home;

    private LoginFlow flow;

    @BeforeEach
    void start() {
        flow = new LoginFlow(home, Map.of());
    }

    @AfterEach
    void stop() {
        flow.close();
    }

    @Test
    void login_loopback_savesTheTokensOwnerOnly_andPrintsWhoLoggedInWithTheGrantedScopes() throws Exception {
        LoginFlow.Started login = flow.startLogin("--scope", "read,activity:read,profile:read_all");
        assertThat(login.callback()).matches("http://127\\.0\\.0\\.1:\\d+/callback");
        assertThat(login.state()).matches("[0-9a-f]{32}");

        Http.Response page = flow.follow(flow.approve(login, List.of("activity:read")));
        CliWithEnvironment.Result result = login.running().await(LoginFlow.WAIT);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("You can close this window");
        assertThat(page.header("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("Waiting up to 1m for the authorization")
                .contains("Logged in to " + flow.server.baseUrl()
                        + " as First marianne Last (marianne), with scopes read,activity:read.")
                .contains("the athlete did not grant them all")
                .contains("Tokens saved to " + flow.tokenFile
                        + " (readable only by you; it holds the client secret too).");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(flow.tokenFile)))
                .isEqualTo("rw-------");
        FileTokenStore store = new FileTokenStore(flow.tokenFile);
        Tokens tokens = store.load().orElseThrow();
        assertThat(tokens.grantedScopes()).containsExactly("read", "activity:read");
        assertThat(store.metadata())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "base_url",
                        flow.server.baseUrl(),
                        "client_id",
                        flow.app.app().clientId().toString(),
                        "client_secret",
                        flow.app.secret().value()));
        assertThat(flow.server
                        .http()
                        .get("/api/v3/athlete", "Authorization", "Bearer " + tokens.accessToken())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void login_whenNoBrowserCanBeOpened_printsTheUrlToOpen() throws Exception {
        String[] args = flow.loginArgs();
        List<String> withBrowser = new java.util.ArrayList<>(List.of(args));
        withBrowser.remove("--no-browser");
        CliWithEnvironment.Running running =
                CliWithEnvironment.start(flow.environment, withBrowser.toArray(String[]::new));

        running.awaitLine(line -> line.equals("Open this URL in your browser to authorize the app:"), LoginFlow.WAIT);
        String url = running.awaitLine(line -> line.contains("/oauth/authorize?"), LoginFlow.WAIT)
                .trim();
        Browser browser = new Browser(flow.server, "marianne").logIn();
        new Http(flow.server.baseUrl())
                .get(browser.approve(browser.authorize(url), List.of()).location());

        assertThat(running.await(LoginFlow.WAIT).exit()).isZero();
    }

    @Test
    void login_whenTheBrowserOpens_saysSoAndStillShowsTheUrl() throws Exception {
        java.util.concurrent.atomic.AtomicReference<java.net.URI> opened =
                new java.util.concurrent.atomic.AtomicReference<>();
        CliEnvironment environment = new CliEnvironment(flow.server.clock(), Map.of(), home, uri -> {
            opened.set(uri);
            return true;
        });
        List<String> args = new java.util.ArrayList<>(List.of(flow.loginArgs("--timeout", "500ms")));
        args.remove("--no-browser");

        CliWithEnvironment.Result result = CliWithEnvironment.run(environment, args.toArray(String[]::new));

        assertThat(opened.get()).isNotNull();
        assertThat(result.out())
                .contains("Opened the authorize page in your browser")
                .contains(opened.get().toString());
    }

    @Test
    void login_deniedByTheAthlete_exits1_andSavesNothing() throws Exception {
        LoginFlow.Started login = flow.startLogin();
        Browser browser = new Browser(flow.server, "marianne").logIn();
        Http.Response redirect = browser.cancel(browser.authorize(login.authorizeUrl()));

        Http.Response page = flow.follow(redirect);
        CliWithEnvironment.Result result = login.running().await(LoginFlow.WAIT);

        assertThat(redirect.locationParam("error")).contains("access_denied");
        assertThat(page.body()).contains("The app was not authorized");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err())
                .isEqualTo("switchback: error: the athlete denied access (error=access_denied); nothing was saved\n");
        assertThat(flow.tokenFile).doesNotExist();
    }

    @Test
    void login_withAStateMismatch_exits1_andDoesNotExchangeTheCode() throws Exception {
        LoginFlow.Started login = flow.startLogin();
        Http.Response redirect = flow.approve(login, List.of());
        String forged = redirect.location().replace("state=" + login.state(), "state=0000");

        Http.Response page = new Http(flow.server.baseUrl()).get(forged);
        CliWithEnvironment.Result result = login.running().await(LoginFlow.WAIT);

        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("state mismatch");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err())
                .startsWith("switchback: error: state mismatch: the redirect did not come from the login");
        assertThat(flow.tokenFile).doesNotExist();
        // The code was never redeemed: the real redirect would still have worked.
        assertThat(flow.server
                        .http()
                        .postForm(
                                "/oauth/token",
                                Http.form(
                                        "client_id",
                                        flow.app.app().clientId().toString(),
                                        "client_secret",
                                        flow.app.secret().value(),
                                        "code",
                                        redirect.locationParam("code").orElseThrow(),
                                        "grant_type",
                                        "authorization_code"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void login_thatNobodyCompletes_timesOutClearly() {
        CliWithEnvironment.Result result = flow.run(flow.loginArgs("--timeout", "1s"));

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err())
                .isEqualTo("switchback: error: timed out after 1s waiting for the authorization in the browser; "
                        + "run switchback login again\n");
        assertThat(flow.tokenFile).doesNotExist();
    }

    @Test
    void login_whenTheServerIsDownForTheExchange_exits1_sayingItCannotReachIt() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = socket.getLocalPort();
        }
        List<String> args = new java.util.ArrayList<>(List.of(flow.loginArgs()));
        args.set(args.indexOf("--base-url") + 1, "http://127.0.0.1:" + deadPort);
        CliWithEnvironment.Running running = CliWithEnvironment.start(flow.environment, args.toArray(String[]::new));
        String url = running.awaitLine(line -> line.contains("/oauth/authorize?"), LoginFlow.WAIT)
                .trim();
        String callback = Http.queryParam(url, "redirect_uri").orElseThrow();
        String state = Http.queryParam(url, "state").orElseThrow();

        new Http(flow.server.baseUrl())
                .get(callback + "?state=" + state + "&code=0123456789abcdef0123456789abcdef01234567&scope=read");
        CliWithEnvironment.Result result = running.await(LoginFlow.WAIT);

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err())
                .startsWith(
                        "switchback: error: the code exchange failed: POST /oauth/token: cannot reach http://127.0.0.1:"
                                + deadPort + " (");
        assertThat(flow.tokenFile).doesNotExist();
    }

    @Test
    void login_withBadOptions_exits1_beforeListening() {
        CliWithEnvironment.Result zeroId = flow.run(
                "login", "--client-id", "0", "--client-secret", "s", "--token-file", flow.tokenFile.toString());
        CliWithEnvironment.Result ftp =
                flow.run("login", "--client-id", "1", "--client-secret", "s", "--base-url", "ftp://example.com");
        CliWithEnvironment.Result badScope = flow.run(flow.loginArgs("--scope", "read,<script>"));

        assertThat(zeroId.exit()).isEqualTo(1);
        assertThat(zeroId.err()).isEqualTo("switchback: error: clientId must be a positive integer (got 0)\n");
        assertThat(ftp.err()).startsWith("switchback: error: baseUrl must be an http or https URL");
        assertThat(badScope.err()).startsWith("switchback: error: scope must be a name such as activity:read");
    }

    @Test
    void login_defaultTokenFile_isUnderXdgConfigHome_elseUnderDotConfig() {
        CliEnvironment xdg =
                new CliEnvironment(flow.server.clock(), Map.of("XDG_CONFIG_HOME", "/xdg"), home, uri -> false);
        CliEnvironment relative =
                new CliEnvironment(flow.server.clock(), Map.of("XDG_CONFIG_HOME", "rel"), home, uri -> false);

        assertThat(xdg.defaultTokenFile()).isEqualTo(Path.of("/xdg/switchback/tokens.json"));
        assertThat(relative.defaultTokenFile()).isEqualTo(home.resolve(".config/switchback/tokens.json"));
        assertThat(flow.environment.defaultTokenFile()).isEqualTo(home.resolve(".config/switchback/tokens.json"));
    }

    @Test
    void help_saysTheTokenFileHoldsTheSecret_ownerOnly() {
        CliWithEnvironment.Result help = flow.run("login", "--help");

        assertThat(help.out())
                .contains("client secret")
                .contains("rw-------")
                .contains("--no-browser")
                .contains("--timeout");
    }

    @Test
    void loopbackListener_answersOtherPaths404_andIsGoneOnceTheLoginEnds() throws Exception {
        LoginFlow.Started login = flow.startLogin();
        Http http = new Http(flow.server.baseUrl());

        assertThat(http.get(login.callback().replace("/callback", "/favicon.ico"))
                        .status())
                .isEqualTo(404);
        flow.follow(flow.approve(login, List.of()));
        assertThat(login.running().await(LoginFlow.WAIT).exit()).isZero();

        assertThatThrownBy(() -> http.get(login.callback() + "?state=" + login.state() + "&code=x"))
                .isInstanceOf(java.io.UncheckedIOException.class);
    }

    @Test
    void login_withPkce_worksAgainstAHardenedServer_whichRefusesItWithout() throws Exception {
        try (LoginFlow hardened = new LoginFlow(home.resolve("hardened"), Map.of("profile", "hardened"))) {
            LoginFlow.Started withoutPkce = hardened.startLogin("--timeout", "3s");
            Browser browser = new Browser(hardened.server, "marianne").logIn();
            assertThat(browser.authorize(withoutPkce.authorizeUrl()).status()).isEqualTo(400);
            assertThat(withoutPkce.running().await(LoginFlow.WAIT).exit()).isEqualTo(1);

            LoginFlow.Started login = hardened.startLogin("--pkce");
            assertThat(login.authorizeUrl()).contains("code_challenge_method=S256");
            hardened.follow(hardened.approve(login, List.of()));

            CliWithEnvironment.Result result = login.running().await(LoginFlow.WAIT);
            assertThat(result.exit()).as(result.err()).isZero();
            assertThat(new FileTokenStore(hardened.tokenFile).load()).isPresent();
        }
    }
}
