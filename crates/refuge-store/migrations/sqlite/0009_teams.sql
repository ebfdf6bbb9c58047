-- Teams and routing (issue 10): a new report is sealed only to the members of the teams its
-- clear fields route it to. The routing table is one JSON document (rules in order, default
-- teams). report_teams remembers where each report was routed: members of those teams see it
-- in their inbox (with or without a key yet); nobody else learns it exists.
CREATE TABLE teams (
    id BLOB PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE team_members (
    team_id BLOB NOT NULL REFERENCES teams (id),
    staff_id BLOB NOT NULL REFERENCES staff (id),
    PRIMARY KEY (team_id, staff_id)
);

CREATE TABLE routing (
    id BIGINT PRIMARY KEY,
    document TEXT NOT NULL
);

-- No foreign key to teams: a report stays routed to a team that was deleted (whose members it
-- then has none), rather than becoming visible to everyone.
CREATE TABLE report_teams (
    report_id BLOB NOT NULL REFERENCES reports (id),
    team_id BLOB NOT NULL,
    PRIMARY KEY (report_id, team_id)
);
CREATE INDEX report_teams_team ON report_teams (team_id);

-- The organisation's recovery key (an age recipient whose identity was shown once and is kept
-- off the server): every report, file and message is also sealed to the current one.
CREATE TABLE recovery_keys (
    public_key TEXT PRIMARY KEY,
    created_day BIGINT NOT NULL,
    current BOOLEAN NOT NULL
);
