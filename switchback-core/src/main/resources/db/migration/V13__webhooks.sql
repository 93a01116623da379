-- Webhooks (contract#webhooks): each app's one push subscription, and the outbox of events written in the
-- same transaction as the change that causes them. Instants are epoch seconds.

CREATE TABLE push_subscriptions (
    id            ${identity},
    app_id        BIGINT       NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    callback_url  VARCHAR(255) NOT NULL,
    verify_token  VARCHAR(4096) NOT NULL,
    created_at    BIGINT       NOT NULL,
    updated_at    BIGINT       NOT NULL
);
CREATE UNIQUE INDEX push_subscriptions_app ON push_subscriptions (app_id);

-- One row per event and subscription. state: pending, delivered or failed. A node that takes a pending event
-- leases it (lease_until, lease_token) and only the holder of that lease may record its outcome; a lease that
-- expires leaves the event to another node. Delivery order per subscription is the order of id.
CREATE TABLE webhook_events (
    id               ${identity},
    subscription_id  BIGINT       NOT NULL REFERENCES push_subscriptions (id) ON DELETE CASCADE,
    object_type      VARCHAR(16)  NOT NULL,
    object_id        BIGINT       NOT NULL,
    aspect_type      VARCHAR(16)  NOT NULL,
    updates          VARCHAR(1024) NOT NULL,
    owner_id         BIGINT       NOT NULL,
    event_time       BIGINT       NOT NULL,
    state            VARCHAR(16)  NOT NULL,
    attempts         INTEGER      NOT NULL,
    next_attempt_at  BIGINT       NOT NULL,
    lease_until      BIGINT,
    lease_token      VARCHAR(64),
    finished_at      BIGINT
);
CREATE INDEX webhook_events_pending ON webhook_events (subscription_id, id) WHERE state = 'pending';
CREATE INDEX webhook_events_finished ON webhook_events (finished_at) WHERE state <> 'pending';

-- Each delivery attempt: when, the callback's status (NULL when none came back), how long it took, and why it
-- failed when it did.
CREATE TABLE webhook_attempts (
    id            ${identity},
    event_id      BIGINT       NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
    attempted_at  BIGINT       NOT NULL,
    status        INTEGER,
    latency_ms    BIGINT       NOT NULL,
    error         VARCHAR(255)
);
CREATE INDEX webhook_attempts_event ON webhook_attempts (event_id);
