package dev.switchback.client.example;

// The README's "Java client" example, from the line after "README:begin" to the line before "README:end";
// in a package of its own, so that it imports the SDK as a user's code does.
// ReadmeExampleTest keeps the two identical and runs this code against the real server.
// README:begin
import dev.switchback.client.FileTokenStore;
import dev.switchback.client.StravaClient;
import dev.switchback.client.TokenManager;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

public final class TrainingLog {
    private final StravaClient strava;
    private final FileTokenStore store;
    private final TokenManager tokens;

    public TrainingLog(String baseUrl, long clientId, String clientSecret, Path tokenFile) {
        strava = StravaClient.builder()
                .baseUrl(baseUrl) // https://www.strava.com, or a Switchback server
                .clientId(clientId)
                .clientSecret(clientSecret)
                .redirectUri("http://localhost:8000/exchange_token")
                .build();
        store = new FileTokenStore(tokenFile); // atomic, owner-only, locked across processes
        tokens = TokenManager.create(strava, store);
    }

    /** 1. Send the athlete here; keep the state to check it on the redirect. */
    public URI authorizeUrl(String state) {
        return strava.authorizeUrl(List.of("read", "activity:read"), state, StravaClient.ApprovalPrompt.AUTO);
    }

    /** 2. The redirect brings code and scope: exchange the code once and save the tokens. */
    public void onRedirect(String code, String scope) {
        store.save(strava.exchange(code, scope));
    }

    /** 3. Every call after that: the manager refreshes the token when it has under 5 minutes left,
     *     and saves the rotated refresh token before anyone uses it. */
    public String athleteName() {
        return strava.get(tokens.accessToken(), "/athlete")
                .body()
                .path("firstname")
                .asString();
    }
}
// README:end
