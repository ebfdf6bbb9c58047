-- Leases (issue 13): background work that must run once across app servers (the expiry of
-- sessions and replay records, retention, the statistics schedule, audit checkpoints) is done
-- by whichever server holds the lease named for it. until_at is the server's clock when the
-- lease lapses unless renewed (a server that dies loses it within one period); holder names a
-- running process by a random value, nothing else. Nothing here is about a reporter.
CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    until_at BIGINT NOT NULL
);
