package dev.switchback.webhook;

import dev.switchback.app.AppId;
import java.net.URI;
import java.time.Instant;

/** An app's one push subscription (contract#webhook-model): where its events go. */
public record Subscription(SubscriptionId id, AppId appId, URI callbackUrl, Instant createdAt, Instant updatedAt) {}
