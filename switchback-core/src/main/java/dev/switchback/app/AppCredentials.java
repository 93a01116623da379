package dev.switchback.app;

import dev.switchback.fault.FaultException;
import dev.switchback.token.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The one check of an app's {@code client_id} and {@code client_secret}, for every endpoint an app calls with
 * them ({@code /oauth/token}, {@code /api/v3/push_subscriptions}): an unknown id is {@code Application/client_id
 * /invalid}, a missing or wrong secret {@code Application/client_secret/invalid} (contract#token-errors); the
 * secret is compared in constant time.
 */
public final class AppCredentials {
    private final AppStore apps;

    public AppCredentials(AppStore apps) {
        this.apps = apps;
    }

    public App authenticate(String clientId, Optional<String> clientSecret) {
        App app = ClientId.parse(clientId)
                .flatMap(apps::find)
                .orElseThrow(() -> FaultException.invalid("Application", "client_id")
                        .withOAuthError("invalid_client", "client_id is not a known application"));
        String presented =
                clientSecret.map(secret -> Secret.digestOf(secret).hex()).orElse("");
        if (!MessageDigest.isEqual(
                presented.getBytes(StandardCharsets.US_ASCII),
                app.secretDigest().hex().getBytes(StandardCharsets.US_ASCII))) {
            throw FaultException.invalid("Application", "client_secret")
                    .withOAuthError(
                            "invalid_client",
                            clientSecret.isEmpty()
                                    ? "client_secret is missing"
                                    : "client_secret is not the secret of this client_id");
        }
        return app;
    }
}
