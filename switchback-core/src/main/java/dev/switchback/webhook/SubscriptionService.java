package dev.switchback.webhook;

import dev.switchback.app.App;
import dev.switchback.app.AppCredentials;
import dev.switchback.app.AppId;
import dev.switchback.fault.FaultException;
import dev.switchback.request.Params;
import dev.switchback.store.Database;
import dev.switchback.token.TokenGenerator;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v3/push_subscriptions} (contract#webhook-create, contract#webhook-view-delete): an app's one
 * subscription, made only once its callback has answered the {@code hub.challenge}; listed; deleted. Every
 * call authenticates the app by its {@code client_id} and {@code client_secret}.
 */
public final class SubscriptionService {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionService.class);
    private static final String RESOURCE = "PushSubscription";
    private static final int MAX_VERIFY_TOKEN = 4096;

    private final Database database;
    private final SubscriptionStore store;
    private final AppCredentials credentials;
    private final CallbackClient client;
    private final TokenGenerator tokens;
    private final Clock clock;

    public SubscriptionService(
            Database database,
            SubscriptionStore store,
            AppCredentials credentials,
            CallbackClient client,
            TokenGenerator tokens,
            Clock clock) {
        this.database = database;
        this.store = store;
        this.credentials = credentials;
        this.client = client;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** The app the request's {@code client_id} and {@code client_secret} name (the token endpoint's bodies otherwise). */
    public App authenticate(Params params) {
        return credentials.authenticate(
                params.get("client_id", "Application").orElse(null), params.get("client_secret", "Application"));
    }

    /**
     * Creates {@code app}'s subscription: the callback URL checked, the app without one, the handshake
     * answered (contract#webhook-create); then stored. A second one is {@code already exists}.
     */
    public Subscription create(App app, Params params) {
        String url = params.get("callback_url", RESOURCE)
                .filter(CallbackClient::isCallbackUrl)
                .orElseThrow(() -> FaultException.badRequest(RESOURCE, "callback url", "invalid"));
        String verifyToken = params.get("verify_token", RESOURCE)
                .orElseThrow(() -> FaultException.badRequest(RESOURCE, "verify token", "missing"));
        if (verifyToken.length() > MAX_VERIFY_TOKEN) {
            throw FaultException.badRequest(RESOURCE, "verify token", "invalid");
        }
        URI callback = URI.create(url);
        if (database.read(tx -> store.findByApp(tx, app.clientId())).isPresent()) {
            throw alreadyExists();
        }
        handshake(callback, verifyToken);
        return database.write(tx -> store.insert(tx, app.clientId(), callback, verifyToken, clock.instant()))
                .orElseThrow(SubscriptionService::alreadyExists);
    }

    /**
     * {@code GET callback?hub.mode=subscribe&hub.challenge=..&hub.verify_token=..}: a 200 within 2 s whose JSON
     * body echoes the challenge, or the 400 Strava answers.
     */
    private void handshake(URI callback, String verifyToken) {
        String challenge = tokens.next().value().substring(0, 32);
        String query = "hub.mode=subscribe&hub.challenge=" + challenge + "&hub.verify_token="
                + URLEncoder.encode(verifyToken, StandardCharsets.UTF_8);
        String base = callback.toString();
        URI url = URI.create(base + (callback.getRawQuery() == null ? "?" : "&") + query);
        try {
            CallbackClient.Answer answer = client.get(url);
            if (answer.status() == 200
                    && Json.field(answer.body(), "hub.challenge")
                            .filter(challenge::equals)
                            .isPresent()) {
                return;
            }
            LOG.info("subscription handshake with {} refused: status {}", callback.getHost(), answer.status());
        } catch (CallbackClient.CallFailed e) {
            LOG.info("subscription handshake with {} failed: {}", callback.getHost(), e.getMessage());
        }
        throw FaultException.badRequest(RESOURCE, "callback url", "GET to callback URL does not return 200");
    }

    /** The app's subscription, as a list of one, or none. */
    public List<Subscription> list(App app) {
        return database.read(tx -> store.findByApp(tx, app.clientId())).stream().toList();
    }

    /** Deletes the app's subscription {@code rawId}; another app's, or none, is {@code Record Not Found}. */
    public void delete(App app, String rawId) {
        SubscriptionId id = SubscriptionId.parse(rawId).orElseThrow(SubscriptionService::notFound);
        if (!database.write(tx -> store.delete(tx, app.clientId(), id))) {
            throw notFound();
        }
    }

    /** Every subscription, or {@code app}'s (the CLI). */
    public List<Subscription> all(Optional<AppId> app) {
        return database.read(tx -> store.list(tx, app));
    }

    private static FaultException alreadyExists() {
        return FaultException.badRequest(RESOURCE, "", "already exists");
    }

    private static FaultException notFound() {
        return FaultException.notFound(RESOURCE, "id");
    }
}
