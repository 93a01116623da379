-- Athletes' login sessions, kept on the server (contract#login). The browser's cookie holds a random 40-hex
-- session id; this table holds only its SHA-256 digest, so a copy of the database opens no session. A row
-- without an athlete is a pre-login session: the login form's CSRF token is bound to it, so that token is
-- always one this server issued. Logout deletes the row.
CREATE TABLE sessions (
    digest      VARCHAR(64) NOT NULL PRIMARY KEY,
    athlete_id  BIGINT      REFERENCES athletes (id) ON DELETE CASCADE,
    created_at  BIGINT      NOT NULL,
    expires_at  BIGINT      NOT NULL
);
CREATE INDEX sessions_athlete ON sessions (athlete_id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

-- Sessions were cookies signed with this key; a copy of the database then forged any athlete's. Nothing
-- signs with it any more, and a copy of the database must not carry it.
DELETE FROM server_keys WHERE name = 'session-hmac';
