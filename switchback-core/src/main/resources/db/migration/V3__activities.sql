-- Activities, their streams and laps, privacy zones and uploads (spec §7.5, §8.3-8.6).
-- Written once for SQLite and PostgreSQL: ${identity} is an auto-numbered BIGINT key, instants are
-- epoch seconds, binary columns are BYTEA (SQLite stores a blob whatever the declared type).

ALTER TABLE athletes ADD COLUMN ftp INTEGER;

-- What the API shows of an activity. The summary polyline is stored whole; privacy zones are applied
-- when it is read, so a zone added later hides what it covers at once.
CREATE TABLE activities (
    id                    ${identity},
    athlete_id            BIGINT           NOT NULL REFERENCES athletes (id) ON DELETE CASCADE,
    name                  VARCHAR(255)     NOT NULL,
    description           VARCHAR(4096),
    sport_type            VARCHAR(40)      NOT NULL,
    visibility            VARCHAR(16)      NOT NULL,
    start_date            BIGINT           NOT NULL,
    utc_offset            INTEGER          NOT NULL,
    timezone              VARCHAR(64)      NOT NULL,
    distance              DOUBLE PRECISION NOT NULL,
    moving_time           INTEGER          NOT NULL,
    elapsed_time          INTEGER          NOT NULL,
    total_elevation_gain  DOUBLE PRECISION NOT NULL,
    elev_high             DOUBLE PRECISION,
    elev_low              DOUBLE PRECISION,
    max_speed             DOUBLE PRECISION NOT NULL,
    average_heartrate     DOUBLE PRECISION,
    max_heartrate         DOUBLE PRECISION,
    average_cadence       DOUBLE PRECISION,
    average_watts         DOUBLE PRECISION,
    max_watts             DOUBLE PRECISION,
    start_lat             DOUBLE PRECISION,
    start_lng             DOUBLE PRECISION,
    end_lat               DOUBLE PRECISION,
    end_lng               DOUBLE PRECISION,
    summary_polyline      TEXT             NOT NULL,
    trainer               BOOLEAN          NOT NULL,
    commute               BOOLEAN          NOT NULL,
    manual                BOOLEAN          NOT NULL,
    hide_from_home        BOOLEAN          NOT NULL,
    gear_id               VARCHAR(32),
    device_name           VARCHAR(255),
    external_id           VARCHAR(255),
    upload_id             BIGINT,
    -- SHA-256 of the file an activity was made from: a second upload of the same file is a duplicate.
    source_digest         VARCHAR(64),
    created_at            BIGINT           NOT NULL,
    updated_at            BIGINT           NOT NULL
);
CREATE INDEX activities_athlete_start ON activities (athlete_id, start_date);
CREATE UNIQUE INDEX activities_athlete_source ON activities (athlete_id, source_digest);

-- The recorded samples, one row per activity: each stream is a column of delta-encoded, deflated
-- numbers (StreamCodec). Measured (StreamStorageMeasurement) on a noisy two-hour ride at 1 Hz with every
-- sensor: 44 kB (SQLite) / 52 kB (PostgreSQL) here, against 515 / 935 kB as a row per point; written
-- 4-9 times and read 10 times faster. Streams are only ever read whole, so rows per point buy nothing.
CREATE TABLE activity_streams (
    activity_id  BIGINT  NOT NULL PRIMARY KEY REFERENCES activities (id) ON DELETE CASCADE,
    point_count  INTEGER NOT NULL,
    time_data       BYTEA NOT NULL,
    latlng_data     BYTEA,
    altitude_data   BYTEA,
    distance_data   BYTEA,
    heartrate_data  BYTEA,
    cadence_data    BYTEA,
    watts_data      BYTEA
);

CREATE TABLE activity_laps (
    id                    ${identity},
    activity_id           BIGINT           NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    lap_index             INTEGER          NOT NULL,
    start_date            BIGINT           NOT NULL,
    elapsed_time          INTEGER          NOT NULL,
    moving_time           INTEGER          NOT NULL,
    distance              DOUBLE PRECISION NOT NULL,
    start_index           INTEGER          NOT NULL,
    end_index             INTEGER          NOT NULL,
    total_elevation_gain  DOUBLE PRECISION NOT NULL,
    max_speed             DOUBLE PRECISION NOT NULL,
    average_heartrate     DOUBLE PRECISION,
    max_heartrate         DOUBLE PRECISION,
    average_cadence       DOUBLE PRECISION,
    average_watts         DOUBLE PRECISION
);
CREATE UNIQUE INDEX activity_laps_activity ON activity_laps (activity_id, lap_index);

-- Circles around places an athlete keeps to themself (home, work): with activity:read only, positions
-- inside them are left out of maps, start and end points and streams.
CREATE TABLE privacy_zones (
    id          ${identity},
    athlete_id  BIGINT           NOT NULL REFERENCES athletes (id) ON DELETE CASCADE,
    latitude    DOUBLE PRECISION NOT NULL,
    longitude   DOUBLE PRECISION NOT NULL,
    radius      DOUBLE PRECISION NOT NULL,
    created_at  BIGINT           NOT NULL
);
CREATE INDEX privacy_zones_athlete ON privacy_zones (athlete_id);

-- An upload is stored (row and file) before POST /uploads answers, and processed in the background;
-- a restart resumes every upload still processing. The file is deleted once processed.
CREATE TABLE uploads (
    id           ${identity},
    athlete_id   BIGINT        NOT NULL REFERENCES athletes (id) ON DELETE CASCADE,
    status       VARCHAR(16)   NOT NULL,
    error        VARCHAR(1000),
    activity_id  BIGINT        REFERENCES activities (id) ON DELETE SET NULL,
    external_id  VARCHAR(255)  NOT NULL,
    data_type    VARCHAR(8)    NOT NULL,
    digest       VARCHAR(64)   NOT NULL,
    name         VARCHAR(255),
    description  VARCHAR(4096),
    trainer      BOOLEAN       NOT NULL,
    commute      BOOLEAN       NOT NULL,
    created_at   BIGINT        NOT NULL,
    updated_at   BIGINT        NOT NULL
);
CREATE INDEX uploads_status ON uploads (status, id);
CREATE INDEX uploads_athlete ON uploads (athlete_id);

CREATE TABLE upload_files (
    upload_id  BIGINT NOT NULL PRIMARY KEY REFERENCES uploads (id) ON DELETE CASCADE,
    content    BYTEA  NOT NULL
);
