-- The redirect URIs an app registered (contract#registered-redirect-uris), in the order given. With
-- oauth.redirect-exact-match (the hardened profile), authorize admits only these, compared as strings,
-- a loopback port excepted (RFC 9700 §2.1, RFC 8252 §7.3). The strava profile does not read them.
CREATE TABLE app_redirect_uris (
    app_id  BIGINT        NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    seq     INTEGER       NOT NULL,
    uri     VARCHAR(2048) NOT NULL,
    PRIMARY KEY (app_id, seq)
);
