package dev.switchback.cli;

import dev.switchback.client.FileTokenStore;
import dev.switchback.client.StravaClient;
import dev.switchback.client.TokenManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token file written by {@code login}: the tokens, and as metadata the server and app they belong to,
 * secret included ({@code token} needs it to refresh; the file is owner-only).
 */
final class SavedLogin {
    static final String BASE_URL = "base_url";
    static final String CLIENT_ID = "client_id";
    static final String CLIENT_SECRET = "client_secret";

    private final FileTokenStore store;
    private final StravaClient client;

    private SavedLogin(FileTokenStore store, StravaClient client) {
        this.store = store;
        this.client = client;
    }

    static Map<String, String> metadata(StravaClient client, String clientSecret) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(BASE_URL, client.baseUrl().toString());
        metadata.put(CLIENT_ID, Long.toString(client.clientId()));
        metadata.put(CLIENT_SECRET, clientSecret);
        return metadata;
    }

    /** The saved login in {@code file}; a clear error when there is none. */
    static SavedLogin open(Path file, CliEnvironment environment) {
        if (!Files.exists(file)) {
            throw new IllegalStateException("not logged in: no token file at " + file + "; run switchback login");
        }
        FileTokenStore store = new FileTokenStore(file);
        Map<String, String> metadata = store.metadata();
        StravaClient client = StravaClient.builder()
                .baseUrl(required(metadata, BASE_URL, file))
                .clientId(clientId(required(metadata, CLIENT_ID, file), file))
                .clientSecret(required(metadata, CLIENT_SECRET, file))
                .clock(environment.clock())
                .build();
        return new SavedLogin(store, client);
    }

    FileTokenStore store() {
        return store;
    }

    StravaClient client() {
        return client;
    }

    TokenManager tokenManager() {
        return TokenManager.create(client, store);
    }

    private static String required(Map<String, String> metadata, String key, Path file) {
        String value = metadata.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(file + " has no " + key + " (it was not written by switchback login); "
                    + "run switchback login again");
        }
        return value;
    }

    private static long clientId(String value, Path file) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(
                    file + " has an invalid client_id (" + value + "); run switchback login again");
        }
    }
}
