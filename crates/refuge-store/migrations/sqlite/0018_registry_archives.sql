-- Archived copies of registry sources (issue 12): what a researcher kept of a page or a
-- document in case it changes or disappears. The copy is sealed like evidence (to the
-- researchers and administrators of the day and the recovery key) and kept in the blob store;
-- only its SHA-256 is public, on the source. One copy per source: a new one replaces it.
--
-- blob: the sealed copy's blob name. size: its plaintext length in bytes. sealed_name: the
-- file name it came with, sealed to the same keys (it also tells a reader whether the copy
-- was sealed to them). added_by / added_day: who kept it, on which day.
CREATE TABLE registry_archives (
    source_id BLOB PRIMARY KEY REFERENCES registry_sources (id),
    blob TEXT NOT NULL,
    size BIGINT NOT NULL,
    sealed_name BLOB NOT NULL,
    added_by BLOB NOT NULL,
    added_day BIGINT NOT NULL
);
