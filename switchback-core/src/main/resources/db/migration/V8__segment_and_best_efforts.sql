-- Segment efforts and best efforts (contract#segment-efforts), computed when an activity is made, written
-- once for SQLite and PostgreSQL: ${identity} is an auto-numbered BIGINT key, instants are epoch seconds.

-- One pass of an activity over a segment, by point index. pr_rank is the effort's rank among the athlete's
-- efforts on the segment when it was made (1 to 3, else NULL), as Strava keeps it.
CREATE TABLE segment_efforts (
    id                 ${identity},
    activity_id        BIGINT           NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    athlete_id         BIGINT           NOT NULL REFERENCES athletes (id) ON DELETE CASCADE,
    segment_id         BIGINT           NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
    start_date         BIGINT           NOT NULL,
    elapsed_time       BIGINT           NOT NULL,
    moving_time        BIGINT           NOT NULL,
    distance           DOUBLE PRECISION NOT NULL,
    start_index        INTEGER          NOT NULL,
    end_index          INTEGER          NOT NULL,
    average_heartrate  DOUBLE PRECISION,
    max_heartrate      DOUBLE PRECISION,
    average_cadence    DOUBLE PRECISION,
    average_watts      DOUBLE PRECISION,
    pr_rank            INTEGER,
    hidden             BOOLEAN          NOT NULL
);
CREATE INDEX segment_efforts_activity ON segment_efforts (activity_id, start_index);
-- A segment's counts and an athlete's record on it.
CREATE INDEX segment_efforts_segment ON segment_efforts (segment_id, athlete_id, elapsed_time);

-- The fastest stretch of a run over each of Strava's standard distances.
CREATE TABLE best_efforts (
    id            ${identity},
    activity_id   BIGINT           NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    athlete_id    BIGINT           NOT NULL REFERENCES athletes (id) ON DELETE CASCADE,
    name          VARCHAR(32)      NOT NULL,
    distance      DOUBLE PRECISION NOT NULL,
    start_date    BIGINT           NOT NULL,
    elapsed_time  BIGINT           NOT NULL,
    moving_time   BIGINT           NOT NULL,
    start_index   INTEGER          NOT NULL,
    end_index     INTEGER          NOT NULL,
    pr_rank       INTEGER
);
CREATE INDEX best_efforts_activity ON best_efforts (activity_id);
CREATE INDEX best_efforts_athlete ON best_efforts (athlete_id, name, elapsed_time);

-- Athletes' records on segments are now the efforts themselves: the table of records set by hand (the demo's,
-- which named no real effort) goes.
DROP TABLE segment_athlete_stats;
