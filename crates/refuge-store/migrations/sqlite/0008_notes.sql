-- Internal notes (issue 10): staff's own words on a case, never the reporter's to see. Each
-- version is a row: an edit adds a version, nothing is overwritten. The text is sealed under the
-- report's case key (ChaCha20-Poly1305, bound to the report, the note and its version); only
-- who wrote it and the day are in clear.
CREATE TABLE report_notes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id BLOB NOT NULL,
    version BIGINT NOT NULL,
    report_id BLOB NOT NULL REFERENCES reports (id),
    author BLOB NOT NULL REFERENCES staff (id),
    written_day BIGINT NOT NULL,
    ciphertext BLOB NOT NULL,
    UNIQUE (id, version)
);
CREATE INDEX report_notes_report ON report_notes (report_id, seq);
