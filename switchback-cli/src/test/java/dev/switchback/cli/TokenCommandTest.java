package dev.switchback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.client.FileTokenStore;
import dev.switchback.client.Tokens;
import dev.switchback.testing.HttpTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code switchback token} and {@code switchback logout} after a real {@code login}. */
@HttpTest
class TokenCommandTest {
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

    private String[] token() {
        return new String[] {"token", "--token-file", flow.tokenFile.toString()};
    }

    private String[] logout() {
        return new String[] {"logout", "--token-file", flow.tokenFile.toString()};
    }

    private Tokens saved() {
        return new FileTokenStore(flow.tokenFile).load().orElseThrow();
    }

    private long grants() {
        return flow.server
                .switchback()
                .database()
                .read(tx -> tx.sql("SELECT COUNT(*) FROM grants").number());
    }

    private int athleteStatus(String accessToken) {
        return flow.server
                .http()
                .get("/api/v3/athlete", "Authorization", "Bearer " + accessToken)
                .status();
    }

    @Test
    void token_printsOnlyTheSavedAccessToken_whileItIsValid() throws Exception {
        flow.login(List.of());
        Tokens tokens = saved();

        CliWithEnvironment.Result result = flow.run(token());

        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo(tokens.accessToken() + "\n");
        assertThat(result.err()).isEmpty();
        assertThat(saved()).isEqualTo(tokens);
    }

