-- Referral within the reporter's consent (issue 11).
--
-- partners: organisations an administrator registered, with the age public key bundles are
--   encrypted to. A partner taken off the list is kept (removed = TRUE) for the record.
-- report_referrals: one row per referral; what it says (partner, kind, day, what was sent,
--   who sent it, the manifest's hash) is sealed to the report's conversation key, so the
--   reporter and the report's caseworkers read it and the database holds ciphertext and a
--   count (not which partner: partners are never deleted, only taken off the list).
-- reports.sealed_consent: the reporter's consent as last changed on the follow-up page or the
--   reporter API, with its history, sealed to the conversation key (NULL: as in the report).
--   consent_statistics stays the clear copy statistics count on.
CREATE TABLE partners (
    id BLOB PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    added_day BIGINT NOT NULL,
    removed BOOLEAN NOT NULL
);

-- A name is taken only while its partner is listed (one removed may be registered again).
CREATE UNIQUE INDEX partners_listed_name ON partners (name) WHERE NOT removed;

CREATE TABLE report_referrals (
    id BLOB PRIMARY KEY,
    report_id BLOB NOT NULL REFERENCES reports (id),
    seq BIGINT NOT NULL,
    sealed BLOB NOT NULL
);

CREATE INDEX report_referrals_report ON report_referrals (report_id, seq);

ALTER TABLE reports ADD COLUMN sealed_consent BLOB;
