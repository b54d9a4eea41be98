-- Idempotency-Key (core/http/idempotency): the first answer to a creating
-- POST, kept for the key's TTL. IF NOT EXISTS: the api created this table in
-- its own 0001_schema before core had migrations.
CREATE TABLE IF NOT EXISTS idempotency_keys (
    user_id      uuid NOT NULL,
    key          text NOT NULL,
    request_hash text NOT NULL,
    status       integer,  -- NULL while the first request runs
    headers      jsonb,
    body         text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);
CREATE INDEX IF NOT EXISTS idempotency_keys_age ON idempotency_keys (created_at);
