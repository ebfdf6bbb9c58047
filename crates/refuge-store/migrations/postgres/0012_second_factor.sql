-- Staff second factors (issue 10). The secret and the recovery codes are sealed under a key only
-- the member's unwrapped identity gives (refuge-app two_factor); the last counter accepted (a
-- time step or a hardware key's counter) is in clear, so a code is never taken twice.
CREATE TABLE staff_second_factors (
    staff_id BYTEA PRIMARY KEY REFERENCES staff (id),
    kind TEXT NOT NULL,
    sealed BYTEA NOT NULL,
    last_counter BIGINT,
    confirmed_at BIGINT,
    created_at BIGINT NOT NULL
);

-- Sign-ins whose password was right, waiting for the second factor: the identity sealed under a
-- key only the browser's challenge token holds (as a session's is). Five minutes, five tries.
CREATE TABLE staff_factor_challenges (
    id_hash BYTEA PRIMARY KEY,
    staff_id BYTEA NOT NULL REFERENCES staff (id),
    sealed_identity BYTEA NOT NULL,
    created_at BIGINT NOT NULL,
    tries BIGINT NOT NULL
);
CREATE INDEX staff_factor_challenges_created ON staff_factor_challenges (created_at);
