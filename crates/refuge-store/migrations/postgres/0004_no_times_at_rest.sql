-- Nothing at rest says when a reporter did something to better than a day (security review H2).

-- Sealed blobs (reports, evidence files and their working copies) move into the database, in
-- chunks of at most 1 MiB: a file's times (modified, changed, born) would say to the
-- nanosecond when a report or a file arrived; a row says nothing. written_day is the day only,
-- for the sweep of blobs no row points to; committed is false while a blob is being written.
-- Blobs kept as files by earlier versions are moved in at start-up.
CREATE TABLE blobs (
    name TEXT PRIMARY KEY,
    written_day BIGINT NOT NULL,
    committed BOOLEAN NOT NULL
);
CREATE TABLE blob_chunks (
    blob TEXT NOT NULL REFERENCES blobs (name),
    seq INTEGER NOT NULL,
    bytes BYTEA NOT NULL,
    PRIMARY KEY (blob, seq)
);
-- Ciphertext does not compress: PostgreSQL should not try.
ALTER TABLE blob_chunks ALTER COLUMN bytes SET STORAGE EXTERNAL;

-- A reporter's session kept its start and last request to the second, beside the report it
-- opens. Both times now live inside the sealed state, which only the session's cookie opens;
-- the row keeps the day after which it is certainly dead. Sessions open during the upgrade end
-- (they last two hours at most; the reporter signs in again).
DROP TABLE reporter_sessions;
CREATE TABLE reporter_sessions (
    id_hash BYTEA PRIMARY KEY,
    report_id BYTEA NOT NULL REFERENCES reports (id),
    sealed_state BYTEA NOT NULL,
    purge_day BIGINT NOT NULL
);

-- Written every few minutes while the server runs, so the database file's own modification
-- time is that of the last beat, not of the last report.
CREATE TABLE heartbeat (
    id INTEGER PRIMARY KEY,
    beats BIGINT NOT NULL
);
INSERT INTO heartbeat (id, beats) VALUES (1, 0);
