-- A searchable inbox (issue 10). Nothing searchable is kept in clear: each report's search
-- document (its narrative, identifiers, contact details, messages, notes and file names,
-- normalised) is sealed under the report's case key, in chunks of at most 64 KiB so that a
-- search holds a bounded amount in memory. A search opens them with the caseworker's copy of
-- the case key, in the staff session.
--
-- content_version counts additions to what a document holds (a message, a file, a note);
-- search_version is the content_version the sealed document was built from (NULL: none yet).
-- A search rebuilds the documents that are behind before it reads them: a reporter's message
-- cannot be added to a document on the reporter's side, which holds no case key.
ALTER TABLE reports ADD COLUMN content_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE reports ADD COLUMN search_version BIGINT;

CREATE TABLE report_search (
    report_id BYTEA NOT NULL REFERENCES reports (id),
    chunk BIGINT NOT NULL,
    sealed BYTEA NOT NULL,
    PRIMARY KEY (report_id, chunk)
);

-- The inbox's filter on the day received.
CREATE INDEX reports_received ON reports (received_day);
