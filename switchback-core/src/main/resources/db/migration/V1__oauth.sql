-- Switchback schema, written once for SQLite and PostgreSQL.
-- ${identity} is an auto-numbered BIGINT primary key in each dialect. Instants are epoch seconds.
-- Every token, code and secret column holds a SHA-256 digest (64 hex), never the value.

CREATE TABLE athletes (
    id              ${identity},
    username        VARCHAR(64)  NOT NULL,
    password_hash   VARCHAR(255) NOT NULL,
    firstname       VARCHAR(100) NOT NULL,
    lastname        VARCHAR(100) NOT NULL,
    bio             VARCHAR(1000) NOT NULL DEFAULT '',
    city            VARCHAR(100),
    state           VARCHAR(100),
    country         VARCHAR(100),
    sex             VARCHAR(1),
    weight          DOUBLE PRECISION,
    premium         BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at      BIGINT       NOT NULL,
    updated_at      BIGINT       NOT NULL
);
CREATE UNIQUE INDEX athletes_username ON athletes (username);

CREATE TABLE apps (
    id                ${identity},
    name              VARCHAR(100) NOT NULL,
    secret_digest     VARCHAR(64)  NOT NULL,
    callback_domain   VARCHAR(253) NOT NULL,
    owner_id          BIGINT REFERENCES athletes (id) ON DELETE SET NULL,
    athlete_capacity  INTEGER      NOT NULL,
    created_at        BIGINT       NOT NULL,
    updated_at        BIGINT       NOT NULL
);

-- One grant per athlete and app: the scopes the athlete approved and the one live refresh token.
-- Rotation is a compare-and-set on refresh_digest; deauthorization deletes the row, and every
-- token of the grant goes with it (ON DELETE CASCADE).
CREATE TABLE grants (
    id              ${identity},
    app_id          BIGINT  NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    athlete_id      BIGINT  NOT NULL REFERENCES athletes (id) ON DELETE CASCADE,
    scopes          INTEGER NOT NULL,
    refresh_digest  VARCHAR(64),
    generation      BIGINT  NOT NULL DEFAULT 0,
    authorized_at   BIGINT  NOT NULL,
    refreshed_at    BIGINT
);
CREATE UNIQUE INDEX grants_app_athlete ON grants (app_id, athlete_id);
CREATE UNIQUE INDEX grants_refresh_digest ON grants (refresh_digest);
CREATE INDEX grants_athlete ON grants (athlete_id);

-- A grant's live access tokens sit in a fixed number of slots (generation modulo the slot count), so
-- a grant never holds more than that many: minting into a full grant replaces the oldest.
CREATE TABLE access_tokens (
    grant_id    BIGINT      NOT NULL REFERENCES grants (id) ON DELETE CASCADE,
    slot        INTEGER     NOT NULL,
    digest      VARCHAR(64) NOT NULL,
    app_id      BIGINT      NOT NULL,
    athlete_id  BIGINT      NOT NULL,
    scopes      INTEGER     NOT NULL,
    issued_at   BIGINT      NOT NULL,
    expires_at  BIGINT      NOT NULL,
    PRIMARY KEY (grant_id, slot)
);
CREATE UNIQUE INDEX access_tokens_digest ON access_tokens (digest);
CREATE INDEX access_tokens_expires_at ON access_tokens (expires_at);

-- Refresh tokens that were rotated away: for the retry window and for replay detection.
CREATE TABLE retired_refresh_tokens (
    digest            VARCHAR(64) NOT NULL PRIMARY KEY,
    grant_id          BIGINT      NOT NULL REFERENCES grants (id) ON DELETE CASCADE,
    successor_digest  VARCHAR(64) NOT NULL,
    retired_at        BIGINT      NOT NULL
);
CREATE INDEX retired_refresh_tokens_grant ON retired_refresh_tokens (grant_id);
CREATE INDEX retired_refresh_tokens_retired_at ON retired_refresh_tokens (retired_at);

CREATE TABLE authorization_codes (
    digest          VARCHAR(64)  NOT NULL PRIMARY KEY,
    grant_id        BIGINT       NOT NULL REFERENCES grants (id) ON DELETE CASCADE,
    app_id          BIGINT       NOT NULL,
    athlete_id      BIGINT       NOT NULL,
    scopes          INTEGER      NOT NULL,
    code_challenge  VARCHAR(128),
    issued_at       BIGINT       NOT NULL,
    expires_at      BIGINT       NOT NULL,
    used_at         BIGINT
);
CREATE INDEX authorization_codes_grant ON authorization_codes (grant_id);
CREATE INDEX authorization_codes_expires_at ON authorization_codes (expires_at);

-- Keys the server generates once and every node shares (the session-cookie signing key).
CREATE TABLE server_keys (
    name        VARCHAR(64)  NOT NULL PRIMARY KEY,
    key_value   VARCHAR(128) NOT NULL,
    created_at  BIGINT       NOT NULL
);

-- Failed logins per account and per address, to slow down password guessing on every node.
CREATE TABLE login_failures (
    throttle_key   VARCHAR(200) NOT NULL PRIMARY KEY,
    failures       INTEGER      NOT NULL,
    last_failure   BIGINT       NOT NULL,
    blocked_until  BIGINT       NOT NULL
);
