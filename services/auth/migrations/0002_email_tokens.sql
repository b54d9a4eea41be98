-- E-mail verification and password reset (docs/decisions.md, "E-mail
-- verification and password reset").
ALTER TABLE users ADD COLUMN email_verified boolean NOT NULL DEFAULT false;

-- One-time tokens of e-mail links. Only the SHA-256 of a token is kept: a
-- copy of this table opens no account. `email` is the address the link went
-- to: verifying proves that address, not whatever the account holds later.
CREATE TABLE email_tokens (
    digest     text PRIMARY KEY,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    text NOT NULL CHECK (purpose IN ('VERIFY_EMAIL', 'RESET_PASSWORD')),
    email      text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX email_tokens_expires_at ON email_tokens (expires_at);
