-- What the developer page (/settings/api) keeps of an app beyond what the OAuth endpoints need
-- (contract#developer-page): Strava's category, website and description, and the icon as a data: URL of a
-- PNG or JPEG (at most 32 KiB of image). The page shows the client secret and the owner's own tokens again
-- on request: sealed_secret and owner_tokens hold them sealed (AES-256-GCM) under the server's
-- pages.sealing-key, which is not in the database, so a copy of the database still opens nothing
-- (contract#token-digests). NULL: nothing the page can show.
ALTER TABLE apps ADD COLUMN category VARCHAR(40) NOT NULL DEFAULT '';
ALTER TABLE apps ADD COLUMN website VARCHAR(300) NOT NULL DEFAULT '';
ALTER TABLE apps ADD COLUMN description VARCHAR(1000) NOT NULL DEFAULT '';
ALTER TABLE apps ADD COLUMN icon TEXT;
ALTER TABLE apps ADD COLUMN sealed_secret VARCHAR(200);
ALTER TABLE apps ADD COLUMN owner_tokens VARCHAR(300);
CREATE INDEX apps_owner ON apps (owner_id);
