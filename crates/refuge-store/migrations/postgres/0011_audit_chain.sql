-- The audit log as a hash chain (issue 10): each row holds its predecessor's SHA-256 (previous)
-- and its own (hash, over previous and its canonical content; refuge_domain::audit). Rows
-- written before are chained when the store opens (the hashes are computed in Rust, which
-- SQLite's SQL cannot), in one transaction that also writes audit_head.
ALTER TABLE audit_log ADD COLUMN previous BYTEA;
ALTER TABLE audit_log ADD COLUMN hash BYTEA;

-- The row the log has reached and its hash: one row (id 1). Every audit row takes the next
-- number from it in its own transaction, which also serialises writers, so the chain never
-- forks and its numbers have no gaps.
CREATE TABLE audit_head (
    id BIGINT PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash BYTEA NOT NULL
);

-- Checkpoints the instance signed (a row number, its hash, when): the text an administrator
-- keeps off the server, kept here too.
CREATE TABLE audit_checkpoints (
    id BIGSERIAL PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash BYTEA NOT NULL,
    written_at BIGINT NOT NULL,
    signed TEXT NOT NULL
);

-- The audit view's filters.
CREATE INDEX audit_log_actor ON audit_log (actor, seq);
CREATE INDEX audit_log_action ON audit_log (action, seq);
