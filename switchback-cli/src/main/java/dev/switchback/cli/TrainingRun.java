package dev.switchback.cli;

import dev.switchback.oauth.IssuedTokens;
import dev.switchback.oauth.OAuthPolicy;
import dev.switchback.scope.Scope;
import dev.switchback.scope.ScopeSet;
import dev.switchback.server.DemoData;
import dev.switchback.server.SwitchbackServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code switchback serve --training-run} does once it listens, so that the class-data archive the launcher
 * makes from it ({@code ./switchback archive}, run by the build) holds the classes of a first token and a first API
 * call: a refresh of a grant of the demo app, the athlete and their activities with the new access token, the
 * authorize request and the login page it leads to, and the readiness check, each over HTTP on loopback as a client sends them. Each must answer as it should;
 * anything else fails the run rather than leaving an archive of an error path (the launcher then leaves the archive
 * to the first start).
 */
final class TrainingRun {
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\":\"([0-9a-f]{40})\"");
    private static final Pattern LOCATION = Pattern.compile("(?im)^Location: (?:https?://[^/\\s]+)?(/\\S*)\\s*$");
    private static final Pattern STATUS = Pattern.compile("^HTTP/1\\.1 (\\d{3}) ");

    private final SwitchbackServer server;

    TrainingRun(SwitchbackServer server) {
        this.server = server;
    }

    void run(DemoData.Created demo) {
        IssuedTokens issued = server.switchback()
                .tokens()
                .grantWithoutBrowser(
                        demo.app().app().clientId(),
                        demo.athlete().id(),
                        ScopeSet.of(Scope.READ, Scope.PROFILE_READ_ALL, Scope.ACTIVITY_READ_ALL),
                        OAuthPolicy.ACCESS_TOKEN_TTL);
        String form = "client_id=" + demo.app().app().clientId() + "&client_secret="
                + demo.app().secret().value() + "&grant_type=refresh_token&refresh_token="
                + issued.refreshToken().value();
        String refreshed = send("POST /oauth/token", "Content-Type: application/x-www-form-urlencoded", form);
        Matcher token = ACCESS_TOKEN.matcher(refreshed);
        if (!token.find()) {
            throw new IllegalStateException("the training refresh returned no access token");
        }
        String bearer = "Authorization: Bearer " + token.group(1);
        send("GET /api/v3/athlete", bearer, "");
        send("GET /api/v3/athlete/activities?per_page=5", bearer, "");
        String toLogin = send("GET " + demo.authorizeUrl(""), "", "", 302);
        Matcher location = LOCATION.matcher(toLogin);
        if (!location.find()) {
            throw new IllegalStateException("the training run's authorize answer has no Location");
        }
        send("GET " + location.group(1), "", "");
        send("GET /health/ready", "", "");
    }

    /** One request on its own connection; its 200 answer. */
    private String send(String requestLine, String header, String body) {
        return send(requestLine, header, body, 200);
    }

    /** One request on its own connection; its answer, which must have {@code expected} status. */
    private String send(String requestLine, String header, String body, int expected) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String head = requestLine + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nConnection: close\r\n"
                + (header.isEmpty() ? "" : header + "\r\n")
                + (content.length > 0 ? "Content-Length: " + content.length + "\r\n" : "")
                + "\r\n";
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher status = STATUS.matcher(answer);
            if (!status.find() || Integer.parseInt(status.group(1)) != expected) {
                throw new IllegalStateException("the training run's " + requestLine.replaceFirst("\\?.*", "")
                        + " was answered " + (status.find(0) ? status.group(1) : "with no status line"));
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
