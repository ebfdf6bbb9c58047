-- The public registry (issue 12): sourced, reviewed facts; nothing here comes from a report.
--
-- registry_sources: what the registry cites (publisher, title, day, URL, kind, Admiralty
--   grades, the SHA-256 of an archived copy). reference is a short stable label (S01 from a
--   seed), unique when present, which keeps an import idempotent.
-- registry_entries: one row per entry (place, incident, public actor, official response,
--   figure); latest_version is the newest version written, published_version the one the
--   public sees (NULL: never published), withdrawn_day set when an administrator takes a
--   published entry down.
-- registry_versions: every version kept, its body as JSON, who wrote it and on which day,
--   and who published it and on which day (days, not instants, like everything staff do).
CREATE TABLE registry_sources (
    id BYTEA PRIMARY KEY,
    reference TEXT UNIQUE,
    body TEXT NOT NULL,
    added_by BYTEA NOT NULL,
    added_day BIGINT NOT NULL
);

CREATE TABLE registry_entries (
    id BYTEA PRIMARY KEY,
    kind TEXT NOT NULL,
    reference TEXT UNIQUE,
    latest_version BIGINT NOT NULL,
    published_version BIGINT,
    withdrawn_day BIGINT
);

CREATE TABLE registry_versions (
    entry_id BYTEA NOT NULL REFERENCES registry_entries (id),
    version BIGINT NOT NULL,
    body TEXT NOT NULL,
    author BYTEA NOT NULL,
    written_day BIGINT NOT NULL,
    published_by BYTEA,
    published_day BIGINT,
    PRIMARY KEY (entry_id, version)
);
