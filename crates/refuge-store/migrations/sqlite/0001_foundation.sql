-- Foundation: staff and their wrapped keys, sessions, sealed reports and who can read them.
-- Protected report content never appears here: only the coarse fields listed in
-- docs/security-model.md, the name of the sealed blob, and slow hashes.

CREATE TABLE instance_secrets (
    name TEXT PRIMARY KEY,
    value BLOB NOT NULL
);

CREATE TABLE staff (
    id BLOB PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    public_key TEXT NOT NULL,
    wrapped_identity BLOB NOT NULL,
    receives_reports BOOLEAN NOT NULL,
    disabled BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE login_throttle (
    username_hash BLOB PRIMARY KEY,
    failures BIGINT NOT NULL,
    last_failure_at BIGINT NOT NULL
);

CREATE TABLE setup_tokens (
    token_hash BLOB PRIMARY KEY,
    expires_at BIGINT NOT NULL
);

CREATE TABLE staff_sessions (
    id_hash BLOB PRIMARY KEY,
    staff_id BLOB NOT NULL REFERENCES staff (id),
    sealed_identity BLOB NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);

CREATE TABLE reports (
    intake_seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id BLOB NOT NULL UNIQUE,
    received_day BIGINT NOT NULL,
    status TEXT NOT NULL,
    language TEXT NOT NULL,
    tactics TEXT NOT NULL,
    host_country TEXT,
    host_region TEXT,
    origin_state TEXT,
    occurred_month TEXT,
    community TEXT,
    consent_statistics BOOLEAN NOT NULL,
    blob TEXT NOT NULL,
    receipt_hash BLOB NOT NULL UNIQUE
);

CREATE TABLE report_recipients (
    report_id BLOB NOT NULL REFERENCES reports (id),
    staff_id BLOB NOT NULL REFERENCES staff (id),
    PRIMARY KEY (report_id, staff_id)
);

CREATE TABLE intake_idempotency (
    lookup BLOB PRIMARY KEY,
    report_id BLOB NOT NULL REFERENCES reports (id),
    sealed_receipt BLOB NOT NULL,
    expires_day BIGINT NOT NULL
);

CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at BIGINT NOT NULL,
    actor BLOB,
    action TEXT NOT NULL,
    subject TEXT NOT NULL
);