    @Test
    void token_nearExpiry_refreshes_savesTheRotatedTokens_andPrintsAWorkingToken() throws Exception {
        flow.login(List.of("activity:read"), "--scope", "read,activity:read");
        Tokens before = saved();
        flow.server.clock().advance(Duration.ofHours(6).minusMinutes(2));

        CliWithEnvironment.Result result = flow.run(token());

        Tokens after = saved();
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out().trim()).isEqualTo(after.accessToken()).isNotEqualTo(before.accessToken());
        assertThat(after.refreshToken()).isNotEqualTo(before.refreshToken());
        assertThat(after.grantedScopes()).containsExactly("read", "activity:read");
        assertThat(new FileTokenStore(flow.tokenFile).metadata()).containsKey("client_secret");
        assertThat(athleteStatus(result.out().trim())).isEqualTo(200);
    }

    @Test
    void token_afterTheGrantWasRevoked_exits1_sayingToLogInAgain() throws Exception {
        flow.login(List.of());
        Tokens tokens = saved();
        flow.server.http().postEmpty("/oauth/deauthorize", "Authorization", "Bearer " + tokens.accessToken());
        flow.server.clock().advance(Duration.ofHours(6));

        CliWithEnvironment.Result result = flow.run(token());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err())
                .isEqualTo(
                        "switchback: error: the saved login is no longer valid: the server refused the refresh "
                                + "token (access was revoked, or the token was rotated elsewhere); run switchback login again\n");
    }

    @Test
    void token_whenTheServerIsDown_exits1_sayingItCannotReachIt_andKeepsTheTokens() throws IOException {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = socket.getLocalPort();
        }
        Tokens expired = new Tokens(
                "a".repeat(40), "b".repeat(40), Instant.parse("2026-01-01T00:00:00Z"), Optional.empty(), List.of());
        new FileTokenStore(flow.tokenFile)
                .save(
                        expired,
                        Map.of(
                                "base_url",
                                "http://127.0.0.1:" + deadPort,
                                "client_id",
                                "1",
                                "client_secret",
                                "c".repeat(40)));

        CliWithEnvironment.Result result = flow.run(token());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err())
                .startsWith("switchback: error: cannot refresh the access token: POST /oauth/token: cannot reach "
                        + "http://127.0.0.1:" + deadPort + " (");
        assertThat(saved()).isEqualTo(expired);
    }

    @Test
    void token_withoutALogin_exits1_sayingToLogIn() {
        CliWithEnvironment.Result result = flow.run(token());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err())
                .isEqualTo("switchback: error: not logged in: no token file at " + flow.tokenFile
                        + "; run switchback login\n");
    }

    @Test
    void token_withACorruptOrForeignFile_exits1_namingTheFile() throws IOException {
        Files.writeString(flow.tokenFile, "{\"access_token\":");
        CliWithEnvironment.Result corrupt = flow.run(token());
        Files.delete(flow.tokenFile);
        new FileTokenStore(flow.tokenFile)
                .save(new Tokens("a".repeat(40), "b".repeat(40), Instant.EPOCH, Optional.empty(), List.of()));
        CliWithEnvironment.Result foreign = flow.run(token());

        assertThat(corrupt.exit()).isEqualTo(1);
        assertThat(corrupt.err()).contains(flow.tokenFile.toString()).contains("not valid JSON");
        assertThat(foreign.exit()).isEqualTo(1);
        assertThat(foreign.err()).contains("has no base_url (it was not written by switchback login)");
    }

    @Test
    void token_defaultFile_isTheOneLoginWroteUnderTheConfigDirectory() throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of(flow.loginArgs()));
        args.subList(args.indexOf("--token-file"), args.indexOf("--token-file") + 2)
                .clear();
        LoginFlow.Started login = flow.startLoginWith(args.toArray(String[]::new));
        flow.follow(flow.approve(login, List.of()));
        assertThat(login.running().await(LoginFlow.WAIT).exit()).isZero();

        CliWithEnvironment.Result result = flow.run("token");

        Path file = home.resolve(".config/switchback/tokens.json");
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out().trim())
                .isEqualTo(new FileTokenStore(file).load().orElseThrow().accessToken());
    }

    @Test
    void logout_deauthorizes_andDeletesTheFile() throws Exception {
        flow.login(List.of());
        Tokens tokens = saved();

        CliWithEnvironment.Result result = flow.run(logout());

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out())
                .isEqualTo("Logged out: the app is deauthorized and " + flow.tokenFile + " is deleted.\n");
        assertThat(flow.tokenFile).doesNotExist();
        assertThat(athleteStatus(tokens.accessToken())).isEqualTo(401);
    }

    @Test
    void logout_withAnExpiredToken_refreshesFirst_thenDeauthorizes() throws Exception {
        flow.login(List.of());
        flow.server.clock().advance(Duration.ofHours(7));

        CliWithEnvironment.Result result = flow.run(logout());

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("Logged out: the app is deauthorized");
        assertThat(flow.tokenFile).doesNotExist();
        assertThat(grants()).isZero();
    }

    @Test
    void logout_afterTheGrantWasRevoked_deletesTheFile_andSaysSo() throws Exception {
        flow.login(List.of());
        flow.server.http().postEmpty("/oauth/deauthorize", "Authorization", "Bearer " + saved().accessToken());

        CliWithEnvironment.Result result = flow.run(logout());

        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("already revoked");
        assertThat(flow.tokenFile).doesNotExist();
    }

    @Test
    void logout_whenTheServerIsDown_exits1_andKeepsTheFile() throws IOException {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = socket.getLocalPort();
        }
        new FileTokenStore(flow.tokenFile)
                .save(
                        new Tokens(
                                "a".repeat(40),
                                "b".repeat(40),
                                Instant.parse("2027-01-01T00:00:00Z"),
                                Optional.empty(),
                                List.of()),
                        Map.of(
                                "base_url",
                                "http://127.0.0.1:" + deadPort,
                                "client_id",
                                "1",
                                "client_secret",
                                "c".repeat(40)));

        CliWithEnvironment.Result result = flow.run(logout());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err())
                .startsWith("switchback: error: cannot deauthorize: POST /oauth/deauthorize: cannot reach")
                .endsWith("so that you can try again\n");
        assertThat(flow.tokenFile).exists();
    }

    @Test
    void logout_withoutALogin_saysSo() {
        CliWithEnvironment.Result result = flow.run(logout());

        assertThat(result.exit()).isZero();
        assertThat(result.out()).startsWith("Not logged in");
    }
}
