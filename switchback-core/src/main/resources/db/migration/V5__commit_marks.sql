-- One row that the SQLite group-commit writer bumps in every transaction that changed rows, so that each such
-- commit writes at least one WAL frame and moves SQLite's commit counter, which the token-check cache counts
-- (see CommitWatch): SQLite writes nothing at all for an UPDATE that sets a row to the values it has.
-- Unused on PostgreSQL.
CREATE TABLE commit_marks (
    id    INTEGER NOT NULL PRIMARY KEY,
    mark  BIGINT  NOT NULL
);
INSERT INTO commit_marks (id, mark) VALUES (1, 0);
