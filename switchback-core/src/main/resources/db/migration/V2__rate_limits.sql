-- Per-app rate limits (spec §A7; defaults are Strava's) and the shared usage counters.
ALTER TABLE apps ADD COLUMN overall_limit_15min INTEGER NOT NULL DEFAULT 200;
ALTER TABLE apps ADD COLUMN overall_limit_daily INTEGER NOT NULL DEFAULT 2000;
ALTER TABLE apps ADD COLUMN read_limit_15min INTEGER NOT NULL DEFAULT 100;
ALTER TABLE apps ADD COLUMN read_limit_daily INTEGER NOT NULL DEFAULT 1000;

-- One row per app, bucket (overall or read, 15-minute or daily) and window; the window is the
-- quarter hour or UTC day, as epoch seconds of its start.
CREATE TABLE rate_counters (
    app_id        BIGINT      NOT NULL,
    bucket        VARCHAR(16) NOT NULL,
    window_start  BIGINT      NOT NULL,
    hits          BIGINT      NOT NULL,
    PRIMARY KEY (app_id, bucket, window_start)
);
CREATE INDEX rate_counters_window_start ON rate_counters (window_start);
