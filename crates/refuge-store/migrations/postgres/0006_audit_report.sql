-- The report an audit entry concerns, as its own column (code review step 2): a case's history
-- is one lookup, not a search through subjects. Entries written before name the report at the
-- start of their subject (`report=<32 hex digits>`); that is copied over.
ALTER TABLE audit_log ADD COLUMN report_id BYTEA;
UPDATE audit_log SET report_id = decode(substr(subject, 8, 32), 'hex')
    WHERE subject LIKE 'report=%' AND length(subject) >= 39;
CREATE INDEX audit_log_report ON audit_log (report_id, seq);
