-- Follow-up: the conversation with the reporter and evidence files.
-- Messages and file descriptions are age ciphertext; file contents live in sealed blobs. Only
-- days are kept, never times; the author of a message is a staff id or "the reporter".

-- status_day: when the status last changed (the reporter sees it). conversation_key/files_key:
-- age recipients (public) of the report's two keys; reporter_key: the conversation identity
-- sealed under a key derived from the receipt. unread_activity: the reporter wrote or added a
-- file since a caseworker last opened the report.
ALTER TABLE reports ADD COLUMN status_day BIGINT NOT NULL DEFAULT 0;
UPDATE reports SET status_day = received_day;
ALTER TABLE reports ADD COLUMN conversation_key TEXT;
ALTER TABLE reports ADD COLUMN files_key TEXT;
ALTER TABLE reports ADD COLUMN reporter_key BYTEA;
ALTER TABLE reports ADD COLUMN unread_activity BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE report_messages (
    seq BIGSERIAL PRIMARY KEY,
    id BYTEA NOT NULL UNIQUE,
    report_id BYTEA NOT NULL REFERENCES reports (id),
    author BYTEA REFERENCES staff (id),
    from_reporter BOOLEAN NOT NULL,
    sent_day BIGINT NOT NULL,
    ciphertext BYTEA NOT NULL,
    hidden_from_reporter BOOLEAN NOT NULL
);
CREATE INDEX report_messages_by_report ON report_messages (report_id, seq);

CREATE TABLE report_files (
    seq BIGSERIAL PRIMARY KEY,
    id BYTEA NOT NULL UNIQUE,
    report_id BYTEA NOT NULL REFERENCES reports (id),
    added_day BIGINT NOT NULL,
    size_bytes BIGINT NOT NULL,
    original_blob TEXT NOT NULL,
    clean_blob TEXT,
    sealed_meta BYTEA NOT NULL
);
CREATE INDEX report_files_by_report ON report_files (report_id, seq);

CREATE TABLE reporter_sessions (
    id_hash BYTEA PRIMARY KEY,
    report_id BYTEA NOT NULL REFERENCES reports (id),
    sealed_key BYTEA NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);

-- Bytes of evidence accepted per day, for the operator's daily limit.
CREATE TABLE upload_days (
    day BIGINT PRIMARY KEY,
    bytes BIGINT NOT NULL
);
