-- An authorization code outlives the grant it was issued under (contract#code-lifetime): deleting the grant
-- (a deauthorization, a revocation on My Apps, a code reused in hardened) detaches its codes (grant_id NULL)
-- instead of deleting them, so a replayed code gets the same answer, expired, before and after; a detached
-- code can never be redeemed. Housekeeping deletes codes a day after they expire, as before.
-- SQLite cannot change a foreign key in place, so the table is rebuilt, the same way on both databases.
CREATE TABLE authorization_codes_kept (
    digest          VARCHAR(64)  NOT NULL PRIMARY KEY,
    grant_id        BIGINT       REFERENCES grants (id) ON DELETE SET NULL,
    app_id          BIGINT       NOT NULL,
    athlete_id      BIGINT       NOT NULL,
    scopes          INTEGER      NOT NULL,
    code_challenge  VARCHAR(128),
    issued_at       BIGINT       NOT NULL,
    expires_at      BIGINT       NOT NULL,
    used_at         BIGINT
);
INSERT INTO authorization_codes_kept
    (digest, grant_id, app_id, athlete_id, scopes, code_challenge, issued_at, expires_at, used_at)
SELECT digest, grant_id, app_id, athlete_id, scopes, code_challenge, issued_at, expires_at, used_at
FROM authorization_codes;
DROP TABLE authorization_codes;
ALTER TABLE authorization_codes_kept RENAME TO authorization_codes;
CREATE INDEX authorization_codes_grant ON authorization_codes (grant_id);
CREATE INDEX authorization_codes_expires_at ON authorization_codes (expires_at);
