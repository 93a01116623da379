-- The answer to each refresh (the new refresh and access tokens and the access token's expiry), sealed with
-- AES-256-GCM under a key derived from the refresh token presented, which the database holds only as a digest:
-- a retry with that token, inside the retry window and while the new refresh token is unused, gets the same
-- answer again (contract#refresh-retry-window), and a copy of the database opens none of them. NULL for
-- tokens retired before this migration (they are never answered again).
ALTER TABLE retired_refresh_tokens ADD COLUMN answer VARCHAR(200);
