-- Resource servers (issue 17): APIs that introspect any token (RFC 7662) with an id and a secret of their own.
-- The secret is stored as its SHA-256 digest, as an app's is.
CREATE TABLE resource_servers (
    id             ${identity},
    name           VARCHAR(100) NOT NULL,
    secret_digest  VARCHAR(64)  NOT NULL,
    created_at     BIGINT       NOT NULL
);
