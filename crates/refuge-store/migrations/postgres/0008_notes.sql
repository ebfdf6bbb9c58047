-- Internal notes (issue 10): staff's own words on a case, never the reporter's to see. Each
-- version is a row: an edit adds a version, nothing is overwritten. The text is sealed under the
-- report's case key (ChaCha20-Poly1305, bound to the report, the note and its version); only
-- who wrote it and the day are in clear.
CREATE TABLE report_notes (
    seq BIGSERIAL PRIMARY KEY,
    id BYTEA NOT NULL,
    version BIGINT NOT NULL,
    report_id BYTEA NOT NULL REFERENCES reports (id),
    author BYTEA NOT NULL REFERENCES staff (id),
    written_day BIGINT NOT NULL,
    ciphertext BYTEA NOT NULL,
    UNIQUE (id, version)
);
CREATE INDEX report_notes_report ON report_notes (report_id, seq);
