-- Public statistics releases (issue 12). A release counts consenting reports received in whole
-- months from from_month to through_month; releases never overlap (each begins the month after
-- the one before: from_month is unique, so two made at once from the same previous release
-- cannot both be stored). body is the release as published (tables after suppression and
-- noise, as JSON): no count below the threshold is stored here.
CREATE TABLE statistics_releases (
    id BLOB PRIMARY KEY,
    from_month TEXT NOT NULL UNIQUE,
    through_month TEXT NOT NULL,
    made_day BIGINT NOT NULL,
    made_by BLOB NOT NULL,
    body TEXT NOT NULL
);

-- The releases' query: consenting reports by the day they arrived.
CREATE INDEX reports_statistics ON reports (consent_statistics, received_day);
