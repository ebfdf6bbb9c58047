-- Invitations (security review M7): an administrator names a username and a role; the person
-- opens a one-time link and chooses their own password, so no administrator ever knows it.
-- Only a hash of the link's token is kept; the row goes when it is used, withdrawn or expired.
CREATE TABLE invitations (
    token_hash BYTEA PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    invited_by BYTEA NOT NULL REFERENCES staff (id),
    expires_at BIGINT NOT NULL
);
