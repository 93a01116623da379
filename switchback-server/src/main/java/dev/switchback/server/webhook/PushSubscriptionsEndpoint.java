package dev.switchback.server.webhook;

import dev.switchback.app.App;
import dev.switchback.server.http.Guard;
import dev.switchback.server.http.HttpParams;
import dev.switchback.webhook.Subscription;
import dev.switchback.webhook.SubscriptionService;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/v3/push_subscriptions} (contract#webhook-create, contract#webhook-view-delete): the app
 * authenticates with its {@code client_id} and {@code client_secret} (query, form, multipart or JSON), and the
 * request counts against its rate limits, with the headers.
 */
public final class PushSubscriptionsEndpoint {
    private final SubscriptionService subscriptions;
    private final Guard guard;

    public PushSubscriptionsEndpoint(SubscriptionService subscriptions, Guard guard) {
        this.subscriptions = subscriptions;
        this.guard = guard;
    }

    public void create(Context ctx) {
        HttpParams params = HttpParams.queryAndBody(ctx);
        App app = authenticated(ctx, params);
        ctx.status(201).json(json(subscriptions.create(app, params)));
    }

    public void list(Context ctx) {
        App app = authenticated(ctx, HttpParams.queryAndBody(ctx));
        ctx.json(subscriptions.list(app).stream()
                .map(PushSubscriptionsEndpoint::json)
                .toList());
    }

    public void delete(Context ctx) {
        App app = authenticated(ctx, HttpParams.queryAndBody(ctx));
        subscriptions.delete(app, ctx.pathParam("id"));
        ctx.status(204);
    }

    private App authenticated(Context ctx, HttpParams params) {
        App app = subscriptions.authenticate(params);
        guard.countAppRequest(ctx, app);
        return app;
    }

    /** Strava's shape (contract#webhook-create): {@code resource_state} 2. */
    static Map<String, Object> json(Subscription subscription) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", subscription.id().value());
        json.put("resource_state", 2);
        json.put("application_id", subscription.appId().value());
        json.put("callback_url", subscription.callbackUrl().toString());
        json.put("created_at", subscription.createdAt().toString());
        json.put("updated_at", subscription.updatedAt().toString());
        return json;
    }
}
