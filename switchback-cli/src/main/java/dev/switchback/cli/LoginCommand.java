package dev.switchback.cli;

import dev.switchback.client.FileTokenStore;
import dev.switchback.client.Pkce;
import dev.switchback.client.StravaClient;
import dev.switchback.client.StravaException;
import dev.switchback.client.Tokens;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchback login}: the authorization code flow for a command line (RFC 8252): a one-shot
 * loopback listener, the system browser, a {@code state} check, the code exchange, the tokens saved.
 */
@Command(
        name = "login",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Authorize an app as an athlete, in the browser, and save the tokens.",
            "Listens once on 127.0.0.1 (a random port) for the redirect, opens the authorize page in the system "
                    + "browser (or prints its URL), waits, checks state, exchanges the code and saves the tokens.",
            "The token file also holds the base URL, the client id and the client secret (`token` needs the secret "
                    + "to refresh); it is created readable and writable only by you (rw-------)."
        })
final class LoginCommand implements Callable<Integer> {
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);

    @Option(names = "--client-id", required = true, paramLabel = "ID", description = "The app's client id.")
    long clientId;

    @Option(names = "--client-secret", required = true, paramLabel = "SECRET", description = "The app's client secret.")
    String clientSecret;

    @Option(
            names = "--scope",
            split = ",",
            paramLabel = "SCOPES",
            defaultValue = "read",
            description = "Scopes to request, comma-separated. Default: ${DEFAULT-VALUE}.")
    List<String> scopes;

    @Option(
            names = "--base-url",
            paramLabel = "URL",
            defaultValue = "https://www.strava.com",
            description = "The server. Default: ${DEFAULT-VALUE}.")
    String baseUrl;

    @Mixin
    TokenFileOption tokenFile;

    @Option(names = "--no-browser", description = "Print the authorize URL instead of opening a browser.")
    boolean noBrowser;

    @Option(
            names = "--pkce",
            description = "Send a PKCE challenge (RFC 7636, S256), as a Switchback server in the "
                    + "hardened profile requires. strava.com does not document PKCE.")
    boolean pkce;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "120s",
            converter = DurationConverter.class,
            description = "How long to wait for the browser: 90s, 5m... Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Spec
    CommandSpec spec;

    private final CliEnvironment environment;

    LoginCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws InterruptedException {
        scopes = scopes.stream()
                .map(String::trim)
                .filter(scope -> !scope.isEmpty())
                .toList();
        client(Optional.empty()); // rejects bad options before anything listens
        Path file = tokenFile.resolve(environment);
        String state = HexFormat.of().formatHex(randomBytes());
        try (LoopbackReceiver receiver = LoopbackReceiver.start(state)) {
            StravaClient client = client(Optional.of(receiver.redirectUri()));
            Optional<Pkce> proof = pkce ? Optional.of(Pkce.generate()) : Optional.empty();
            URI authorize = proof.map(p -> client.authorizeUrl(scopes, state, StravaClient.ApprovalPrompt.AUTO, p))
                    .orElseGet(() -> client.authorizeUrl(scopes, state, StravaClient.ApprovalPrompt.AUTO));
            showAuthorizePage(authorize);
            Map<String, String> callback = awaitCallback(receiver);
            Tokens tokens = exchange(client, checked(callback, state), proof);
            new FileTokenStore(file).save(tokens, SavedLogin.metadata(client, clientSecret));
            printLoggedIn(client, tokens, file);
        }
        return 0;
    }

    private StravaClient client(Optional<URI> redirectUri) {
        StravaClient.Builder builder = StravaClient.builder()
                .baseUrl(baseUrl)
                .clientId(clientId)
                .clientSecret(clientSecret)
                .clock(environment.clock());
        redirectUri.ifPresent(uri -> builder.redirectUri(uri.toString()));
        return builder.build();
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private void showAuthorizePage(URI authorize) {
        PrintWriter out = spec.commandLine().getOut();
        boolean opened = !noBrowser && environment.browser().open(authorize);
        out.println(
                opened
                        ? "Opened the authorize page in your browser. If nothing opened, visit this URL:"
                        : "Open this URL in your browser to authorize the app:");
        out.println();
        out.println("  " + authorize);
        out.println();
        out.println(
                "Waiting up to " + DurationConverter.format(timeout) + " for the authorization (Ctrl+C to cancel)...");
        out.flush();
    }

    private Map<String, String> awaitCallback(LoopbackReceiver receiver) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("timed out after " + DurationConverter.format(timeout)
                        + " waiting for the authorization in the browser; run switchback login again");
            }
            Optional<Map<String, String>> callback =
                    receiver.await(Duration.ofNanos(Math.min(left, PROGRESS_EVERY.toNanos())));
            if (callback.isPresent()) {
                return callback.get();
            }
            Duration stillLeft = Duration.ofNanos(deadline - System.nanoTime());
            if (stillLeft.toSeconds() >= 1) {
                spec.commandLine()
                        .getOut()
                        .println("Still waiting (" + DurationConverter.format(Duration.ofSeconds(stillLeft.toSeconds()))
                                + " left)...");
                spec.commandLine().getOut().flush();
            }
        }
    }

    /** The state first (a response to another login is not to be trusted at all), then the outcome. */
    private static Map<String, String> checked(Map<String, String> callback, String state) {
        if (!state.equals(callback.get("state"))) {
            throw new IllegalStateException(
                    "state mismatch: the redirect did not come from the login that was started; "
                            + "nothing was saved");
        }
        String error = callback.get("error");
        if ("access_denied".equals(error)) {
            throw new IllegalStateException("the athlete denied access (error=access_denied); nothing was saved");
        }
        if (error != null) {
            throw new IllegalStateException("the authorization failed (error=" + error + "); nothing was saved");
        }
        if (callback.getOrDefault("code", "").isEmpty()) {
            throw new IllegalStateException("the redirect carried no code; nothing was saved");
        }
        return callback;
    }

    private static Tokens exchange(StravaClient client, Map<String, String> callback, Optional<Pkce> proof) {
        try {
            return client.exchange(callback.get("code"), callback.get("scope"), proof.orElse(null));
        } catch (StravaException e) {
            throw new IllegalStateException("the code exchange failed: " + e.getMessage(), e);
        }
    }

    private void printLoggedIn(StravaClient client, Tokens tokens, Path file) {
        PrintWriter out = spec.commandLine().getOut();
        String who = tokens.athlete()
                .map(a ->
                        a.displayName() + a.username().map(u -> " (" + u + ")").orElse(""))
                .orElse("an athlete");
        String granted = tokens.grantedScopes().isEmpty()
                ? "unknown scopes"
                : "scopes " + String.join(",", tokens.grantedScopes());
        out.println("Logged in to " + client.baseUrl() + " as " + who + ", with " + granted + ".");
        if (!tokens.grantedScopes().isEmpty() && !tokens.grantedScopes().containsAll(scopes)) {
            out.println("(Requested " + String.join(",", scopes) + "; the athlete did not grant them all.)");
        }
        out.println("Tokens saved to " + file + " (readable only by you; it holds the client secret too).");
        out.flush();
    }
}
