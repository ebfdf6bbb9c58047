-- Case work (issue 10): the clear columns of a case, a sealed case card per report, and each
-- staff member's ring of case keys.
--
-- substatus: an operator's code under the status; urgency: low|normal|high|critical; assignee:
-- a staff member who holds a key; staff_tactics: the tactics as a caseworker coded them (NULL:
-- not recoded; statistics then count the reporter's); activity_day: the last day anything
-- happened on the case (a day, like every reporter-related date); case_version: counts changes,
-- so two colleagues editing at once cannot overwrite each other unseen.
ALTER TABLE reports ADD COLUMN substatus TEXT;
ALTER TABLE reports ADD COLUMN urgency TEXT NOT NULL DEFAULT 'normal';
ALTER TABLE reports ADD COLUMN assignee BLOB REFERENCES staff (id);
ALTER TABLE reports ADD COLUMN staff_tactics TEXT;
ALTER TABLE reports ADD COLUMN activity_day BIGINT NOT NULL DEFAULT 0;
ALTER TABLE reports ADD COLUMN case_version BIGINT NOT NULL DEFAULT 0;
UPDATE reports SET activity_day = received_day;
CREATE INDEX reports_activity ON reports (activity_day, intake_seq);

-- Labels and a deadline: case content, sealed (ChaCha20-Poly1305) under the report's case key,
-- which exists only inside the sealed report.
CREATE TABLE report_cases (
    report_id BLOB PRIMARY KEY REFERENCES reports (id),
    sealed_card BLOB NOT NULL
);

-- A staff member's copy of a report's case key, sealed under a key only their identity derives:
-- opening a case card, a note or a search document costs no public-key operation once a member
-- has opened the report.
CREATE TABLE staff_case_keys (
    staff_id BLOB NOT NULL REFERENCES staff (id),
    report_id BLOB NOT NULL REFERENCES reports (id),
    wrapped BLOB NOT NULL,
    PRIMARY KEY (staff_id, report_id)
);
