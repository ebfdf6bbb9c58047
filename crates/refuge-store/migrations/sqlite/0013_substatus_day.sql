-- The day a report entered its sub-status (issue 10, retention): a sub-status's own retention
-- period counts from it, not from the status's last change. Existing reports get their status
-- day, the best the database knows.
ALTER TABLE reports ADD COLUMN substatus_day BIGINT NOT NULL DEFAULT 0;
UPDATE reports SET substatus_day = status_day;

-- Wrong second-factor codes in a row: past a limit only a recovery code (or an administrator's
-- reset) opens the account, however slowly the guesses come (the sign-in throttle forgets
-- after an hour without failures; this count does not).
ALTER TABLE staff_second_factors ADD COLUMN failures BIGINT NOT NULL DEFAULT 0;
