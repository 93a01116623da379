-- Routes, segments and clubs (spec §7.5), written once for SQLite and PostgreSQL.
-- ${identity} is an auto-numbered BIGINT primary key in each dialect. Instants are epoch seconds,
-- distances and altitudes metres, positions degrees (WGS84).

-- A planned route of one athlete. The encoded polylines are kept beside the points so that a list
-- of routes is one query; the points serve the exports and the streams.
CREATE TABLE routes (
    id                     ${identity},
    athlete_id             BIGINT        NOT NULL REFERENCES athletes (id) ON DELETE CASCADE,
    name                   VARCHAR(255)  NOT NULL,
    description            VARCHAR(2000) NOT NULL DEFAULT '',
    route_type             INTEGER       NOT NULL,
    sub_type               INTEGER       NOT NULL,
    private                BOOLEAN       NOT NULL,
    starred                BOOLEAN       NOT NULL DEFAULT FALSE,
    distance               DOUBLE PRECISION NOT NULL,
    elevation_gain         DOUBLE PRECISION NOT NULL,
    estimated_moving_time  INTEGER       NOT NULL,
    polyline               TEXT          NOT NULL,
    summary_polyline       TEXT          NOT NULL,
    created_at             BIGINT        NOT NULL,
    updated_at             BIGINT        NOT NULL
);
CREATE INDEX routes_athlete ON routes (athlete_id, id);

CREATE TABLE route_points (
    route_id   BIGINT  NOT NULL REFERENCES routes (id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    latitude   DOUBLE PRECISION NOT NULL,
    longitude  DOUBLE PRECISION NOT NULL,
    altitude   DOUBLE PRECISION,
    PRIMARY KEY (route_id, seq)
);

-- A segment: a stretch anyone may race, or a private one only its creator sees (with read_all).
CREATE TABLE segments (
    id                    ${identity},
    creator_id            BIGINT        REFERENCES athletes (id) ON DELETE SET NULL,
    name                  VARCHAR(255)  NOT NULL,
    activity_type         VARCHAR(16)   NOT NULL,
    private               BOOLEAN       NOT NULL,
    hazardous             BOOLEAN       NOT NULL DEFAULT FALSE,
    distance              DOUBLE PRECISION NOT NULL,
    average_grade         DOUBLE PRECISION NOT NULL,
    maximum_grade         DOUBLE PRECISION NOT NULL,
    elevation_high        DOUBLE PRECISION,
    elevation_low         DOUBLE PRECISION,
    total_elevation_gain  DOUBLE PRECISION NOT NULL,
    climb_category        INTEGER       NOT NULL,
    start_lat             DOUBLE PRECISION NOT NULL,
    start_lng             DOUBLE PRECISION NOT NULL,
    end_lat               DOUBLE PRECISION NOT NULL,
    end_lng               DOUBLE PRECISION NOT NULL,
    polyline              TEXT          NOT NULL,
    city                  VARCHAR(100),
    state                 VARCHAR(100),
    country               VARCHAR(100),
    created_at            BIGINT        NOT NULL,
    updated_at            BIGINT        NOT NULL
);
-- The segment explorer searches public segments by the start point inside a box.
CREATE INDEX segments_start ON segments (start_lat, start_lng);
CREATE INDEX segments_creator ON segments (creator_id);

-- The segments a route follows, in order.
CREATE TABLE route_segments (
    route_id    BIGINT  NOT NULL REFERENCES routes (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    segment_id  BIGINT  NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
    PRIMARY KEY (route_id, seq)
);
CREATE INDEX route_segments_segment ON route_segments (segment_id);

-- Segments an athlete starred; the newest star first in the starred list.
CREATE TABLE segment_stars (
    athlete_id  BIGINT NOT NULL REFERENCES athletes (id) ON DELETE CASCADE,
    segment_id  BIGINT NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
    starred_at  BIGINT NOT NULL,
    PRIMARY KEY (athlete_id, segment_id)
);
CREATE INDEX segment_stars_segment ON segment_stars (segment_id);

-- An athlete's record on a segment: athlete_segment_stats and athlete_pr_effort (read_all only).
-- A segment's effort_count and athlete_count are the sum and the count of its rows.
CREATE TABLE segment_athlete_stats (
    segment_id       BIGINT NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
    athlete_id       BIGINT NOT NULL REFERENCES athletes (id) ON DELETE CASCADE,
    effort_count     INTEGER NOT NULL,
    pr_elapsed_time  INTEGER,
    pr_date          BIGINT,
    pr_activity_id   BIGINT,
    PRIMARY KEY (segment_id, athlete_id)
);

CREATE TABLE clubs (
    id           ${identity},
    name         VARCHAR(255)  NOT NULL,
    description  VARCHAR(2000) NOT NULL DEFAULT '',
    sport_type   VARCHAR(16)   NOT NULL,
    city         VARCHAR(100),
    state        VARCHAR(100),
    country      VARCHAR(100),
    private      BOOLEAN       NOT NULL,
    featured     BOOLEAN       NOT NULL DEFAULT FALSE,
    verified     BOOLEAN       NOT NULL DEFAULT FALSE,
    url          VARCHAR(100),
    owner_id     BIGINT        REFERENCES athletes (id) ON DELETE SET NULL,
    created_at   BIGINT        NOT NULL,
    updated_at   BIGINT        NOT NULL
);
CREATE UNIQUE INDEX clubs_url ON clubs (url);

-- Who belongs to a club (and so may see it, if it is private), and who administers it.
CREATE TABLE club_members (
    club_id     BIGINT      NOT NULL REFERENCES clubs (id) ON DELETE CASCADE,
    athlete_id  BIGINT      NOT NULL REFERENCES athletes (id) ON DELETE CASCADE,
    admin       BOOLEAN     NOT NULL DEFAULT FALSE,
    joined_at   BIGINT      NOT NULL,
    PRIMARY KEY (club_id, athlete_id)
);
CREATE INDEX club_members_athlete ON club_members (athlete_id);
