-- Correlation of perpetrator identifiers across reports (issue 11). Nothing guessable is kept:
--
-- correlation_key: the age recipient of the correlation key (one per instance). Its secret is
--   kept only sealed: to each member who may correlate (correlation_grants) and to the
--   organisation's recovery key. Tags and identifier sets use keys derived from that secret.
-- identifier_sets: per report, the normalised keys of its identifiers, sealed. Written at intake
--   sealed to the recipient (indexed = FALSE: the queue), re-sealed under the set key once a
--   signed-in correlator's session has indexed it. sealed IS NULL: no set yet (the report came
--   before correlation, or before the key); the first correlator who can read it builds one.
-- identifier_tags: the blind index, truncated HMAC-SHA-256 tags of those keys (14 bits: each
--   tag stands for many values), pointing at candidate reports that are then confirmed by
--   opening their sets.
CREATE TABLE correlation_key (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    recipient TEXT NOT NULL,
    recovery_key TEXT,
    sealed_for_recovery BLOB
);

CREATE TABLE correlation_grants (
    staff_id BLOB PRIMARY KEY REFERENCES staff (id),
    sealed BLOB NOT NULL
);

CREATE TABLE identifier_sets (
    report_id BLOB PRIMARY KEY REFERENCES reports (id),
    sealed BLOB,
    indexed BOOLEAN NOT NULL,
    version BIGINT NOT NULL
);

CREATE INDEX identifier_sets_pending ON identifier_sets (report_id) WHERE NOT indexed;

CREATE TABLE identifier_tags (
    tag BIGINT NOT NULL,
    report_id BLOB NOT NULL REFERENCES reports (id),
    PRIMARY KEY (tag, report_id)
);

CREATE INDEX identifier_tags_report ON identifier_tags (report_id);

-- Every report already stored waits for a set.
INSERT INTO identifier_sets (report_id, sealed, indexed, version)
SELECT id, NULL, FALSE, 0 FROM reports;
